// The patient store in the workstation: autosave of the working state, File → Save to patient
// store (docs/validation/reliability.md, "No lost work").

#include "autosave.h"
#include "main_window.h"
#include "patient_browser.h"

#include "kerma/core/error.h"

#include <QAction>
#include <QDateTime>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QUndoStack>

namespace kerma::app {

namespace {
constexpr int AUTOSAVE_MESSAGE_MS = 3000;
}

void MainWindow::setPatientStore(std::shared_ptr<PatientStore> store) {
  store_ = std::move(store);
  autosave_ = new Autosave(
      store_, [this] { return workingState(); },
      [this] { return structures_.revision() + beams_.revision(); }, this);
  connect(undoStack_, &QUndoStack::indexChanged, autosave_, &Autosave::request);
  connect(autosave_, &Autosave::saved, this, [this](int editCount) {
    statusBar()->showMessage(QString("Autosaved (%1 edits)").arg(editCount), AUTOSAVE_MESSAGE_MS);
  });
  // Work that is not being kept must not go unnoticed; the next edit tries again.
  connect(autosave_, &Autosave::failed, this, [this](const QString& message) {
    statusBar()->showMessage("AUTOSAVE FAILED: " + message);
  });

  auto* file = menuBar()->findChild<QMenu*>("fileMenu");
  QAction* before = file->actions().value(1);
  auto* save = new QAction("Save to &patient store", file);
  connect(save, &QAction::triggered, this, [this] { saveToStore(); });
  file->insertAction(before, save);
  auto* browse = new QAction("Patient &browser…", file);
  connect(browse, &QAction::triggered, this, [this] { openPatientBrowser(); });
  file->insertAction(before, browse);
}

PatientBrowser* MainWindow::openPatientBrowser() {
  auto* browser = new PatientBrowser(store_, this);
  browser->setAttribute(Qt::WA_DeleteOnClose);
  connect(browser, &PatientBrowser::openRequested, this, [this, browser](const QString& patientId) {
    browser->close();
    openStoredPatient(patientId.toStdString());
  });
  browser->show();
  return browser;
}

void MainWindow::openStoredPatient(const std::string& patientId) {
  try {
    OpenedPatient patient = openPatientAsking(this, store_->patientFolder(patientId));
    if (!patient.problems.empty()) {
      QStringList lines;
      for (const auto& problem : patient.problems) lines << QString::fromStdString(problem);
      QMessageBox::warning(this, "Kerma: structures not loaded",
                           QString("The CT opened, but these RT Structure Sets could not be used:\n\n%1")
                               .arg(lines.join("\n")));
    }
    std::optional<BeamPlanState> beams;
    if (auto work = offerRecoveredWork(*store_, *patient.ct, false, true)) {
      patient.structures = std::move(work->structures);
      beams = std::move(work->beams);
    }
    const std::string source = patient.source;
    auto* window = new MainWindow(std::move(patient));
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setUpPlanEvaluation(
        std::make_shared<const std::vector<structure::Structure>>(window->structures().structures()), source);
    window->setPatientStore(store_);
    if (beams) window->restoreBeams(*beams);
    window->resize(size());
    window->show();
  } catch (const Error& e) {
    QMessageBox::critical(this, "Kerma: cannot open patient", QString::fromStdString(e.what()));
  }
}

WorkingState MainWindow::workingState() const {
  WorkingState state;
  state.patientId = model_.ct().identity.patientId;
  state.ctSeriesInstanceUid = model_.ct().identity.seriesInstanceUid;
  state.structures = structures_.structures();
  state.beams = {beams_.beams(), beams_.target()};
  state.editCount = undoStack_->index();
  state.savedAtUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
  return state;
}

void MainWindow::restoreBeams(const BeamPlanState& state) {
  beams_.apply(BeamEdit{"Restore unsaved work", {beams_.beams(), beams_.target()}, state}, EditDirection::Redo);
}

QFuture<void> MainWindow::saveToStore() {
  if (!store_) return QtFuture::makeReadyFuture();
  const std::filesystem::path staging = store_->newStagingFolder();
  const std::string patientId = model_.ct().identity.patientId;
  return saveStructures(
      staging,
      [store = store_, staging](const SavedStructureSet&) {
        const ImportResult result = store->importFolder(staging);
        std::filesystem::remove_all(staging);
        return std::to_string(result.added) + " objects into the patient store " + store->folder().string();
      },
      [this, patientId] { store_->discardRecovery(patientId); });
}

}  // namespace kerma::app
