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
  ImportResult total;
  for (std::size_t n = 0; n < studies.size(); ++n) {
    if (observer && !observer(int(n), int(studies.size()))) {
      total.cancelled = true;
      return total;
    }
    const std::filesystem::path staging = store.newStagingFolder();
    const auto uid = studies[n].find("StudyInstanceUID");
    if (uid == studies[n].end() || uid->second.empty()) continue;
    dicom::retrieve(peer, dicom::QueryLevel::Study, {{"StudyInstanceUID", uid->second}}, staging);
    const ImportResult study = store.importFolder(staging, observer);
    std::filesystem::remove_all(staging);
    total.added += study.added;
    total.alreadyStored += study.alreadyStored;
    total.skipped.insert(total.skipped.end(), study.skipped.begin(), study.skipped.end());
    if (study.cancelled) {
      total.cancelled = true;
      return total;
    }
  }
  return total;
}

}  // namespace kerma::app
