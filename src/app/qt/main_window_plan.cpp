// The plan as a clinical record in the workstation: its revision and approval in the status line,
// Plan > Approve plan…, Plan > Export plan… off the GUI thread with progress and cancel, and the
// blocking warnings (stale dose, delivery limits) in the Dose panel
// (docs/validation/reliability.md, "Consistency guards"). The record is the workspace's.

#include "main_window.h"

#include "approval_dialog.h"
#include "dose_panel.h"
#include "evaluation_panel.h"
#include "plan_export_task.h"

#include "kerma/core/error.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

namespace kerma::app {

namespace fs = std::filesystem;

void MainWindow::setUpPlanRecord(QMenu* planMenu) {
  planMenu->addSeparator();
  QAction* approve = planMenu->addAction("Approve plan…");
  approve->setObjectName("approvePlanAction");
  connect(approve, &QAction::triggered, this, [this] {
    QStringList warnings;
    for (const auto& blocker : planBlockers()) warnings << QString::fromStdString(blocker);
    std::optional<HotSpot> hotSpot;
    if (const auto maximum = workspace_->globalMaximum(plan_))
      if (const auto warning = plan::hotSpotWarning(*planRecord().plan(), *maximum))
        hotSpot = HotSpot{maximum->percentOf(planRecord().plan()->rx.totalDoseGy), QString::fromStdString(*warning)};
    ApprovalDialog dialog(QString::fromStdString(planRecord().describe()).toHtmlEscaped(), warnings, hotSpot, this);
    if (dialog.exec() != QDialog::Accepted) return;
    try {
      approvePlan(dialog.reviewer().toStdString(), dialog.acceptedGlobalMaxPercent());
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
  connect(dosePanel_, &DosePanel::addReferencePointRequested, this, &MainWindow::addReferencePoint);
  connect(dosePanel_, &DosePanel::removeReferencePointRequested, this, &MainWindow::removeReferencePoint);
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
  const auto staleness = workspace_->doseStaleness(plan_);
  doseStateLabel_->setText(staleness ? QString::fromStdString("Dose stale: " + *staleness) : QString());
  dosePanel_->setBlockers(record.plan() ? workspace_->blockers(plan_) : std::vector<std::string>{});
  refreshReferencePoints();
}

void MainWindow::refreshReferencePoints() {
  const plan::PlanRecord& record = planRecord();
  if (!record.plan()) {
    dosePanel_->setReferencePoints({}, record.referencePoints(), {});
    return;
  }
  const plan::Plan& computed = *record.plan();
  std::vector<std::string> beamNames;
  for (const auto& beam : computed.beams) beamNames.push_back(beam.name);
  const auto points = plan::referencePoints(computed, record.referencePoints());
  // Re-irradiation: the prior courses' dose at the points too.
  std::vector<std::string> priorLabels;
  std::vector<plan::PriorCourseDose> priors;
  if (evaluation_ != nullptr)
    for (const PriorCourse& course : evaluation_->reirradiation().priorCourses()) {
      priorLabels.push_back(course.dose.origin);
      priors.push_back({course.dose.origin, &course.dose.dose->doseGy, course.fractions});
    }
  dosePanel_->setReferencePoints(beamNames, points, plan::pointDoses(computed, points), priorLabels,
                                 plan::cumulativePointDoses(computed, points, priors, POINT_ALPHA_BETA_GY));
}

void MainWindow::addReferencePoint() {
  bool ok = false;
  const QString name = QInputDialog::getText(this, "Add reference point",
                                             "Name of the point at the crosshair (e.g. Rectum wall):", QLineEdit::Normal,
                                             {}, &ok)
                           .trimmed();
  if (!ok || name.isEmpty()) return;
  std::vector<plan::ReferencePoint> points = planRecord().referencePoints();
  points.push_back({name.toStdString(), model_.crosshairMm()});
  try {
    workspace_->setReferencePoints(plan_, std::move(points));
    ++referencePointChanges_;
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: reference point not added", QString::fromStdString(e.what()));
  }
  refreshReferencePoints();
}

void MainWindow::removeReferencePoint(const QString& name) {
  std::vector<plan::ReferencePoint> points = planRecord().referencePoints();
  const auto kept = std::remove_if(points.begin(), points.end(), [&](const auto& p) { return p.name == name.toStdString(); });
  if (kept == points.end()) {
    statusBar()->showMessage(name + " is the plan's own point: it cannot be removed", 5000);
    return;
  }
  points.erase(kept, points.end());
  workspace_->setReferencePoints(plan_, std::move(points));
  ++referencePointChanges_;
  refreshReferencePoints();
}

void MainWindow::approvePlan(const std::string& reviewer, std::optional<double> acceptedGlobalMaxPercent) {
  plan::Approval approval = plan::approvalNow(reviewer);
  approval.acceptedGlobalMaxPercent = acceptedGlobalMaxPercent;
  workspace_->approve(plan_, approval);
  refreshPlanState();
  statusBar()->showMessage(QString::fromStdString(planRecord().describe()), 10000);
}

QFuture<fs::path> MainWindow::exportPlanTo(const fs::path& folder, PlanRevision which) {
  auto snapshot = std::make_shared<const plan::PlanSnapshot>(workspace_->snapshot(plan_, which));
  // The report lists the constraint results of the template the evaluation shows, at the
  // prescription's fractions (when the template has a set for them).
  auto constraints = evaluation_ ? evaluation_->model().templateFor(snapshot->plan.rx.fractions) : std::nullopt;
  return exportInBackground(this, snapshot, workspace_->study(study_), std::move(constraints), folder,
                            [this](const QString& text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); },
                            which == PlanRevision::Current ? cumulativeDose() : std::nullopt);
}

std::optional<planexport::CumulativeDose> MainWindow::cumulativeDose() const {
  // The re-irradiation tab's sum of the current dose: a result exists only for its current inputs.
  const CumulativeEvaluation* result = evaluation_ ? evaluation_->reirradiation().result() : nullptr;
  if (result == nullptr) return std::nullopt;
  planexport::CumulativeDose cumulative{result->eqd2Sum, {}, {}};
  for (const PriorCourse& course : evaluation_->reirradiation().priorCourses()) {
    cumulative.priorRtPlanUids.insert(cumulative.priorRtPlanUids.end(), course.dose.referencedRtPlanUids.begin(),
                                      course.dose.referencedRtPlanUids.end());
    if (course.registration)
      cumulative.registrations.push_back(
          {course.registration->registration, course.registration->sopInstanceUid, course.registration->origin});
  }
  return cumulative;
}

}  // namespace kerma::app
