// The plan as a clinical record in the workstation: its revision and approval in the status line,
// Plan > Approve plan…, Plan > Export plan… off the GUI thread with progress and cancel, and the
// blocking warnings (stale dose, delivery limits) in the Dose panel
// (docs/validation/reliability.md, "Consistency guards"). The record is the workspace's.

#include "main_window.h"

#include "approval_dialog.h"
#include "background_task.h"
#include "dose_panel.h"
#include "evaluation_panel.h"

#include "kerma/core/error.h"
#include "kerma/planexport/plan_export.h"

#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

#include <ctime>

namespace kerma::app {

namespace {

namespace fs = std::filesystem;

std::string now(const char* format) {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, format, std::localtime(&t));
  return text;
}

}  // namespace

void MainWindow::setUpPlanRecord(QMenu* planMenu) {
  planMenu->addSeparator();
  QAction* approve = planMenu->addAction("Approve plan…");
  approve->setObjectName("approvePlanAction");
  connect(approve, &QAction::triggered, this, [this] {
    QStringList warnings;
    for (const auto& blocker : planBlockers()) warnings << QString::fromStdString(blocker);
    ApprovalDialog dialog(QString::fromStdString(planRecord().describe()).toHtmlEscaped(), warnings, this);
    if (dialog.exec() != QDialog::Accepted) return;
    try {
      approvePlan(dialog.reviewer().toStdString());
    } catch (const Error& e) {
      QMessageBox::warning(this, "Kerma: plan not approved", QString::fromStdString(e.what()));
    }
  });
  for (const PlanRevision which : {PlanRevision::Current, PlanRevision::LastApproved}) {
    QAction* action = planMenu->addAction(which == PlanRevision::Current ? "Export plan…" : "Export approved revision…");
    action->setObjectName(which == PlanRevision::Current ? "exportPlanAction" : "exportApprovedPlanAction");
    connect(action, &QAction::triggered, this, [this, which] {
      const QString folder = QFileDialog::getExistingDirectory(this, "Export the plan into folder");
      if (folder.isEmpty()) return;
      try {
        exportPlanTo(folder.toStdString(), which);
      } catch (const Error& e) {
        QMessageBox::warning(this, "Kerma: plan not exported", QString::fromStdString(e.what()));
      }
    });
  }
  planLabel_ = new QLabel(this);
  planLabel_->setObjectName("planStateLabel");
  statusBar()->addPermanentWidget(planLabel_);
  refreshPlanState();
}

void MainWindow::planEdited() {
  PlanUpdate update;
  try {
    update = workspace_->planEdited(plan_);
  } catch (const Error& e) {
    refreshPlanState();
    doseStateLabel_->setText("Dose stale: " + QString::fromStdString(e.what()));
    return;
  }
  if (update.resummed) setPlanDose(planDoseOf(*planRecord().plan(), model_.ct().identity));
  if (update.newRevision)
    statusBar()->showMessage(QString("Plan %1 changed after approval: revision %2 begun, revision %3 stays approved")
                                 .arg(QString::fromStdString(planRecord().label()))
                                 .arg(planRecord().revision())
                                 .arg(planRecord().lastApproved()->revision),
                             10000);
  refreshPlanState();
}

void MainWindow::scheduleTargetCheck() {
  if (planCheckPending_ || (!planRecord().plan() && !planRecord().approval())) return;
  planCheckPending_ = true;
  // Once per burst of structure edits, and not in the middle of a brush stroke: the target's
  // fingerprint reads its whole mask.
  QTimer::singleShot(0, this, [this] {
    planCheckPending_ = false;
    if (structures_.strokeActive()) {
      QTimer::singleShot(100, this, &MainWindow::scheduleTargetCheck);
      return;
    }
    planEdited();
  });
}

void MainWindow::refreshPlanState() {
  if (!planLabel_) return;
  const plan::PlanRecord& record = planRecord();
  planLabel_->setText(QString::fromStdString(record.describe()));
  std::vector<std::string> blockers;
  doseStateLabel_->clear();
  if (record.plan()) {
    const plan::DoseBasis basis = workspace_->basis(plan_);
    blockers = record.blockers(basis);
    const auto changes = plan::doseChanges(*record.doseBasis(), basis);
    std::string what;
    for (std::size_t c = 0; c < changes.size(); ++c) what += (c == 0 ? "" : ", ") + changes[c];
    if (!changes.empty()) doseStateLabel_->setText(QString::fromStdString("Dose stale: " + what + " changed since Compute dose"));
  }
  dosePanel_->setBlockers(blockers);
}

void MainWindow::approvePlan(const std::string& reviewer) {
  workspace_->approve(plan_, {reviewer, now("%Y%m%d"), now("%H%M%S")});
  refreshPlanState();
  statusBar()->showMessage(QString::fromStdString(planRecord().describe()), 10000);
}

QFuture<fs::path> MainWindow::exportPlanTo(const fs::path& folder, PlanRevision which) {
  auto snapshot = std::make_shared<const plan::PlanSnapshot>(workspace_->snapshot(plan_, which));
  const Study& study = workspace_->study(study_);
  planexport::ExportOptions options;
  options.reportFile = folder / ("report." + snapshot->plan.label + ".revision-" + std::to_string(snapshot->revision) + ".pdf");
  // The report lists the constraint results of the template the evaluation shows, at the
  // prescription's fractions (when the template has a set for them).
  if (evaluation_)
    if (const auto index = evaluation_->model().templateIndex()) {
      const eval::ConstraintTemplate& chosen = evaluation_->model().constraintTemplates()[std::size_t(*index)];
      if (eval::constraintsFor(chosen, snapshot->plan.rx.fractions)) options.constraintTemplate = chosen;
    }
  // The snapshot's contours match its masks: the exported set and the report's DVHs read them.
  options.writeStructureSet = [snapshot, ct = study.ct, uids = study.ctSopInstanceUids](const fs::path& into) {
    return saveStructureSet(*ct, snapshot->structures, std::vector<bool>(snapshot->structures.size(), false), uids, into)
        .rtStructFile;
  };
  auto progress = std::make_shared<TaskProgress>(this, "Exporting the plan", "exportProgress");
  options.progress = progress->reporter();
  statusBar()->showMessage("Exporting the plan…");
  return runInBackground(
      this,
      [snapshot, ct = study.ct, options, folder] {
        return planexport::exportPlan(*ct, snapshot->plan, snapshot->structures, snapshot->approval, options, folder);
      },
      [this, progress, snapshot](TaskOutcome<std::optional<planexport::ExportedPlanFiles>> outcome) -> fs::path {
        progress->finish();
        statusBar()->clearMessage();
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::critical(this, "Kerma: plan not exported", error->what());
          return {};
        }
        const auto& written = std::get<0>(outcome);
        if (!written) {
          statusBar()->showMessage("Plan export cancelled: nothing written", 5000);
          return {};
        }
        statusBar()->showMessage(QString("Plan %1 revision %2 exported: %3")
                                     .arg(QString::fromStdString(snapshot->plan.label))
                                     .arg(snapshot->revision)
                                     .arg(QString::fromStdString(written->rtplan.string())),
                                 10000);
        return written->rtplan;
      });
}

}  // namespace kerma::app
