#ifndef KERMA_CLI_TEMPLATE_PLAN_H
#define KERMA_CLI_TEMPLATE_PLAN_H

// The template plan that the dose and plan commands share: beams of a template conformed to a
// target, collapsed-cone dose on the CT and monitor units from the prescription.

#include "arguments.h"
#include "json.h"

#include "kerma/dicom/ct_import.h"
#include "kerma/dose/beam_model.h"
#include "kerma/plan/field_in_field.h"
#include "kerma/plan/plan.h"
#include "kerma/plan/reference_points.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace kerma::cli {

/// The options of template-plan commands that computeTemplatePlan reads.
inline const std::set<std::string> TEMPLATE_PLAN_OPTIONS = {
    "--ct", "--rtstruct", "--target", "--template", "--rx", "--grid-mm", "--normalisation", "--point",
    "--isocenter", "--margin-mm", "--density-curve", "--machine", "--threads", "--ref-point", "--shield", "--shield-rule", "--fif"};

/// The flags of template-plan commands that computeTemplatePlan reads, with --json.
inline const std::set<std::string> TEMPLATE_PLAN_FLAGS = {"--json", "--optimise-weights"};

/// A template plan computed on the CT and structure set the options name, with what it was
/// loaded from and how long each step took (s).
struct TemplatePlan {
  std::string ctFolder, rtstructFile;
  dicom::CtSeries ct;
  std::vector<structure::Structure> structures;
  dose::BeamModel model;
  plan::Plan plan;  ///< its prescription's target is --target
  std::optional<plan::FieldInFieldSummary> fieldInField;  ///< with --fif
  double loadS = 0, beamsS = 0;
  plan::PlanTimes times;

  const structure::Structure& target() const;
};

/// Reads TEMPLATE_PLAN_OPTIONS from arguments, loads the CT, structures, machine, beam model and
/// CT-density curve, conforms the template's beams and computes the normalised dose; with
/// --optimise-weights the beams are then re-weighted (plan::optimiseWeights, plan::reweight), with
/// --fif LEVEL:N given subfields (plan::fieldInField), said on stderr when the target stays
/// inhomogeneous. Throws
/// kerma::Error (BadInput) naming the option or file for bad input. Repairs of the structure set
/// are said on stderr as command's (sayRepairs).
TemplatePlan computeTemplatePlan(const std::string& command, const Arguments& arguments);

/// The computed plan's global maximum (plan::globalMaximum), said on stderr as command's warning
/// when it is a hot spot (plan::hotSpotWarning).
std::optional<eval::DoseMaximum> globalMaximumSaid(const std::string& command, const TemplatePlan& computed);

/// "global maximum 30.3 Gy (152 % of 20 Gy) at (x, y, z) mm", or that there is no BODY to find it in.
std::string describeGlobalMaximum(const plan::Plan& plan, const std::optional<eval::DoseMaximum>& maximum);

/// With --fif, what field-in-field did (plan::describe) and one line per beam; nothing without.
void printFieldInField(std::ostream& out, const TemplatePlan& computed);

/// The JSON key "fieldInField": null without --fif, else {"levelPercent", "maxSubfields",
/// "before" and "after" ({"d2Percent", "d98Percent"}), "homogeneous", "beams" (plan::
/// FieldInFieldSummary's lines)}.
void writeFieldInField(JsonWriter& json, const TemplatePlan& computed);

/// The points of each --ref-point NAME:x,y,z (DICOM patient mm), which plan::referencePoints adds
/// to the plan's own. Throws kerma::Error (BadInput) naming a malformed one.
std::vector<plan::ReferencePoint> referencePointArguments(const Arguments& arguments);

/// One line per point: "Isocentre (x, y, z) mm: 4.00 Gy per fraction (AP 2.00, PA 2.00), 20.00 Gy
/// in 5 fractions", or that it lies outside the dose grid.
void printReferencePoints(std::ostream& out, const plan::Plan& plan, const std::vector<plan::ReferencePoint>& points);

/// The dose at points as the JSON key "referencePoints": [{"name", "positionMm",
/// "beamGyPerFraction" (one per beam), "fractionGy", "totalGy"}], the doses null outside the grid.
void writeReferencePoints(JsonWriter& json, const plan::Plan& plan, const std::vector<plan::ReferencePoint>& points);

/// maximum as the JSON key "globalMax": {"gy", "percent" (of the prescribed dose), "positionMm"},
/// null when there is none.
void writeGlobalMaximum(JsonWriter& json, const plan::Plan& plan, const std::optional<eval::DoseMaximum>& maximum);

}  // namespace kerma::cli

#endif  // KERMA_CLI_TEMPLATE_PLAN_H
