// The dose engine in the workstation: the Dose panel, Compute dose off the GUI thread with
// progress and cancel, and the dose drawn in the views (docs/gui.md, "Dose").

#include "main_window.h"

#include "background_task.h"
#include "dose_panel.h"
#include "slice_view.h"
#include "window_chrome.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <QDockWidget>
#include <QInputDialog>
#include <QLineEdit>
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
  connect(dosePanel_, &DosePanel::goToGlobalMaximumRequested, this, [this] {
    if (!shownDoseMaximum_) return;
    model_.centreOn(shownDoseMaximum_->positionMm);
    refreshViews();
  });
  connect(dosePanel_, &DosePanel::isodoseToStructureRequested, this, &MainWindow::isodoseToStructure);
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

QFuture<void> MainWindow::fieldInField(const plan::FieldInFieldOptions& options) {
  std::optional<FieldInFieldComputation> prepared;
  try {
    prepared = workspace_->prepareFieldInField(plan_, options);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: field-in-field", QString::fromStdString(e.what()));
    return QtFuture::makeReadyFuture();
  }
  auto computation = std::make_shared<const FieldInFieldComputation>(std::move(*prepared));
  auto progress = std::make_shared<TaskProgress>(this, "Field-in-field", "fieldInFieldProgress");
  dosePanel_->computeButton()->setEnabled(false);
  statusBar()->showMessage("Field-in-field…");
  return runInBackground(
      this, [computation, report = progress->reporter()] { return computation->run(report); },
      [this, progress, computation](TaskOutcome<std::optional<plan::FieldInFieldResult>> outcome) {
        progress->finish();
        dosePanel_->computeButton()->setEnabled(true);
        statusBar()->clearMessage();
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::warning(this, "Kerma: field-in-field", error->what());
          return;
        }
        auto& result = std::get<0>(outcome);
        if (!result) {
          statusBar()->showMessage("Field-in-field cancelled", 5000);
          return;
        }
        const plan::FieldInFieldSummary summary = result->summary;
        try {
          if (!workspace_->setFieldInFieldResult(plan_, *computation, std::move(*result))) {
            statusBar()->showMessage("The beams changed while field-in-field ran: nothing was changed", 10000);
            return;
          }
        } catch (const Error& e) {  // a segment the machine refuses: the beams stay as they were
          QMessageBox::warning(this, "Kerma: field-in-field", e.what());
          return;
        }
        setPlanDose(planDoseOf(*planRecord().plan(), model_.ct().identity));
        refreshPlanState();
        statusBar()->showMessage(QString::fromStdString(plan::describe(summary, computation->plan.rx.target)), 30000);
      });
}

void MainWindow::showDose(const PlanDose& dose) {
  shownDose_ = dose.dose;
  showGlobalMaximum(dose.prescriptionGy);
  const DoseWashStyle style = defaultDoseWashStyle(*dose.dose, dose.prescriptionGy);
  dosePanel_->setStyle(style);
  setDoseWashStyle(style);
}

void MainWindow::showGlobalMaximum(double prescriptionGy) {
  shownDoseMaximum_.reset();
  // Called after every weight edit: the model's structures are read in place, not copied.
  const auto body = structure::findBodyIndex(std::size_t(structures_.count()), [this](std::size_t n) -> const structure::Structure& {
    return structures_.structure(int(n));
  });
  if (shownDose_ && body) shownDoseMaximum_ = eval::doseMaximumWithin(shownDose_->doseGy, structures_.structure(int(*body)).mask);
  for (SliceView* view : views_)
    view->setGlobalMaximum(shownDoseMaximum_ ? std::optional(shownDoseMaximum_->positionMm) : std::nullopt);
  if (!shownDoseMaximum_) {
    dosePanel_->setGlobalMaximum({}, false);
    return;
  }
  // Without a prescription (an RT Dose without its plan) the maximum is shown in Gy alone.
  const auto& p = shownDoseMaximum_->positionMm;
  const QString text = prescriptionGy > 0
                           ? QString::fromStdString(eval::describe(*shownDoseMaximum_, prescriptionGy))
                           : QString("%1 Gy at (%2, %3, %4) mm")
                                 .arg(shownDoseMaximum_->gy, 0, 'f', 2)
                                 .arg(p.x, 0, 'f', 1)
                                 .arg(p.y, 0, 'f', 1)
                                 .arg(p.z, 0, 'f', 1);
  dosePanel_->setGlobalMaximum(
      text, prescriptionGy > 0 && shownDoseMaximum_->percentOf(prescriptionGy) > eval::GLOBAL_MAX_LIMIT_PERCENT);
}

void MainWindow::isodoseToStructure() {
  if (!shownDose_) {
    statusBar()->showMessage("No dose shown: compute or open a dose first", 5000);
    return;
  }
  const double prescriptionGy = dosePanel_->style().prescriptionGy;
  bool ok = false;
  const QString level = QInputDialog::getText(this, "Isodose to structure",
                                              "Isodose level (% of the prescription, or a dose with Gy):",
                                              QLineEdit::Normal, "95", &ok)
                            .trimmed();
  if (!ok || level.isEmpty()) return;
  try {
    const std::vector<double> percents = parseIsodoseLevels(level.toStdString(), prescriptionGy);
    if (percents.size() != 1) throw Error(ErrorCode::BadInput, "'" + level.toStdString() + "': expected one level");
    // A level typed in Gy keeps its Gy in the name; one in % its %.
    const bool gray = level.endsWith("Gy", Qt::CaseInsensitive);
    const double levelGy = prescriptionGy > 0 ? percents.front() * prescriptionGy / 100 : percents.front();
    const std::string name = "Isodose " + (gray ? core::shortestText(levelGy, 4) + " Gy"
                                                : core::shortestText(percents.front(), 4) + "%");
    const structure::Mask mask = eval::isodoseMask(*shownDose_, levelGy, structures_.grid());
    const int index = structures_.addStructure({name, structure::RoiType::Other, eval::isodoseColour(percents.front())},
                                               &mask, "Isodose " + level.toStdString() + " to structure");
    statusBar()->showMessage(QString("%1: %2 cm³").arg(QString::fromStdString(name)).arg(structures_.volumeCc(index), 0, 'f', 1),
                             10000);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: isodose not made a structure", QString::fromStdString(e.what()));
  }
}

void MainWindow::setDoseWashStyle(const DoseWashStyle& style) {
  for (SliceView* view : views_) view->setDose(shownDose_, style);
  dosePanel_->setIsodoseLegend(shownDose_ && style.isodoses ? isodoseLevels(*shownDose_, style)
                                                            : std::vector<IsodoseLevel>{});
}

}  // namespace kerma::app
