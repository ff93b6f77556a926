#ifndef KERMA_APP_QT_PLAN_EXPORT_TASK_H
#define KERMA_APP_QT_PLAN_EXPORT_TASK_H

#include "kerma/app/workspace.h"
#include "kerma/eval/constraints.h"
#include "kerma/plan/plan_record.h"
#include "kerma/planexport/plan_export.h"

#include <QFuture>
#include <QString>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

class QWidget;

namespace kerma::app {

/// Writes snapshot (a revision of a plan on study) into folder through planexport::exportPlan,
/// with its report (constraintTemplate's results in it) and the structure set of its structures,
/// off the GUI thread with a progress dialog over window that can cancel it (a cancelled export
/// writes nothing). status tells the window's status line what happened; errors go to a dialog.
/// cumulative: the re-irradiation's cumulative EQD2 with this revision, written beside it.
/// The future holds the RT Plan's path, empty when cancelled or failed.
QFuture<std::filesystem::path> exportInBackground(QWidget* window, std::shared_ptr<const plan::PlanSnapshot> snapshot,
                                                  const Study& study,
                                                  std::optional<eval::ConstraintTemplate> constraintTemplate,
                                                  const std::filesystem::path& folder,
                                                  std::function<void(const QString& text, int timeoutMs)> status,
                                                  std::optional<planexport::CumulativeDose> cumulative = std::nullopt);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_PLAN_EXPORT_TASK_H
