#ifndef KERMA_CLI_TEMPLATE_PLAN_H
#define KERMA_CLI_TEMPLATE_PLAN_H

// The template plan that the dose and plan commands share: beams of a template conformed to a
// target, collapsed-cone dose on the CT and monitor units from the prescription.

#include "arguments.h"

#include "kerma/core/stopwatch.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/machine.h"
#include "kerma/dose/patient_dose.h"
#include "kerma/eval/monitor_units.h"
#include "kerma/eval/prescription.h"
#include "kerma/structure/structure.h"

#include <set>
#include <string>
#include <vector>

namespace kerma::cli {

/// The options of template-plan commands that computeTemplatePlan reads.
inline const std::set<std::string> TEMPLATE_PLAN_OPTIONS = {
    "--ct", "--rtstruct", "--target", "--template", "--rx", "--grid-mm", "--normalisation", "--point",
    "--isocenter", "--margin-mm", "--density-curve", "--machine", "--threads"};

/// Wall-clock seconds of the steps of computeTemplatePlan.
struct TemplatePlanTimes {
  double loadS = 0, beamsS = 0, densityS = 0, monitorUnitsS = 0;
  dose::DoseStageTimes stages;
};

/// A computed template plan and what it was computed from.
struct TemplatePlan {
  std::string ctFolder, rtstructFile, targetName, normalisationName;
  dicom::CtSeries ct;
  std::vector<structure::Structure> structures;
  std::size_t targetIndex = 0;  ///< into structures
  dose::Machine machine;
  dose::BeamModel model;
  eval::Prescription rx;
  double gridMm = 0;
  core::VolumeGeometry grid;
  std::vector<dose::Beam> beams;
  std::vector<core::Volume<float>> beamGyPerMu;  ///< one per beam, on grid
  eval::NormalisedPlanDose dose;
  TemplatePlanTimes times;

  const structure::Structure& target() const { return structures[targetIndex]; }
};

/// Reads TEMPLATE_PLAN_OPTIONS from arguments, loads the CT, structures, machine, beam model and
/// CT-density curve, conforms the template's beams and computes the normalised dose. Throws
/// kerma::Error (BadInput) naming the option or file for bad input.
TemplatePlan computeTemplatePlan(const Arguments& arguments);

/// The blocking warning of the commands that write a plan or its dose: throws kerma::Error
/// (BadInput) listing every delivery limit of the machine file (dose per fraction, MU per beam)
/// that plan breaks (dose::requireWithinDeliveryLimits). Call before writing anything.
void requireDeliverable(const TemplatePlan& plan);

}  // namespace kerma::cli

#endif  // KERMA_CLI_TEMPLATE_PLAN_H
