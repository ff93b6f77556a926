#ifndef KERMA_APP_PACS_IMPORT_H
#define KERMA_APP_PACS_IMPORT_H

#include "kerma/app/patient_store.h"

#include <string>

namespace kerma::app {

/// A PACS as the patient browser's "Import from PACS" asks for it.
struct PacsNode {
  std::string host = "127.0.0.1";
  int port = 4242;
  std::string callingAeTitle = "KERMA";  ///< ours
  std::string calledAeTitle = "ORTHANC"; ///< the PACS's
  int timeoutSeconds = 30;
};

/// Queries node for the studies of patientId (C-FIND), retrieves each (C-GET) into a staging
/// folder of store, then imports them all at once (PatientStore::importFolder); observer sees the
/// studies retrieved, then the files imported, and may cancel at any of them, which leaves the
/// store as it was (one study's C-GET is not interrupted). Throws kerma::Error (BadInput) when the
/// PACS has no study of patientId, (Io) when the network fails; the store is then as it was too.
ImportResult importPatientFromPacs(PatientStore& store, const PacsNode& node, const std::string& patientId,
                                   const FileObserver& observer = {});

}  // namespace kerma::app

#endif  // KERMA_APP_PACS_IMPORT_H
