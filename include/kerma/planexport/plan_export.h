#ifndef KERMA_PLANEXPORT_PLAN_EXPORT_H
#define KERMA_PLANEXPORT_PLAN_EXPORT_H

// A computed plan written as a DICOM RT export and a PDF report: the one orchestration that
// `kerma-cli plan` and the workstation's Plan > Export plan… both call.

#include "kerma/core/image_series.h"
#include "kerma/core/volume.h"
#include "kerma/dicom/rtplan_export.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/prescription.h"
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

/// Everything an export writes, gathered by the caller.
struct PlanExport {
  const core::CtImage* ct = nullptr;  ///< the planning CT; never null
  /// The structures the plan was made on (the report's DVHs) and the one it is normalised to.
  std::vector<structure::Structure> structures;
  std::string targetName;
  std::string normalisationName;  ///< e.g. "D95", for the report
  dose::Machine machine;
  eval::Prescription rx;
  std::string label = "KERMA";  ///< RT Plan Label
  std::string name;             ///< RT Plan Name
  std::vector<dose::Beam> beams;
  std::vector<double> muPerFraction;             ///< one per beam
  std::vector<core::Volume<float>> beamGyPerMu;  ///< one per beam: the Beam Dose at its isocentre
  core::Volume<float> doseGy;                    ///< plan dose on its grid, Gy
  dicom::PlanApproval approval;
  /// Writes the RT Structure Set the plan refers to into the folder it is given and returns its
  /// path: the CLI copies the file it planned on, the workstation writes its structures.
  std::function<std::filesystem::path(const std::filesystem::path& folder)> writeStructureSet;
  /// Evaluated in the report at the prescription's fractions (the workstation's selected
  /// template, kerma-cli plan's --constraints).
  std::optional<eval::ConstraintTemplate> constraintTemplate;
  /// The PDF report's path; none: no report. Writing it needs a QGuiApplication (Qt's fonts).
  std::optional<std::filesystem::path> reportFile;
  int drrThreads = 0;  ///< 0: all cores
  /// Told the fraction done and the step; returning false cancels the export. During the DRRs it
  /// is called before each image row from the DRR's worker threads, one call at a time.
  std::function<bool(double fraction, std::string_view step)> progress;
};

/// What exportPlan wrote, at the paths the files have in the destination folder.
struct ExportedPlanFiles {
  std::filesystem::path rtplan, rtdose, rtstruct;
  std::vector<std::filesystem::path> rtimages;  ///< treatment beams, then setup beams
  std::optional<std::filesystem::path> report;
  std::string planSopInstanceUid;
  std::vector<double> beamDoseGy;  ///< Beam Dose per fraction of each beam, Gy
};

/// Writes plan into folder (created if absent): RT Plan (with the algorithm, machine and its
/// checksum, and plan.approval), RT Dose referencing it, the RT Structure Set, RT Images (DRRs)
/// of the treatment and setup beams and, with reportFile, the report. First checks the machine's
/// delivery limits (dose::requireWithinDeliveryLimits). Everything is written into a staging
/// folder beside folder's files and moved in only when complete, so that an error or a cancel
/// leaves folder as it was. nullopt when progress cancelled. Throws kerma::Error (BadInput) for a
/// plan outside the limits or inconsistent input, (Io) naming the path that cannot be written.
std::optional<ExportedPlanFiles> exportPlan(const PlanExport& plan, const std::filesystem::path& folder);

}  // namespace kerma::planexport

#endif  // KERMA_PLANEXPORT_PLAN_EXPORT_H
