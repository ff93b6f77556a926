#ifndef KERMA_APP_QT_STRUCTURE_SAVE_TASK_H
#define KERMA_APP_QT_STRUCTURE_SAVE_TASK_H

#include "kerma/app/patient_files.h"
#include "kerma/app/workspace.h"

#include <QFuture>

#include <filesystem>
#include <functional>
#include <string>

class QMainWindow;

namespace kerma::app {

/// Writes study's structure set (and its CT while it has no files) into folder on a worker
/// thread (Workspace::structureSetWriter), window disabled meanwhile so that no edit goes
/// unsaved; keep then runs there too with what was written (e.g. imports it into the patient
/// store) and returns the note for the status line. Afterwards the study's files are the ones
/// written and saved runs; an error goes to a dialog.
QFuture<void> saveStructuresInBackground(QMainWindow* window, Workspace& workspace, int study,
                                         const std::filesystem::path& folder,
                                         std::function<std::string(const SavedStructureSet&)> keep,
                                         std::function<void()> saved);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_STRUCTURE_SAVE_TASK_H
