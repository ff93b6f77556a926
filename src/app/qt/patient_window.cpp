#include "patient_window.h"

#include "autosave.h"
#include "main_window.h"

#include <QMessageBox>
#include <QStringList>

#include <iostream>

namespace kerma::app {

std::unique_ptr<MainWindow> openPatientWindow(OpenedPatient patient, std::shared_ptr<PatientStore> store,
                                              bool interactive, bool acceptRecovery) {
  // Structure sets that could not be used do not stop the CT from opening; each names its file.
  if (!patient.problems.empty()) {
    QStringList lines;
    for (const auto& problem : patient.problems) {
      std::cerr << "kerma: " << problem << "\n";
      lines << QString::fromStdString(problem);
    }
    if (interactive)
      QMessageBox::warning(nullptr, "Kerma: structures not loaded",
                           QString("The CT opened, but these RT Structure Sets could not be used:\n\n%1")
                               .arg(lines.join("\n")));
  }
  std::optional<BeamPlanState> recoveredBeams;
  if (store)
    if (auto work = offerRecoveredWork(*store, *patient.ct, acceptRecovery, interactive)) {
      patient.structures = std::move(work->structures);
      recoveredBeams = std::move(work->beams);
    }
  const std::string source = patient.source;
  auto window = std::make_unique<MainWindow>(std::move(patient));
  if (store) window->setPatientStore(store);
  if (recoveredBeams) window->restoreUnsavedWork(*recoveredBeams);
  window->setUpPlanEvaluation(source);
  return window;
}

}  // namespace kerma::app
