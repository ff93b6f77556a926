#ifndef KERMA_REPORT_PLAN_REPORT_H
#define KERMA_REPORT_PLAN_REPORT_H

#include "kerma/core/image_series.h"
#include "kerma/dose/beam.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/dose_maximum.h"
#include "kerma/eval/dose_distribution.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/prescription.h"
#include "kerma/plan/reference_points.h"
#include "kerma/beams/drr.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::report {

/// A treatment beam as the report shows it.
struct ReportBeam {
  dose::Beam beam;
  double monitorUnits = 0;  ///< per fraction
  beams::DrrImage drr;       ///< beam's-eye view (beams::computeDrr); empty: the page shows the field only
};

/// Everything a plan report states, gathered by the caller (docs/cli.md, plan --report).
struct PlanReport {
  core::SeriesIdentity identity;  ///< patient and study
  std::string planLabel, planName;
  eval::Prescription prescription;
  std::string machineName, machineVersion, machineChecksum;
  double sadMm = 1000;
  std::vector<double> leafBoundariesMm;  ///< to draw the MLC in the beam's-eye views
  std::string doseAlgorithm;             ///< name and version
  std::vector<ReportBeam> beams;
  std::string normalisation;  ///< how the dose was normalised, e.g. "D95 of PTV = 20 Gy"
  std::optional<eval::DoseMaximum> globalMax;      ///< plan::globalMaximum; nullopt without a BODY
  std::optional<double> acceptedGlobalMaxPercent;  ///< the hot spot the approval accepted, %
  std::vector<plan::ReferencePoint> referencePoints;
  std::vector<std::optional<plan::PointDose>> pointDoses;  ///< one per point; nullopt outside the grid
  std::vector<eval::Dvh> dvhs;  ///< one per structure, in the order of the structures passed
  std::vector<eval::ConstraintResult> constraints;
  std::string constraintTemplate;  ///< name and version of the template the constraints came from
  std::string approvalStatus = "UNAPPROVED";  ///< UNAPPROVED, APPROVED or REJECTED
  std::string reviewerName, reviewDate;       ///< for APPROVED and REJECTED
  std::string created;  ///< date and time the report was made, as it should be printed
};

/// Writes report as an A4 PDF (QPdfWriter, 300 dpi) to file: page 1 identity, prescription,
/// machine with its checksum, dose algorithm, beam table (gantry, collimator, couch, jaws, MU,
/// SSD) and approval block; page 2 the beams' eye views (DRR, jaws, MLC leaves, the target's
/// projection); page 3 colour-wash dose on the axial, coronal and sagittal planes through the
/// first beam's isocentre with the structures' outlines; page 4 the cumulative DVHs, dose
/// statistics (doseStatistics of each DVH) and the constraint results. structures, ct and dose
/// are those of the plan; dvhs must hold one DVH per structure. Without a QGuiApplication (a
/// headless caller) it makes one on the "offscreen" platform for its own time; call it on the
/// main thread then. Throws kerma::Error (BadInput) when
/// dvhs and structures differ in count, (Io) naming the file when it cannot be written.
void writePlanReport(const PlanReport& report, const core::CtImage& ct, const eval::DoseDistribution& dose,
                     const std::vector<structure::Structure>& structures, const std::string& targetName,
                     const std::filesystem::path& file);

}  // namespace kerma::report

#endif  // KERMA_REPORT_PLAN_REPORT_H
