// The patient store in the workstation: autosave of the working state, File → Save to patient
// store (docs/validation/reliability.md, "No lost work").

#include "autosave.h"
#include "combine_dialog.h"
#include "main_window.h"

#include "patient_browser.h"
#include "patient_window.h"
#include "quit_question.h"
#include "structure_save_task.h"

#include "kerma/core/error.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QMessageBox>
#include <QStatusBar>

namespace kerma::app {

namespace {
constexpr int AUTOSAVE_MESSAGE_MS = 3000;
}

void MainWindow::setPatientStore(std::shared_ptr<PatientStore> store) {
  store_ = std::move(store);
  autosave_ = new Autosave(
      store_, [this] { return workingState(); },
      [this] { return structures_.revision() + beams_.revision() + referencePointChanges_; }, this);
  connect(autosave_, &Autosave::saved, this, [this](int editCount) {
    statusBar()->showMessage(QString("Autosaved (%1 edits)").arg(editCount), AUTOSAVE_MESSAGE_MS);
  });
  // Work that is not being kept must not go unnoticed; the next edit tries again.
  connect(autosave_, &Autosave::failed, this, [this](const QString& message) {
    statusBar()->showMessage("AUTOSAVE FAILED: " + message);
  });

  auto* save = new QAction("Save to &patient store", this);
  save->setObjectName("saveToStoreAction");
  connect(save, &QAction::triggered, this, [this] { saveToStore(); });
  addFileAction(save);
  auto* browse = new QAction("Patient &browser…", this);
  connect(browse, &QAction::triggered, this, [this] { openPatientBrowser(); });
  addFileAction(browse);
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
    openInNewWindow(openPatientAsking(this, store_->patientFolder(patientId)));
  } catch (const Error& e) {
    QMessageBox::critical(this, "Kerma: cannot open patient", QString::fromStdString(e.what()));
  }
}

void MainWindow::openInNewWindow(OpenedPatient patient) {
  MainWindow* window = openPatientWindow(std::move(patient), store_, /*interactive=*/true, /*acceptRecovery=*/false).release();
  window->setAttribute(Qt::WA_DeleteOnClose);
  window->resize(size());
  window->show();
}

WorkingState MainWindow::workingState() const {
  return workspace_->workingState(plan_, QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString());
}

void MainWindow::restoreUnsavedWork(const BeamPlanState& beams, const std::vector<plan::ReferencePoint>& referencePoints) {
  beams_.apply(BeamEdit{"Restore unsaved work", {beams_.beams(), beams_.target()}, beams}, EditDirection::Redo);
  workspace_->setReferencePoints(plan_, referencePoints);
  refreshReferencePoints();
  restoredWork_ = true;
}

bool MainWindow::hasUnsavedWork() const { return restoredWork_ || !workspace_->history().isClean(); }

void MainWindow::closeEvent(QCloseEvent* event) {
  const QStringList reasons = quitReasons(hasUnsavedWork(), store_ != nullptr, restoredWork_, planRecord());
  if (reasons.isEmpty()) {
    event->accept();
    return;
  }
  switch (askBeforeQuitting(this, QString::fromStdString(model_.patientLabel()), reasons, hasUnsavedWork(),
                            hasUnsavedWork() && store_)) {
    case QuitChoice::QuitWithoutSaving:
      // The user decided: nothing of this session is offered again at the next start.
      if (autosave_ && hasUnsavedWork()) autosave_->discardRecord(model_.ct().identity.patientId);
      event->accept();
      return;
    case QuitChoice::SaveAndQuit:
      event->ignore();
      saveToStore(AfterSave::Close);
      return;
    case QuitChoice::Stay: event->ignore(); return;
  }
}

QFuture<void> MainWindow::saveToStore() { return saveToStore(AfterSave::Stay); }

QFuture<void> MainWindow::saveToStore(AfterSave after) {
  if (!store_) return QtFuture::makeReadyFuture();
  const std::filesystem::path staging = store_->newStagingFolder();
  const std::string patientId = model_.ct().identity.patientId;
  return saveStructuresInBackground(
      this, *workspace_, study_, staging,
      [store = store_, staging](const SavedStructureSet&) {
        const ImportResult result = store->importFolder(staging);
        std::filesystem::remove_all(staging);
        return std::to_string(result.added) + " objects into the patient store " + store->folder().string();
      },
      [this, patientId, after] {
        workspace_->history().setClean();
        restoredWork_ = false;
        // The store keeps structures, not beams: while there are beams, the record keeps them.
        if (beams_.count() == 0) autosave_->discardRecord(patientId);
        else if (autosave_) autosave_->request();
        if (after == AfterSave::Close) close();
      });
}

}  // namespace kerma::app
