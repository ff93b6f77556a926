#include "patient_window.h"

#include "autosave.h"
#include "main_window.h"

#include <QMessageBox>
#include <QStringList>

#include <iostream>

namespace kerma::app {

namespace {

// Each line on stderr and, when interactive, in one warning under intro.
void warn(const std::vector<std::string>& lines, const QString& title, const QString& intro, bool interactive) {
  if (lines.empty()) return;
  QStringList text;
  for (const auto& line : lines) {
    std::cerr << "kerma: " << line << "\n";
    text << QString::fromStdString(line);
  }
  if (interactive) QMessageBox::warning(nullptr, title, intro + "\n\n" + text.join("\n"));
}

}  // namespace

std::unique_ptr<MainWindow> openPatientWindow(OpenedPatient patient, std::shared_ptr<PatientStore> store,
                                              bool interactive, bool acceptRecovery) {
  // Structure sets that could not be used do not stop the CT from opening; each names its file.
  warn(patient.problems, "Kerma: structures not loaded", "The CT opened, but these RT Structure Sets could not be used:",
       interactive);
  warn(patient.repairs, "Kerma: damaged contours left out",
       "The structure set opened, but some of its contours were damaged. Kerma left out what is named "
       "below and made the structures of what remains; the file itself is unchanged. Review these "
       "structures before planning.",
       interactive);
  std::optional<WorkingState> recovered;
  if (store)
    if (auto work = offerRecoveredWork(*store, *patient.ct, acceptRecovery, interactive)) {
      patient.structures = std::move(work->structures);
      recovered = std::move(work);
    }
  const std::string source = patient.source;
  auto window = std::make_unique<MainWindow>(std::move(patient));
  if (store) window->setPatientStore(store);
  if (recovered) window->restoreUnsavedWork(recovered->beams, recovered->referencePoints);
  window->setUpPlanEvaluation(source);
  return window;
}

}  // namespace kerma::app
