#include "structure_save_task.h"

#include "background_task.h"

#include <QApplication>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>

#include <utility>

namespace kerma::app {

QFuture<void> saveStructuresInBackground(QMainWindow* window, Workspace& workspace, int study,
                                         const std::filesystem::path& folder,
                                         std::function<std::string(const SavedStructureSet&)> keep,
                                         std::function<void()> saved) {
  QApplication::setOverrideCursor(Qt::BusyCursor);
  window->setEnabled(false);
  window->statusBar()->showMessage("Saving structures…");
  return runInBackground(
      window,
      [write = workspace.structureSetWriter(study, folder), keep = std::move(keep)] {
        SavedStructureSet written = write();
        std::string note = keep ? keep(written) : written.rtStructFile.string();
        return std::pair{std::move(written), std::move(note)};
      },
      [window, &workspace, study, saved = std::move(saved)](TaskOutcome<std::pair<SavedStructureSet, std::string>> outcome) {
        QApplication::restoreOverrideCursor();
        window->setEnabled(true);
        if (const auto* error = std::get_if<Error>(&outcome)) {
          window->statusBar()->clearMessage();
          QMessageBox::critical(window, "Kerma: cannot save structures", error->what());
          return;
        }
        auto& [written, note] = std::get<0>(outcome);
        const QString withCt = written.wroteCt ? " with the CT" : "";
        workspace.structureSetSaved(study, std::move(written));
        window->statusBar()->showMessage("Saved " + QString::fromStdString(note) + withCt);
        if (saved) saved();
      });
}

}  // namespace kerma::app
