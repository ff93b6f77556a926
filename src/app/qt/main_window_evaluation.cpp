// MainWindow's plan evaluation: the dock with the evaluation panels, File → Open RT Dose…, and
// the one entry point of a new plan dose. Kept apart from main_window.cpp, which lays out the
// views and contouring tools.

#include "main_window.h"

#include "combine_dialog.h"
#include "compare_panel.h"
#include "dose_panel.h"
#include "reirradiation_panel.h"
#include "slice_view.h"
#include "evaluation_panel.h"
#include "window_chrome.h"

#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"
#include "kerma/core/resources.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

#include <cassert>

namespace kerma::app {

namespace {
constexpr int EVALUATION_DOCK_WIDTH_PX = 760;
constexpr int EVALUATION_MINIMUM_WIDTH_PX = 400, EVALUATION_MINIMUM_HEIGHT_PX = 300;
}  // namespace

void MainWindow::setUpPlanEvaluation(const std::string& ctOrigin) {
  assert(!evaluation_ && "plan evaluation is set up once");
  evaluation_ = new EvaluationPanel(model_.ct().identity, ctOrigin, structures_, core::constraintTemplateFolder());
  listedEditRevision_ = structures_.editRevision();
  evaluationDock_ = new QDockWidget("Plan evaluation", this);
  evaluationDock_->setObjectName("evaluationDock");
  // Small enough that the 1600 px window of --screenshot keeps its size with the dock open.
  evaluation_->setMinimumSize(EVALUATION_MINIMUM_WIDTH_PX, EVALUATION_MINIMUM_HEIGHT_PX);
  evaluationDock_->setWidget(evaluation_);
  // A tab beside the structure and tool docks, so that the chart gets the full height.
  addRightDockTab(*this, evaluationDock_);
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
  ComparePanel* compare = evaluation_->comparePanel();
  connect(compare, &ComparePanel::rtDoseRequested, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, "Compare with RT Dose", QString(),
                                                      "DICOM (*.dcm);;All files (*)");
    if (!file.isEmpty()) compareWithRtDose(file);
  });
  connect(compare, &ComparePanel::approvedRevisionRequested, this, &MainWindow::compareWithApprovedRevision);
  connect(compare, &ComparePanel::shownChanged, this, &MainWindow::showComparisonInViews);
  // Prior courses added or changed: the reference points' cumulative doses follow.
  connect(evaluation_->reirradiationPanel(), &ReirradiationPanel::inputsChanged, this, &MainWindow::refreshReferencePoints);
  connect(evaluation_->reirradiationPanel(), &ReirradiationPanel::showInViewsChanged, this, &MainWindow::showCumulativeInViews);
  connect(evaluation_, &EvaluationPanel::cumulativeEvaluated, this, [this] {
    if (evaluation_->reirradiationPanel()->showsInViews()) showCumulativeInViews();
  });
  // A prior course on the fused prior CT's frame is mapped through the registration accepted there.
  evaluation_->reirradiationPanel()->setRegistrationSource(
      [this](const std::string& frame) { return acceptedFusionRegistration(frame); });
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

QFuture<void> MainWindow::compareWith(PlanDose evaluated) {
  const PlanDose* reference = evaluation_->model().planDose();
  if (reference == nullptr) {
    QMessageBox::information(this, "Kerma: compare", "There is no plan dose to compare with: compute or open one first.");
    return QtFuture::makeReadyFuture();
  }
  evaluation_->setCurrentWidget(evaluation_->comparePanel());
  return evaluation_->comparePanel()->compare(*reference, std::move(evaluated), evaluation_->model().structures());
}

QFuture<void> MainWindow::compareWithRtDose(const QString& file) {
  try {
    PlanDose dose = readPlanDose(file.toStdString());
    requireDoseOfPatient(model_.ct().identity, evaluation_->model().ctOrigin(), dose);
    return compareWith(std::move(dose));
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: not compared", QString::fromStdString(e.what()));
    return QtFuture::makeReadyFuture();
  }
}

QFuture<void> MainWindow::compareWithApprovedRevision() {
  const auto& approved = planRecord().lastApproved();
  if (!approved) {
    QMessageBox::information(this, "Kerma: compare", "The plan has no approved revision to compare with.");
    return QtFuture::makeReadyFuture();
  }
  PlanDose dose = planDoseOf(approved->plan, model_.ct().identity);
  dose.origin = "revision " + std::to_string(approved->revision) + " (approved)";
  return compareWith(std::move(dose));
}

void MainWindow::showCumulativeInViews() {
  const CumulativeEvaluation* cumulative = evaluation_->reirradiation().result();
  if (!evaluation_->reirradiationPanel()->showsInViews() || cumulative == nullptr) {
    setDoseWashStyle(dosePanel_->style());
    return;
  }
  // Its own maximum as 100 %: an EQD2 sum has no prescription of its own.
  auto eqd2 = std::make_shared<const eval::DoseDistribution>(cumulative->eqd2Sum);
  const DoseWashStyle style = defaultDoseWashStyle(*eqd2, 0);
  for (SliceView* view : views_) view->setDose(eqd2, style);
  dosePanel_->setIsodoseLegend(isodoseLevels(*eqd2, style));  // the levels drawn, in Gy EQD2
}

void MainWindow::showComparisonInViews() {
  const ComparePanel* compare = evaluation_->comparePanel();
  const auto& comparison = compare->comparison();
  switch (compare->shown()) {
    case ComparePanel::Shown::PlanDose:
      setDoseWashStyle(dosePanel_->style());
      return;
    case ComparePanel::Shown::Difference: {
      // A range of at least a hundredth of a Gy, so that equal doses draw nothing, not noise.
      const DoseWashStyle style = differenceWashStyle(std::max(0.01, differenceRangeGy(*comparison)));
      for (SliceView* view : views_) view->setDose(comparison->difference, style);
      return;
    }
    case ComparePanel::Shown::Gamma:
      for (SliceView* view : views_) view->setDose(comparison->gamma, gammaWashStyle());
      return;
  }
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

bool MainWindow::waitForPlanEvaluation(int timeoutMs) { return !evaluation_ || evaluation_->waitUntilIdle(timeoutMs); }

}  // namespace kerma::app
