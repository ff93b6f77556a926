#ifndef KERMA_APP_PLAN_DOSE_H
#define KERMA_APP_PLAN_DOSE_H

#include "kerma/core/image_series.h"
#include "kerma/eval/dose_distribution.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// A new dose for the open patient's current plan. Every source of dose hands it to the
/// workstation in this form through one entry point (MainWindow::setPlanDose): File → Open RT
/// Dose…, an RT Dose found in the folder given to `kerma DIR`, and the dose engine when it has
/// computed one.
struct PlanDose {
  std::shared_ptr<const eval::DoseDistribution> dose;  ///< never null
  /// Where the dose came from, shown to the user: a file name, or e.g. "computed: 4 beams".
  std::string origin;
  std::vector<std::string> notes;  ///< accepted peculiarities of the source, for the status line
  double prescriptionGy = 0;  ///< 100 % of the isodose lines; 0: unknown (the maximum stands in)
  /// Fractions of the course the dose is the total of, when known (a computed plan): the
  /// constraint check and the re-irradiation panel judge at it.
  std::optional<int> fractions{};
  /// What differs from the CT (core::combineDifferences of the dose and the CT) and a user accepted with an explicit, logged
  /// decision ("Combine anyway"); requireDoseOfPatient lets exactly these differences pass.
  std::vector<std::string> acceptedDifferences{};
  /// SOP Instance UIDs of the RT Plans the dose belongs to (its file's Referenced RT Plan
  /// Sequence): what a cumulative dose of it references.
  std::vector<std::string> referencedRtPlanUids{};
};

/// Reads an RT Dose file (dicom::readRtDose) as a PlanDose whose origin is the file name; when the
/// RT Plan it refers to lies in the same folder, the prescription and fractions are that plan's
/// (and a note says so). Throws kerma::Error naming the file when it cannot be read or is not an
/// RT Dose.
PlanDose readPlanDose(const std::filesystem::path& file);

/// Throws kerma::Error (BadInput) when dose does not belong to the patient and Frame of Reference
/// of ct: the message names every patient attribute that differs (core::requireSamePatient) or both
/// Frame of Reference UIDs, with ctOrigin and dose.origin. Empty UIDs are treated as differing.
/// A dose whose acceptedDifferences are exactly what differs (core::combineDifferences) passes:
/// the user decided.
void requireDoseOfPatient(const core::SeriesIdentity& ct, const std::string& ctOrigin,
                          const PlanDose& dose);

/// The RT Dose files in folder and its subfolders, sorted by path, recognised by their Modality
/// (0008,0060) RTDOSE near the start of the file; readPlanDose validates them. Throws
/// kerma::Error (Io) naming the folder when it cannot be listed.
std::vector<std::filesystem::path> findRtDoseFiles(const std::filesystem::path& folder);

}  // namespace kerma::app

#endif  // KERMA_APP_PLAN_DOSE_H
