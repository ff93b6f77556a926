#include "kerma/app/plan_dose.h"

#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtplan_import.h"
#include "kerma/eval/prescription.h"
#include "kerma/eval/dose_distribution.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

namespace kerma::app {

namespace {
// Modality (0008,0060) sits in the first elements of a DICOM file; this many bytes hold it in
// any file Kerma has seen, even with a long preamble and file meta information.
constexpr std::size_t MODALITY_SEARCH_BYTES = 16 * 1024;

std::string leadingBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes(MODALITY_SEARCH_BYTES, '\0');
  in.read(bytes.data(), std::streamsize(bytes.size()));
  bytes.resize(std::size_t(in.gcount()));
  return bytes;
}

bool isDicom(std::string_view bytes) { return bytes.size() >= 132 && bytes.substr(128, 4) == "DICM"; }

// The RT Plan in the dose's folder that the dose refers to (Referenced RT Plan Sequence); nullopt
// when there is none or it cannot be read.
std::optional<dicom::RtPlanFile> referencedPlanBeside(const dicom::RtDoseFile& dose) {
  if (dose.referencedRtPlanUids.empty()) return std::nullopt;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dose.file.parent_path(), error)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = leadingBytes(entry.path());
    if (!isDicom(bytes) || bytes.find("RTPLAN") == std::string::npos) continue;
    try {
      dicom::RtPlanFile plan = dicom::readRtPlan(entry.path());
      if (std::find(dose.referencedRtPlanUids.begin(), dose.referencedRtPlanUids.end(), plan.sopInstanceUid) !=
          dose.referencedRtPlanUids.end())
        return plan;
    } catch (const Error&) {
      // Not the plan, or not readable: the dose stands without it.
    }
  }
  return std::nullopt;
}
}  // namespace

PlanDose readPlanDose(const std::filesystem::path& file) {
  dicom::RtDoseFile rd = dicom::readRtDose(file);
  const std::optional<dicom::RtPlanFile> plan = referencedPlanBeside(rd);
  PlanDose dose{std::make_shared<const eval::DoseDistribution>(std::move(rd.dose)), file.filename().string(),
                std::move(rd.notes)};
  dose.referencedRtPlanUids = rd.referencedRtPlanUids;
  if (plan) {
    dose.prescriptionGy = plan->plan.prescription.totalDoseGy;
    dose.fractions = plan->plan.prescription.fractions;
    dose.notes.push_back(eval::describe(plan->plan.prescription) + " from its RT Plan " +
                         plan->file.filename().string());
  }
  return dose;
}

void requireDoseOfPatient(const core::SeriesIdentity& ct, const std::string& ctOrigin,
                          const PlanDose& dose) {
  if (!dose.acceptedDifferences.empty() && dose.acceptedDifferences == core::combineDifferences(dose.dose->identity, ct))
    return;
  const auto& identity = dose.dose->identity;
  core::requireSamePatient(identity, dose.origin, ct, "the CT (" + ctOrigin + ")");
  eval::requireSameFrameOfReference(identity.frameOfReferenceUid, dose.origin,
                                    ct.frameOfReferenceUid, "the CT (" + ctOrigin + ")");
}

std::vector<std::filesystem::path> findRtDoseFiles(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::recursive_directory_iterator it(folder, error);
  if (error) throw Error(ErrorCode::Io, folder.string() + ": cannot list: " + error.message());
  std::vector<std::filesystem::path> found;
  for (const auto& entry : it) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = leadingBytes(entry.path());
    if (isDicom(bytes) && bytes.find("RTDOSE") != std::string::npos) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace kerma::app
