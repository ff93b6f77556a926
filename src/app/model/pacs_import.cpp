#include "kerma/app/pacs_import.h"

#include "kerma/core/error.h"
#include "kerma/dicom/network.h"

#include <filesystem>

namespace kerma::app {

ImportResult importPatientFromPacs(PatientStore& store, const PacsNode& node, const std::string& patientId,
                                   const FileObserver& observer) {
  dicom::DicomNode peer;
  peer.host = node.host;
  peer.port = node.port;
  peer.callingAeTitle = node.callingAeTitle;
  peer.calledAeTitle = node.calledAeTitle;
  peer.timeoutSeconds = node.timeoutSeconds;
  const auto studies =
      dicom::find(peer, dicom::QueryLevel::Study, {{"PatientID", patientId}, {"StudyInstanceUID", ""}});
  if (studies.empty())
    throw Error(ErrorCode::BadInput, node.calledAeTitle + " at " + node.host + ":" + std::to_string(node.port) +
                                         " has no study of Patient ID '" + patientId + "'");
  // Every study is retrieved before anything is imported, then all go in as one import, so that
  // a cancel or an error at any point leaves the store as it was. The staging folder goes with
  // this call (or, if the process dies, when the store next opens).
  const std::filesystem::path staging = store.newStagingFolder();
  struct Removal {
    const std::filesystem::path& folder;
    ~Removal() {
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
    }
  } removal{staging};
  for (std::size_t n = 0; n < studies.size(); ++n) {
    if (observer && !observer(int(n), int(studies.size()))) {
      ImportResult cancelled;
      cancelled.cancelled = true;
      return cancelled;
    }
    const auto uid = studies[n].find("StudyInstanceUID");
    if (uid == studies[n].end() || uid->second.empty()) continue;
    const std::filesystem::path studyFolder = staging / std::to_string(n);
    std::filesystem::create_directory(studyFolder);
    dicom::retrieve(peer, dicom::QueryLevel::Study, {{"StudyInstanceUID", uid->second}}, studyFolder);
  }
  return store.importFolder(staging, observer);
}

}  // namespace kerma::app
