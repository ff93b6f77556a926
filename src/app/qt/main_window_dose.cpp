// The dose engine in the workstation: the Dose panel, Compute dose off the GUI thread with
// progress and cancel, and the dose drawn in the views (docs/gui.md, "Dose").

#include "main_window.h"

#include "background_task.h"
#include "dose_panel.h"
#include "slice_view.h"
#include "window_chrome.h"

#include "kerma/core/error.h"

#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace kerma::app {

void MainWindow::setUpDose() {
  dosePanel_ = new DosePanel(this);
  doseDock_ = new QDockWidget("Dose", this);
  doseDock_->setObjectName("doseDock");
  doseDock_->setWidget(dosePanel_);
  doseDock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  if (QDockWidget* structuresDock = addRightDockTab(*this, doseDock_)) structuresDock->raise();
  refreshDoseTargets();
  connect(dosePanel_, &DosePanel::computeRequested, this, [this] {
    try {
      computeDose(dosePanel_->request());
    } catch (const Error& e) {
      QMessageBox::warning(this, "Kerma: compute dose", QString::fromStdString(e.what()));
    }
  });
  connect(dosePanel_, &DosePanel::styleChanged, this, &MainWindow::setDoseWashStyle);
  doseStateLabel_ = new QLabel(this);
  doseStateLabel_->setObjectName("doseStateLabel");
  statusBar()->addPermanentWidget(doseStateLabel_);
}

void MainWindow::refreshDoseTargets() {
  const DoseTargets targets = doseTargets(structures_.structures());
  dosePanel_->setTargets(targets.names, targets.preferred);
}

QFuture<void> MainWindow::computeDose(const PlanDoseRequest& request) {
  if (evaluation_ == nullptr)
    throw Error(ErrorCode::BadInput, "compute dose: the plan evaluation is not set up for this patient");
  // The structures and beams at this moment: later edits do not reach the running calculation.
  PlanComputation computation = workspace_->prepareComputation(plan_, request);
  const plan::DoseBasis basis = computation.basis;
  auto progress = std::make_shared<TaskProgress>(this, "Computing dose", "doseProgress");
  dosePanel_->computeButton()->setEnabled(false);
  statusBar()->showMessage("Computing dose…");
  return runInBackground(
      this,
      [computation = std::move(computation), report = progress->reporter()] {
        plan::PlanTimes times;
        std::optional<plan::Plan> computed = computation.run(report, &times);
        return std::pair{std::move(computed), times.calculationS()};
      },
      [this, progress, basis](TaskOutcome<std::pair<std::optional<plan::Plan>, double>> outcome) {
        progress->finish();
        dosePanel_->computeButton()->setEnabled(true);
        statusBar()->clearMessage();
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::warning(this, "Kerma: compute dose", error->what());
          return;
        }
        auto& [computed, seconds] = std::get<0>(outcome);
        if (!computed) {
          statusBar()->showMessage("Dose calculation cancelled", 5000);
          return;
        }
        dosePanel_->setResult(plan::describeOrigin(*computed), seconds);
        if (!workspace_->setComputedPlan(plan_, std::move(*computed), basis)) {
          statusBar()->showMessage("The beams changed while the dose was computed: compute it again", 10000);
          return;
        }
        setPlanDose(planDoseOf(*planRecord().plan(), model_.ct().identity));
        refreshPlanState();
      });
}

void MainWindow::showDose(const PlanDose& dose) {
  shownDose_ = dose.dose;
  const DoseWashStyle style = defaultDoseWashStyle(*dose.dose, dose.prescriptionGy);
  dosePanel_->setStyle(style);
  setDoseWashStyle(style);
}

void MainWindow::setDoseWashStyle(const DoseWashStyle& style) {
  for (SliceView* view : views_) view->setDose(shownDose_, style);
  dosePanel_->setIsodoseLegend(shownDose_ && style.isodoses ? isodoseLevels(*shownDose_, style)
                                                            : std::vector<IsodoseLevel>{});
}

}  // namespace kerma::app
