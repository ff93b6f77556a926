#ifndef KERMA_APP_QT_PATIENT_WINDOW_H
#define KERMA_APP_QT_PATIENT_WINDOW_H

#include "kerma/app/patient_files.h"
#include "kerma/app/patient_store.h"

#include <memory>

namespace kerma::app {

class MainWindow;

/// A main window on patient with what a session needs: the plan evaluation set up, the store's
/// autosave (with store) and the unsaved work the store keeps for this CT restored (asked about
/// when interactive; restored at once with acceptRecovery). Structure sets that could not be
/// used are reported on stderr and, when interactive, in a dialog. The one way `kerma` and File →
/// Open… open a patient.
std::unique_ptr<MainWindow> openPatientWindow(OpenedPatient patient, std::shared_ptr<PatientStore> store,
                                              bool interactive, bool acceptRecovery);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_PATIENT_WINDOW_H
