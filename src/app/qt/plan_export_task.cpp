#include "plan_export_task.h"

#include "background_task.h"

#include "kerma/planexport/plan_export.h"

#include <QMessageBox>

namespace kerma::app {

namespace fs = std::filesystem;

QFuture<fs::path> exportInBackground(QWidget* window, std::shared_ptr<const plan::PlanSnapshot> snapshot, const Study& study,
                                     std::optional<eval::ConstraintTemplate> constraintTemplate, const fs::path& folder,
                                     std::function<void(const QString& text, int timeoutMs)> status,
                                     std::optional<planexport::CumulativeDose> cumulative) {
  planexport::ExportOptions options;
  options.cumulative = std::move(cumulative);
  options.reportFile = folder / ("report." + snapshot->plan.label + ".revision-" + std::to_string(snapshot->revision) + ".pdf");
  options.constraintTemplate = std::move(constraintTemplate);
  options.referencePoints = snapshot->referencePoints;
  // The snapshot's contours match its masks: the exported set and the report's DVHs read them.
  options.writeStructureSet = [snapshot, ct = study.ct, uids = study.ctSopInstanceUids](const fs::path& into) {
    return saveStructureSet(*ct, snapshot->structures, std::vector<bool>(snapshot->structures.size(), false), uids, into)
        .rtStructFile;
  };
  auto progress = std::make_shared<TaskProgress>(window, "Exporting the plan", "exportProgress");
  options.progress = progress->reporter();
  status("Exporting the plan…", 0);
  return runInBackground(
      window,
      [snapshot, ct = study.ct, options, folder] {
        return planexport::exportPlan(*ct, snapshot->plan, snapshot->structures, snapshot->approval, options, folder);
      },
      [window, progress, snapshot, status](TaskOutcome<std::optional<planexport::ExportedPlanFiles>> outcome) -> fs::path {
        progress->finish();
        status({}, 0);
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::critical(window, "Kerma: plan not exported", error->what());
          return {};
        }
        const auto& written = std::get<0>(outcome);
        if (!written) {
          status("Plan export cancelled: nothing written", 5000);
          return {};
        }
        status(QString("Plan %1 revision %2 exported: %3")
                   .arg(QString::fromStdString(snapshot->plan.label))
                   .arg(snapshot->revision)
                   .arg(QString::fromStdString(written->rtplan.string())),
               10000);
        return written->rtplan;
      });
}

}  // namespace kerma::app
