// MainWindow's plan evaluation: the dock with the evaluation panels, File → Open RT Dose…, and
// the one entry point of a new plan dose. Kept apart from main_window.cpp, which lays out the
// views and contouring tools.

#include "main_window.h"

#include "dvh_panel.h"
#include "combine_dialog.h"
#include "evaluation_panel.h"

#include "kerma/core/error.h"
#include "kerma/core/resources.h"
#include "kerma/core/patient_identity.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include <algorithm>
#include <cassert>

namespace kerma::app {

namespace {
constexpr int EVALUATION_DOCK_WIDTH_PX = 760;
constexpr int EVALUATION_MINIMUM_WIDTH_PX = 400, EVALUATION_MINIMUM_HEIGHT_PX = 300;
}  // namespace

void MainWindow::setUpPlanEvaluation(const std::string& ctOrigin) {
  assert(!evaluation_ && "plan evaluation is set up once");
  std::vector<structure::Structure> structures = structures_.structures();
  evaluation_ = new EvaluationPanel(model_.ct().identity, ctOrigin,
                                    std::make_shared<const std::vector<structure::Structure>>(structures),
                                    core::constraintTemplateFolder());
  // Structures restored from the recovery record, or edited before, have masks without current
  // contours: the evaluation extracts them.
  const std::vector<bool> stale = structures_.staleContours();
  const bool someWithoutContours =
      std::find(stale.begin(), stale.end(), true) != stale.end() ||
      std::any_of(structures.begin(), structures.end(), [](const auto& s) { return s.contours.empty(); });
  if (someWithoutContours) evaluation_->setStructures(std::move(structures), stale);
  listedEditRevision_ = structures_.editRevision();
  evaluationDock_ = new QDockWidget("Plan evaluation", this);
  evaluationDock_->setObjectName("evaluationDock");
  // Small enough that the 1600 px window of --screenshot keeps its size with the dock open.
  evaluation_->setMinimumSize(EVALUATION_MINIMUM_WIDTH_PX, EVALUATION_MINIMUM_HEIGHT_PX);
  evaluationDock_->setWidget(evaluation_);
  addDockWidget(Qt::RightDockWidgetArea, evaluationDock_);
  // A tab beside the structure and tool docks, so that the chart gets the full height.
  for (QDockWidget* other : findChildren<QDockWidget*>())
    if (other != evaluationDock_ && dockWidgetArea(other) == Qt::RightDockWidgetArea) {
      tabifyDockWidget(other, evaluationDock_);
      break;
    }
  // Widened when a dose is shown (setPlanDose): hidden, it leaves the structure dock its width.
  evaluationDock_->hide();

  auto* open = new QAction("Open RT Dose…", this);
  open->setObjectName("openRtDoseAction");
  addFileAction(open);
  connect(open, &QAction::triggered, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, "Open RT Dose", QString(),
                                                      "DICOM (*.dcm);;All files (*)");
    if (!file.isEmpty()) openRtDose(file);
  });
  auto* show = new QAction("Show plan evaluation", this);
  connect(show, &QAction::triggered, evaluationDock_, &QDockWidget::show);
  addFileAction(show);
}

void MainWindow::setPlanDose(PlanDose dose) {
  assert(evaluation_ && "setUpPlanEvaluation comes first");
  const QString origin = QString::fromStdString(dose.origin);
  QStringList notes;
  for (const auto& note : dose.notes) notes << QString::fromStdString(note);
  showDose(dose);
  evaluation_->setPlanDose(std::move(dose));
  evaluationDock_->setWindowTitle(QString("Plan evaluation — %1%2").arg(origin, notes.isEmpty() ? "" : " (" + notes.join("; ") + ")"));
  // Brought to the front with the first dose only: later doses must not hide a table being
  // edited in another tab.
  if (evaluationDock_->isHidden()) {
    evaluationDock_->show();
    resizeDocks({evaluationDock_}, {EVALUATION_DOCK_WIDTH_PX}, Qt::Horizontal);
    evaluationDock_->raise();
  }
}

void MainWindow::showAcceptedDifferences() {
  const Study& study = workspace_->study(study_);
  if (study.acceptedDifferences.empty()) return;
  QString list;
  for (const auto& difference : study.acceptedDifferences) list += (list.isEmpty() ? "" : "; ") + QString::fromStdString(difference);
  statusBar()->showMessage(QString("Structures of %1 combined with this CT by your decision (logged) although: %2")
                               .arg(QString::fromStdString(study.structureSetFile->filename().string()), list));
}

bool MainWindow::openRtDose(const QString& file) {
  try {
    PlanDose dose = readPlanDose(file.toStdString());
    // Another patient or Frame of Reference: refused unless the user decides otherwise, logged.
    const std::vector<std::string> differences = core::combineDifferences(dose.dose->identity, model_.ct().identity);
    if (!differences.empty()) {
      const auto decision = confirmCombine(this, "RT Dose " + dose.origin + " with the CT of " + model_.patientLabel(), differences);
      if (!decision) {
        statusBar()->showMessage("RT Dose " + QFileInfo(file).fileName() + " not used: another patient or Frame of Reference", 10000);
        return false;
      }
      statusBar()->showMessage(QString::fromStdString(describeDecision(*decision)));
      dose.acceptedDifferences = differences;
    }
    setPlanDose(std::move(dose));
    workspace_->dropComputedPlan(plan_);
    refreshPlanState();
    return true;
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: RT Dose not used",
                         QString("The RT Dose\n\n%1\n\nwas not used:\n\n%2")
                             .arg(QFileInfo(file).fileName(), QString::fromStdString(e.what())));
    return false;
  }
}

bool MainWindow::waitForPlanEvaluation(int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (evaluation_ && evaluation_->busy()) {
    if (timer.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  QCoreApplication::processEvents();
  return true;
}

void MainWindow::syncPlanEvaluationVisibility() {
  if (!evaluation_) return;
  const auto& evaluated = evaluation_->model().structures();
  for (int index = 0; index < int(evaluated.size()); ++index) {
    const auto listed = structures_.indexOf(evaluated[std::size_t(index)].name);
    if (!listed || evaluated[std::size_t(index)].contours.empty()) continue;
    const bool visible = structures_.visible(*listed);
    if (evaluation_->model().shown(index) != visible) evaluation_->dvhPanel()->setStructureShown(index, visible);
  }
}

}  // namespace kerma::app
