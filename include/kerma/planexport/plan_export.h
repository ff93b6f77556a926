#ifndef KERMA_PLANEXPORT_PLAN_EXPORT_H
#define KERMA_PLANEXPORT_PLAN_EXPORT_H

// A computed plan written as a DICOM RT export and a PDF report: the one orchestration that
// `kerma-cli plan` and the workstation's Plan > Export plan… both call.

#include "kerma/core/frame_registration.h"
#include "kerma/core/image_series.h"
#include "kerma/eval/dose_distribution.h"
#include "kerma/eval/constraints.h"
#include "kerma/plan/plan.h"
#include "kerma/plan/plan_record.h"
#include "kerma/plan/reference_points.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::planexport {

/// The dose calculation the plan, its RT Dose and the report name, with its version.
inline constexpr const char* DOSE_ALGORITHM = "Kerma collapsed-cone superposition 0.1.0";

/// A registration a prior course's dose was mapped through: its stored Spatial Registration's SOP
/// Instance UID, or none (accepted in the workstation and never saved): then the export writes it.
struct CumulativeRegistration {
  core::FrameRegistration registration;
  std::string sopInstanceUid;  ///< empty: written into the export as a Spatial Registration
  std::string description;     ///< how it was made and accepted, its Content Description
};

/// The plan summed with the courses given before it (a re-irradiation), as the workstation's
/// re-irradiation tab computed it: written beside the plan's own RT Dose.
struct CumulativeDose {
  eval::DoseDistribution eqd2;               ///< EFFECTIVE, on the plan's CT's frame
  std::vector<std::string> priorRtPlanUids;  ///< the prior courses' RT Plans
  std::vector<CumulativeRegistration> registrations;
};

/// How a plan is exported, beyond the plan itself.
struct ExportOptions {
  /// Writes the RT Structure Set the plan refers to into the folder it is given and returns its
  /// path: the CLI copies the file it planned on, the workstation writes its structures.
  std::function<std::filesystem::path(const std::filesystem::path& folder)> writeStructureSet;
  /// Evaluated in the report at the prescription's fractions (the workstation's selected
  /// template, kerma-cli plan's --constraints).
  std::optional<eval::ConstraintTemplate> constraintTemplate;
  /// The PDF report's path; none: no report (report::writePlanReport).
  std::optional<std::filesystem::path> reportFile;
  int drrThreads = 0;  ///< 0: all cores
  /// Points the report documents besides the plan's own (plan::referencePoints).
  std::vector<plan::ReferencePoint> referencePoints;
  /// Told the fraction done and the step; returning false cancels the export. During the DRRs it
  /// is called before each image row from the DRR's worker threads, one call at a time.
  std::function<bool(double fraction, std::string_view step)> progress;
  /// With prior courses: their cumulative EQD2 with this plan, written as a second RT Dose
  /// (EFFECTIVE, MULTI_PLAN) that references this plan's RT Plan, the prior ones and every
  /// registration (Spatial Transform of Dose RIGID or NON_RIGID); registrations never saved are
  /// written into the export first, as Spatial Registrations of the plan's CT.
  std::optional<CumulativeDose> cumulative;
};

/// What exportPlan wrote, at the paths the files have in the destination folder.
struct ExportedPlanFiles {
  std::filesystem::path rtplan, rtdose, rtstruct;
  std::vector<std::filesystem::path> rtimages;  ///< treatment beams, then setup beams
  std::optional<std::filesystem::path> report;
  std::string planSopInstanceUid;
  std::vector<double> beamDoseGy;  ///< Beam Dose per fraction of each beam, Gy
  std::optional<std::filesystem::path> cumulativeRtDose;  ///< with ExportOptions::cumulative
  std::vector<std::filesystem::path> registrations;       ///< the Spatial Registrations it wrote
};

/// Writes plan, computed on ct with structures (contours as they are to be written and reported;
/// the one named by plan.rx.target is the plan's target) and approved as approval says (nullopt:
/// unapproved), into folder (created if absent): RT Plan (with the algorithm, the machine and its
/// checksum, and the approval), RT Dose referencing it, the RT Structure Set
/// (options.writeStructureSet), RT Images (DRRs) of the treatment and setup beams and, with
/// options.reportFile, the report. First checks the machine's delivery limits
/// (dose::requireWithinDeliveryLimits). Everything is written into a staging folder beside
/// folder's files and moved in only when complete, so that an error or a cancel leaves folder as
/// it was. nullopt when options.progress cancelled. Throws kerma::Error (BadInput) for a plan
/// outside the limits, an approval that does not accept the plan's hot spot
/// (plan::requireAcceptedHotSpot) or inconsistent input, (Io) naming the path that cannot be
/// written.
std::optional<ExportedPlanFiles> exportPlan(const core::CtImage& ct, const plan::Plan& plan,
                                            const std::vector<structure::Structure>& structures,
                                            const std::optional<plan::Approval>& approval,
                                            const ExportOptions& options, const std::filesystem::path& folder);

}  // namespace kerma::planexport

#endif  // KERMA_PLANEXPORT_PLAN_EXPORT_H
