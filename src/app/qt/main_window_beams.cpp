// MainWindow's beams: the beam table dock, the beam's-eye and 3D views, Plan → New plan from
// template…. Kept apart from main_window.cpp, which lays out the views and contouring tools.

#include "main_window.h"

#include "beam_table_panel.h"
#include "bev_view.h"
#include "field_in_field_dialog.h"
#include "plan_3d_view.h"
#include "shield_dialog.h"
#include "slice_view.h"
#include "template_plan_dialog.h"

#include "kerma/core/error.h"

#include <QApplication>
#include <QDockWidget>
#include <QStatusBar>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>

namespace kerma::app {

void MainWindow::setUpBeams() {
  beams_.addListener([this](BeamChange change) { beamsChanged(change); });

  beamTable_ = new BeamTablePanel(beams_);
  connect(beamTable_, &BeamTablePanel::newPlanRequested, this, &MainWindow::openTemplatePlanDialog);
  connect(beamTable_, &BeamTablePanel::goToIsocentreRequested, this, &MainWindow::goToIsocentre);
  connect(beamTable_, &BeamTablePanel::shieldRequested, this, &MainWindow::shieldSelectedBeam);
  connect(beamTable_, &BeamTablePanel::fieldInFieldRequested, this, &MainWindow::openFieldInFieldDialog);
  connect(beamTable_, &BeamTablePanel::optimiseWeightsRequested, this, [this] {
    try {
      workspace_->optimiseWeights(plan_);
    } catch (const Error& e) {
      QMessageBox::warning(this, "Kerma: weights not optimised", QString::fromStdString(e.what()));
    }
  });
  connect(beamTable_, &BeamTablePanel::isocentreAtCrosshairRequested, this, [this] {
    try {
      beams_.setIsocentre(model_.crosshairMm());
    } catch (const Error& e) {
      QMessageBox::warning(this, "Kerma: isocentre not moved", QString::fromStdString(e.what()));
    }
  });
  beamDock_ = new QDockWidget("Beams", this);
  beamDock_->setObjectName("beamsDock");
  beamDock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  beamDock_->setWidget(beamTable_);
  addDockWidget(Qt::RightDockWidgetArea, beamDock_);
  for (QDockWidget* other : findChildren<QDockWidget*>())
    if (other != beamDock_ && other->objectName() == "structuresDock") {
      tabifyDockWidget(other, beamDock_);
      other->raise();
      break;
    }

  // The beam's-eye view and the 3D view share a tab pane above the sagittal and coronal views,
  // which keep their width; the axial view keeps the left half.
  bev_ = new BevView(beams_, structures_, model_.ctShared());
  plan3d_ = new Plan3dView(beams_, structures_, image_);
  beamViews_ = new QTabWidget;
  beamViews_->setObjectName("beamViews");
  beamViews_->addTab(bev_, "Beam's-eye view");
  beamViews_->addTab(plan3d_, "3D");
  connect(beamViews_, &QTabWidget::currentChanged, this, [this] { plan3d_->refresh(); });
  if (auto* right = qobject_cast<QSplitter*>(view(ViewOrientation::Sagittal)->parentWidget())) {
    right->insertWidget(0, beamViews_);
    right->setSizes({1200, 1000, 1000});
  }
  for (SliceView* slice : views_) slice->setBeams(&beams_);

  QMenu* planMenu = menuBar()->addMenu("&Plan");
  QAction* newPlan = planMenu->addAction("New plan from template…", this, &MainWindow::openTemplatePlanDialog);
  newPlan->setObjectName("newPlanAction");
  setUpPlanRecord(planMenu);
}

void MainWindow::shieldSelectedBeam() {
  const auto beam = beams_.selectedIndex();
  if (!beam) {
    statusBar()->showMessage("Select the beam to shield in the beam table first", 5000);
    return;
  }
  QStringList organs;
  for (int s = 0; s < structures_.count(); ++s)
    if (structures_.structure(s).type != structure::RoiType::External)
      organs << QString::fromStdString(structures_.structure(s).name);
  ShieldDialog dialog(organs, this);
  if (dialog.exec() != QDialog::Accepted) return;
  try {
    const auto decided =
        beams_.shieldStructure(*beam, *structures_.indexOf(dialog.organ().toStdString()), dialog.options());
    statusBar()->showMessage(decided.empty() ? QString("%1 shielded in %2").arg(dialog.organ(), QString::fromStdString(beams_.beam(*beam).name))
                                             : QString("%1 overlaps the target in %2 pairs (the rule decided there), "
                                                       "e.g. %3")
                                                   .arg(dialog.organ())
                                                   .arg(decided.size())
                                                   .arg(QString::fromStdString(decided.front())),
                             10000);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: not shielded", QString::fromStdString(e.what()));
  }
}

void MainWindow::openFieldInFieldDialog() {
  FieldInFieldDialog dialog(this);
  if (dialog.exec() == QDialog::Accepted) fieldInField(dialog.options());
}

void MainWindow::beamsChanged(BeamChange change) {
  if (change != BeamChange::MonitorUnits)
    for (SliceView* slice : views_) slice->update();
  if (change == BeamChange::Beams) planEdited();
  // The table is rebuilt once per burst of changes, and never inside its own cellChanged signal.
  if (beamTableRefreshPending_) return;
  beamTableRefreshPending_ = true;
  QTimer::singleShot(0, this, [this] {
    beamTableRefreshPending_ = false;
    beamTable_->refresh();
  });
}

void MainWindow::beamViewsStructuresChanged() {
  if (!beamViews_) return;
  bev_->refresh();
  plan3d_->refresh();
}

void MainWindow::openTemplatePlanDialog() {
  if (structures_.count() == 0) {
    QMessageBox::information(this, "Kerma: new plan", "A plan needs a target: there are no structures.");
    return;
  }
  TemplatePlanDialog dialog(structures_, this);
  if (dialog.exec() != QDialog::Accepted) return;
  createTemplatePlan(dialog.settings());
}

bool MainWindow::createTemplatePlan(const TemplatePlanSettings& settings) {
  try {
    QApplication::setOverrideCursor(Qt::BusyCursor);
    beams_.createFromTemplate(settings.beamTemplate, settings.targetIndex, settings.options);
    QApplication::restoreOverrideCursor();
  } catch (const Error& e) {
    QApplication::restoreOverrideCursor();
    QMessageBox::warning(this, "Kerma: plan not created", QString::fromStdString(e.what()));
    return false;
  }
  beamDock_->show();
  beamDock_->raise();
  return true;
}

}  // namespace kerma::app
