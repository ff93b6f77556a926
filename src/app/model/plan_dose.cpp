#include "kerma/app/plan_dose.h"

#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/eval/dose_distribution.h"

#include <algorithm>
#include <fstream>
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
}  // namespace

PlanDose readPlanDose(const std::filesystem::path& file) {
  dicom::RtDoseFile rd = dicom::readRtDose(file);
  return {std::make_shared<const eval::DoseDistribution>(std::move(rd.dose)),
          file.filename().string(), std::move(rd.notes)};
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
