// The dose engine in the workstation: the Dose panel, Compute dose off the GUI thread with
// progress and cancel, and the dose drawn in the views (docs/gui.md, "Dose").

#include "main_window.h"

#include "dose_panel.h"
#include "slice_view.h"

#include "kerma/core/error.h"
#include "kerma/core/resources.h"

#include <QApplication>
#include <QDockWidget>
#include <QMessageBox>
#include <QPointer>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QtConcurrent>

#include <atomic>
#include <cmath>
#include <variant>

namespace kerma::app {

namespace {
// The progress bar counts in thousandths.
constexpr int PROGRESS_STEPS = 1000;
}  // namespace

void MainWindow::setUpDose() {
  dosePanel_ = new DosePanel(this);
  doseDock_ = new QDockWidget("Dose", this);
  doseDock_->setObjectName("doseDock");
  doseDock_->setWidget(dosePanel_);
  doseDock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::RightDockWidgetArea, doseDock_);
  // A tab beside the structure list: the views keep their width.
  for (QDockWidget* other : findChildren<QDockWidget*>())
    if (other != doseDock_ && dockWidgetArea(other) == Qt::RightDockWidgetArea) {
      tabifyDockWidget(other, doseDock_);
      other->raise();
      break;
    }
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
  std::vector<std::string> names;
  std::string preferred;
  for (int n = 0; n < structures_.count(); ++n) {
    const structure::Structure& s = structures_.structure(n);
    if (s.type == structure::RoiType::External) continue;
    names.push_back(s.name);
    if (preferred.empty() && (s.type == structure::RoiType::Ptv || s.type == structure::RoiType::Gtv)) preferred = s.name;
  }
  dosePanel_->setTargets(names, preferred);
}

QFuture<void> MainWindow::computeDose(const PlanDoseRequest& request) {
  if (evaluation_ == nullptr)
    throw Error(ErrorCode::BadInput, "compute dose: the plan evaluation is not set up for this patient");
  // The structures at this moment: later edits do not reach the running calculation.
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  auto* progress = new QProgressDialog("Computing dose…", "Cancel", 0, PROGRESS_STEPS, this);
  progress->setObjectName("doseProgress");
  progress->setWindowModality(Qt::WindowModal);
  progress->setMinimumDuration(0);
  progress->setValue(0);
  connect(progress, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
  dosePanel_->computeButton()->setEnabled(false);
  statusBar()->showMessage("Computing dose…");
  using Outcome = std::variant<std::optional<ComputedPlanDose>, std::string>;
  QPointer<QProgressDialog> shown(progress);
  QFuture<Outcome> running = QtConcurrent::run(
      [ct = model_.ctShared(), all = structures_.structures(), beams = beams_.beams(), request, cancel,
       shown]() -> Outcome {
        auto report = [&](double fraction, std::string_view stage) {
          QMetaObject::invokeMethod(
              shown.data(),
              [shown, value = int(std::lround(fraction * PROGRESS_STEPS)), text = QString::fromUtf8(stage.data(), qsizetype(stage.size()))] {
                if (!shown) return;
                shown->setLabelText("Computing dose: " + text);
                shown->setValue(std::min(value, PROGRESS_STEPS - 1));
              },
              Qt::QueuedConnection);
          return !*cancel;
        };
        try {
          return computePlanDose(*ct, all, beams, request, core::defaultMachineFolder(), core::defaultCtDensityCurve(),
                                 report);
        } catch (const std::exception& e) {
          return std::string(e.what());
        }
      });
  return running.then(this, [this, shown](Outcome outcome) {
    if (shown) shown->deleteLater();
    dosePanel_->computeButton()->setEnabled(true);
    statusBar()->clearMessage();
    if (auto* error = std::get_if<std::string>(&outcome)) {
      QMessageBox::warning(this, "Kerma: compute dose", QString::fromStdString(*error));
      return;
    }
    auto& result = std::get<std::optional<ComputedPlanDose>>(outcome);
    if (!result) {
      statusBar()->showMessage("Dose calculation cancelled", 5000);
      return;
    }
    dosePanel_->setResult(*result);
    computedDose_ = std::move(result);
    // Sets the plan dose, re-summed if weights changed while the engine ran.
    computedDoseBeamsChanged();
  });
}

void MainWindow::computedDoseBeamsChanged() {
  if (!computedDose_) return;
  if (!onlyWeightsChanged(*computedDose_, beams_.beams())) {
    refreshPlanState();
    return;
  }
  try {
    reweightPlanDose(*computedDose_, beams_.beams());
  } catch (const Error& e) {
    refreshPlanState();
    doseStateLabel_->setText("Dose stale: " + QString::fromStdString(e.what()));
    return;
  }
  setPlanDose(computedDose_->dose);
  // Re-summed for the new weights: the dose is the plan's again, normalised on its own structure.
  plan_.setDose(*computedDose_, planBasis(computedDose_->rx.target));
  refreshPlanState();
  for (int b = 0; b < beams_.count(); ++b) beams_.setMonitorUnits(b, computedDose_->muPerFraction[std::size_t(b)]);
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
