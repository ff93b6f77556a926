// GUI test of the plan as a clinical record in a real window under X (xvfb-run): a 4-field box
// on the demo patient computed, approved and exported through the same library as kerma-cli
// plan; a beam edited after approval starts revision 2 with a stale dose that blocks approval
// and export, while the approved revision still exports as it was; a prescription above the
// machine's limit blocks approval; a cancelled export writes nothing; a contour edited after
// approval does not reach the approved revision's export.

#include "compare_panel.h"
#include "dose_panel.h"
#include "dvh_chart.h"
#include "evaluation_panel.h"
#include "reirradiation_panel.h"
#include "statistics_table.h"
#include "slice_view.h"
#include "combine_dialog.h"
#include "main_window.h"
#include "patient_window.h"

#include "gui_test_application.h"
#include "run_process.h"

#include "kerma/app/patient_files.h"
#include "kerma/app/plan_comparison.h"
#include "kerma/app/patient_store.h"
#include "kerma/app/working_state.h"
#include "kerma/core/error.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtplan_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/planexport/plan_export.h"
#include "kerma/structure/margin.h"

#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QTableWidget>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QTest>

#include <gtest/gtest.h>
#include <vtkTable.h>
#include <vtkVariant.h>

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <vector>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

constexpr int TIMEOUT_MS = 300000;

class PlanApprovalGuiTest : public GuiTest {};

template <class T>
T wait(const QFuture<T>& running) {
  QElapsedTimer timer;
  timer.start();
  while (!running.isFinished() && timer.elapsed() < TIMEOUT_MS) QApplication::processEvents(QEventLoop::AllEvents, 50);
  EXPECT_TRUE(running.isFinished());
  QApplication::processEvents();
  if constexpr (!std::is_void_v<T>) return running.result();
}

void computeDose(MainWindow& window, const std::string& prescription, const std::string& target = "GTV_Met") {
  PlanDoseRequest request;
  request.target = target;
  request.prescription = prescription;
  request.gridMm = 5;  // the record, not the engine's resolution, is under test
  wait(window.computeDose(request));
}

fs::path freshFolder(const std::string& name) {
  const fs::path folder = fs::path(KERMA_TEST_OUTPUT_DIR) / name;
  fs::remove_all(folder);
  return folder;
}

std::string today() {
  const std::time_t t = std::time(nullptr);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d", std::localtime(&t));
  return text;
}

std::string refusal(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << part << "' not in: " << text;
}

/// Answers the next "Combine anyway?" question with button (an object name), after keeping its
/// text in shownText (and, given a file name, a screenshot of it); "Do not combine" must be the default.
void answerCombineQuestion(const char* button, std::string& shownText, const char* screenshot = nullptr) {
  QTimer::singleShot(0, [button, &shownText, screenshot] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    ASSERT_NE(box, nullptr);
    shownText = box->text().toStdString();
    if (screenshot) {
      QDir().mkpath(KERMA_SCREENSHOT_DIR);
      EXPECT_TRUE(box->grab().save(QString(KERMA_SCREENSHOT_DIR "/") + screenshot, "PNG"));
    }
    auto* chosen = box->findChild<QPushButton*>(button);
    ASSERT_NE(chosen, nullptr) << button;
    EXPECT_TRUE(box->defaultButton()->objectName() == "doNotCombineButton");
    chosen->click();
  });
}

TEST_F(PlanApprovalGuiTest, ApprovedPlanExportsApprovedAndAnEditStartsRevisionTwo) {
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->setUpPlanEvaluation("built-in demo patient");
  window->resize(1600, 1000);
  window->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  auto* planLabel = window->findChild<QLabel*>("planStateLabel");
  auto* doseLabel = window->findChild<QLabel*>("doseStateLabel");
  ASSERT_NE(planLabel, nullptr);
  ASSERT_NE(doseLabel, nullptr);
  QLabel* blockersLabel = window->dosePanel()->blockersLabel();

  TemplatePlanSettings settings;
  settings.beamTemplate = beams::BeamTemplate::Box4;
  settings.targetIndex = *window->structures().indexOf("GTV_Met");
  settings.options.marginsMm = {7, 7, 7, 7};
  ASSERT_TRUE(window->createTemplatePlan(settings));
  BeamPlanModel& beams = window->beamPlan();

  // Nothing computed: approval and export are refused, saying why.
  EXPECT_TRUE(contains(refusal([&] { window->approvePlan("Anna Physicist"); }), "no dose"));
  EXPECT_TRUE(contains(refusal([&] { window->exportPlanTo(freshFolder("never")); }), "no dose"));
  EXPECT_FALSE(fs::exists(freshFolder("never")));

  computeDose(*window, "20Gy/5");
  ASSERT_TRUE(window->planRecord().plan().has_value());
  EXPECT_TRUE(window->planBlockers().empty());
  EXPECT_FALSE(blockersLabel->isVisible());
  EXPECT_EQ(planLabel->text(), "Plan KERMA revision 1: unapproved");
  EXPECT_TRUE(contains(refusal([&] { window->approvePlan(""); }), "no reviewer"));
  window->approvePlan("Anna Physicist");
  EXPECT_EQ(planLabel->text().toStdString(), "Plan KERMA revision 1: APPROVED by Anna Physicist on " +
                                                 today().substr(0, 4) + "-" + today().substr(4, 2) + "-" +
                                                 today().substr(6, 2));

  // The export: every object, the approval in the RT Plan, nothing left of the staging folder.
  const fs::path approvedFolder = freshFolder("plan-approved");
  const fs::path rtplan = wait(window->exportPlanTo(approvedFolder));
  ASSERT_FALSE(rtplan.empty());
  const auto read = dicom::readRtPlan(rtplan);
  EXPECT_EQ(read.plan.approval.status, dicom::ApprovalStatus::Approved);
  EXPECT_EQ(read.plan.approval.reviewerName, "Anna Physicist");
  EXPECT_EQ(read.plan.approval.reviewDate, today());
  EXPECT_EQ(read.plan.doseAlgorithm, planexport::DOSE_ALGORITHM);
  EXPECT_EQ(read.plan.machine.checksum, beams.machine().checksum);
  EXPECT_EQ(read.plan.label, "KERMA");
  ASSERT_EQ(read.plan.beams.size(), 4u);
  for (int b = 0; b < 4; ++b)
    EXPECT_NEAR(read.plan.beams[std::size_t(b)].monitorUnits, *beams.monitorUnits(b), 1e-6) << b;
  const double approvedGantryDeg = beams.beam(1).gantryAngleDeg;
  int rtImages = 0, rtDoses = 0, rtStructs = 0, reports = 0;
  for (const auto& entry : fs::directory_iterator(approvedFolder)) {
    const std::string name = entry.path().filename().string();
    EXPECT_NE(name.rfind(".kerma-export", 0), 0u) << "staging folder left behind: " << name;
    rtImages += name.rfind("RI.", 0) == 0;
    rtDoses += name.rfind("RD.", 0) == 0;
    rtStructs += name.rfind("RS.", 0) == 0;
    reports += entry.path().extension() == ".pdf";
  }
  EXPECT_EQ(rtImages, 6);  // four treatment beams, two setup beams
  EXPECT_EQ(rtDoses, 1);
  EXPECT_EQ(rtStructs, 1);
  EXPECT_EQ(reports, 1);

  // An edit after approval: revision 2, unapproved, the dose stale; approval and export refused.
  beams.setAngles(1, approvedGantryDeg + 10, beams.beam(1).collimatorAngleDeg, beams.beam(1).couchAngleDeg);
  QApplication::processEvents();
  EXPECT_EQ(window->planRecord().revision(), 2);
  EXPECT_FALSE(window->planRecord().approval().has_value());
  EXPECT_EQ(planLabel->text(), "Plan KERMA revision 2: unapproved (revision 1 approved)");
  EXPECT_TRUE(doseLabel->text().startsWith("Dose stale: the beams")) << doseLabel->text().toStdString();
  EXPECT_TRUE(blockersLabel->isVisible());
  EXPECT_TRUE(contains(blockersLabel->text().toStdString(), "stale"));
  EXPECT_TRUE(contains(refusal([&] { window->approvePlan("Anna Physicist"); }), "the dose is stale: the beams changed"));
  const fs::path refused = freshFolder("plan-stale");
  EXPECT_TRUE(contains(refusal([&] { window->exportPlanTo(refused); }), "cannot export plan KERMA revision 2"));
  EXPECT_FALSE(fs::exists(refused));
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  EXPECT_TRUE(window->grab().save(QString(KERMA_SCREENSHOT_DIR "/plan_revision2_stale.png"), "PNG"));

  // The approved revision still exports as it was approved.
  const fs::path asApproved = wait(window->exportPlanTo(freshFolder("plan-revision1"), PlanRevision::LastApproved));
  ASSERT_FALSE(asApproved.empty());
  const auto again = dicom::readRtPlan(asApproved);
  EXPECT_EQ(again.plan.approval.status, dicom::ApprovalStatus::Approved);
  EXPECT_EQ(again.plan.approval.reviewerName, "Anna Physicist");
  EXPECT_DOUBLE_EQ(again.plan.beams[1].beam.gantryAngleDeg, approvedGantryDeg);

  // Revision 2 computed at 30 Gy in one fraction: current, but above the machine's 25 Gy per
  // fraction; a blocking warning in the Dose panel, and approval refused naming the limit.
  computeDose(*window, "30Gy/1");
  EXPECT_FALSE(doseLabel->text().startsWith("Dose stale")) << doseLabel->text().toStdString();
  const auto blockers = window->planBlockers();
  // The prescription, and each beam whose MU went above the machine's 999 with it.
  std::size_t overMu = 0;
  for (const double mu : window->planRecord().plan()->muPerFraction) overMu += mu > 999;
  ASSERT_EQ(blockers.size(), 1 + overMu);
  EXPECT_TRUE(contains(blockers[0], "maxDosePerFractionGy"));
  for (std::size_t b = 1; b < blockers.size(); ++b) EXPECT_TRUE(contains(blockers[b], "muPerBeam"));
  EXPECT_TRUE(blockersLabel->isVisible());
  EXPECT_TRUE(contains(blockersLabel->text().toStdString(), "maxDosePerFractionGy"));
  EXPECT_TRUE(contains(refusal([&] { window->approvePlan("Anna Physicist"); }), "maxDosePerFractionGy"));
  window->findChild<QDockWidget*>("doseDock")->raise();
  QApplication::processEvents();
  EXPECT_TRUE(window->grab().save(QString(KERMA_SCREENSHOT_DIR "/plan_delivery_limit.png"), "PNG"));

  // Back within the limits: approvable as revision 2, exported unapproved before that.
  computeDose(*window, "20Gy/5");
  EXPECT_TRUE(window->planBlockers().empty());
  const fs::path unapproved = wait(window->exportPlanTo(freshFolder("plan-revision2")));
  ASSERT_FALSE(unapproved.empty());
  EXPECT_EQ(dicom::readRtPlan(unapproved).plan.approval.status, dicom::ApprovalStatus::Unapproved);

  // An export cancelled while it computes a DRR leaves the folder empty. The DRR reports its
  // rows, so the bar moves within one "RT Image" step before the Cancel.
  const fs::path cancelled = freshFolder("plan-cancelled");
  QFuture<fs::path> running = window->exportPlanTo(cancelled);
  // The newest: earlier exports' dialogs are hidden, awaiting deletion.
  const auto dialogs = window->findChildren<QProgressDialog*>("exportProgress", Qt::FindDirectChildrenOnly);
  ASSERT_FALSE(dialogs.isEmpty());
  // Guarded: the dialog is deleted once the export ends.
  const QPointer<QProgressDialog> progress = dialogs.last();
  const QPointer<QPushButton> cancelButton = progress->findChild<QPushButton*>();
  ASSERT_NE(cancelButton, nullptr);
  QString drrStep;
  int drrStepStart = -1;
  bool movedWithinDrr = false;
  QElapsedTimer timer;
  timer.start();
  while (!movedWithinDrr && !running.isFinished() && timer.elapsed() < TIMEOUT_MS) {
    QApplication::processEvents(QEventLoop::AllEvents, 5);
    if (!progress) break;
    const QString step = progress->labelText();
    if (!step.contains("RT Image")) continue;
    if (step != drrStep) {
      drrStep = step;
      drrStepStart = progress->value();
    } else {
      movedWithinDrr = progress->value() > drrStepStart;
    }
  }
  ASSERT_TRUE(movedWithinDrr) << "the export ended, or its bar did not move within one RT Image step";
  cancelButton->click();
  EXPECT_TRUE(wait(running).empty());
  EXPECT_TRUE(!fs::exists(cancelled) || fs::is_empty(cancelled));
}

// The demo patient in a shown window with a plan of beamTemplate on target and its dose (20 Gy /
// 5, 5 mm grid).
std::unique_ptr<MainWindow> demoPlanWindow(beams::BeamTemplate beamTemplate, const std::string& target = "GTV_Met") {
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->setUpPlanEvaluation("built-in demo patient");
  window->resize(1600, 1000);
  window->show();
  EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  TemplatePlanSettings settings;
  settings.beamTemplate = beamTemplate;
  settings.targetIndex = *window->structures().indexOf(target);
  settings.options.marginsMm = {7, 7, 7, 7};
  EXPECT_TRUE(window->createTemplatePlan(settings));
  computeDose(*window, "20Gy/5", target);
  return window;
}

// Issue 18's case: AP/PA on the demo's anterior metastasis, the same dose at the target from both
// beams, a hot spot near the posterior skin. The dose panel names it in red, the views mark it,
// and approval goes through only with the reviewer's explicit acceptance.
TEST_F(PlanApprovalGuiTest, AHotSpotIsShownMarkedAndMustBeAcceptedAtApproval) {
  const auto window = demoPlanWindow(beams::BeamTemplate::ApPa);
  ASSERT_TRUE(window && window->planRecord().plan().has_value());
  auto maximum = plan::globalMaximum(*window->planRecord().plan(), window->structures().structures());
  ASSERT_TRUE(maximum);
  const double equalWeightsPercent = maximum->percentOf(20);
  EXPECT_GT(equalWeightsPercent, 130);

  // Optimise weights: one undoable edit, the dose re-summed at once, the maximum lower.
  auto* optimise = window->findChild<QPushButton*>("optimiseWeightsButton");
  ASSERT_NE(optimise, nullptr);
  optimise->click();
  QApplication::processEvents();
  EXPECT_GT(window->beamPlan().beam(0).weight, window->beamPlan().beam(1).weight);  // AP carries more
  maximum = plan::globalMaximum(*window->planRecord().plan(), window->structures().structures());
  const double percent = maximum->percentOf(20);
  EXPECT_LT(percent, equalWeightsPercent - 20);
  EXPECT_TRUE(window->planBlockers().empty()) << "the re-summed dose is current";
  window->history().undo();
  QApplication::processEvents();
  EXPECT_DOUBLE_EQ(window->beamPlan().beam(0).weight, 1);
  window->history().redo();
  QApplication::processEvents();
  EXPECT_NEAR(plan::globalMaximum(*window->planRecord().plan(), window->structures().structures())->percentOf(20), percent,
              1e-9);

  QLabel* label = window->dosePanel()->globalMaximumLabel();
  EXPECT_TRUE(label->isVisible());
  EXPECT_TRUE(contains(label->text().toStdString(), eval::describe(*maximum, 20))) << label->text().toStdString();
  EXPECT_TRUE(contains(label->text().toStdString(), "hot spot: approval must accept it"));

  // "Go to" brings the maximum into the views, each of which marks it.
  auto* goTo = window->dosePanel()->findChild<QPushButton*>("goToGlobalMaximumButton");
  ASSERT_NE(goTo, nullptr);
  goTo->click();
  QApplication::processEvents();
  for (const ViewOrientation orientation : {ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal}) {
    SliceView* view = window->view(orientation);
    const QImage image = view->grabFramebuffer();
    const ViewPixel at = window->model().viewport(orientation).pixelFromPatient(maximum->positionMm);
    const double ratio = view->devicePixelRatioF();
    int magenta = 0;
    for (int dy = -10; dy <= 10; ++dy)
      for (int dx = -10; dx <= 10; ++dx) {
        const QPoint p(int(at.x * ratio) + dx, int(at.y * ratio) + dy);
        if (!image.valid(p)) continue;
        const QColor c = image.pixelColor(p);
        if (c.red() > 200 && c.green() < 90 && c.blue() > 200) ++magenta;
      }
    EXPECT_GT(magenta, 10) << "no mark of the maximum in view " << int(orientation);
    if (orientation == ViewOrientation::Axial) image.save(KERMA_SCREENSHOT_DIR "/global_maximum_axial.png");
  }

  // Isodose levels typed in % and Gy; a typing error leaves them as they were.
  auto* levels = window->dosePanel()->findChild<QLineEdit*>("isodoseLevels");
  ASSERT_NE(levels, nullptr);
  levels->setText("107, 100, 95, 18 Gy");
  emit levels->editingFinished();
  EXPECT_EQ(window->dosePanel()->style().isodosePercent, (std::vector<double>{107, 100, 95, 90}));
  levels->setText("107, lots");
  emit levels->editingFinished();
  EXPECT_EQ(window->dosePanel()->style().isodosePercent, (std::vector<double>{107, 100, 95, 90}));
  EXPECT_TRUE(levels->toolTip().contains("'lots'"));

  // The 95 % isodose as a structure: its volume is the grid DVH's volume at 19 Gy, up to the CT
  // voxels' staircase.
  const int before = window->structures().count();
  QTimer::singleShot(0, [] {
    auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
    ASSERT_NE(dialog, nullptr);
    dialog->setTextValue("95");
    dialog->accept();
  });
  window->dosePanel()->findChild<QPushButton*>("isodoseToStructureButton")->click();
  ASSERT_EQ(window->structures().count(), before + 1);
  EXPECT_EQ(window->structures().structure(before).name, "Isodose 95%");
  const auto planDose = plan::doseDistribution(*window->planRecord().plan(), window->model().ct().identity);
  const double isodoseCc = eval::volumeAtLeastCc(eval::computeGridDvh(planDose), 19);
  EXPECT_NEAR(window->structures().volumeCc(before), isodoseCc, 0.05 * isodoseCc);
  window->history().undo();
  EXPECT_EQ(window->structures().count(), before);

  EXPECT_TRUE(contains(refusal([&] { window->approvePlan("Anna Physicist"); }), "the reviewer must accept it"));
  // The dialog: OK only once the hot spot's own box is ticked too.
  bool sawDialog = false;
  QTimer::singleShot(0, [&] {
    auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
    ASSERT_NE(dialog, nullptr);
    sawDialog = true;
    auto* accept = dialog->findChild<QCheckBox*>("acceptHotSpot");
    auto* reviewed = dialog->findChild<QCheckBox*>("reviewed");
    auto* name = dialog->findChild<QLineEdit*>("reviewerName");
    auto* ok = dialog->findChild<QDialogButtonBox*>("buttons")->button(QDialogButtonBox::Ok);
    ASSERT_TRUE(accept && reviewed && name && ok);
    EXPECT_TRUE(accept->isVisible());
    EXPECT_TRUE(accept->text().contains(QString("(%1 %)").arg(std::round(percent))));
    name->setText("Anna Physicist");
    reviewed->setChecked(true);
    EXPECT_FALSE(ok->isEnabled());
    accept->setChecked(true);
    EXPECT_TRUE(ok->isEnabled());
    dialog->grab().save(KERMA_SCREENSHOT_DIR "/approval_hot_spot.png");
    ok->click();
  });
  window->findChild<QAction*>("approvePlanAction")->trigger();
  EXPECT_TRUE(sawDialog);
  ASSERT_TRUE(window->planRecord().approval().has_value());
  EXPECT_EQ(window->planRecord().approval()->acceptedGlobalMaxPercent, std::round(percent));
}

// The lines of the export's report in folder that name structure (its statistics, DVH legend,
// constraints), as pdftotext lays them out.
std::vector<std::string> reportLinesNaming(const fs::path& folder, const std::string& structure) {
  fs::path pdf;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".pdf") pdf = entry.path();
  const auto text = kerma::testing::runProcess("/usr/bin/pdftotext", {"-layout", pdf.string(), "-"});
  EXPECT_EQ(text.exitStatus, 0) << pdf << ": " << text.err;
  std::vector<std::string> lines;
  std::istringstream in(text.out);
  for (std::string line; std::getline(in, line);)
    if (line.find(structure) != std::string::npos) lines.push_back(line);
  return lines;
}

double exportedVolumeCc(const fs::path& folder, const core::CtImage& ct, const std::string& structure) {
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().rfind("RS.", 0) == 0)
      for (const auto& s : dicom::structuresOnCt(dicom::readStructureSet(entry.path()), ct).structures)
        if (s.name == structure) return structure::volumeCc(s.mask);
  ADD_FAILURE() << "no " << structure << " in the RT Structure Set of " << folder;
  return 0;
}

// Reference points: the planner's point added at the crosshair shows its dose per beam, per
// fraction and in total beside the isocentre's; the approved revision's report keeps the points
// of its approval after the point is removed.
// Field-in-field from the beam table on an AP/PA pair on the bladder (D2 % above 107 % with open
// fields): the dialog's defaults are issue 18's (105 %, 3 subfields); the run's subfields become
// the beams' (one undoable edit) and its dose the plan's, current, the target homogeneous and the
// maximum lower; the selected beam's segments are listed under the table with MU adding up to
// the beam's.
TEST_F(PlanApprovalGuiTest, FieldInFieldGivesTheBeamsSubfieldsListedUnderTheirBeamAsOneUndoableEdit) {
  const auto window = demoPlanWindow(beams::BeamTemplate::ApPa, "Bladder");
  ASSERT_TRUE(window && window->planRecord().plan().has_value());
  const double before = plan::globalMaximum(*window->planRecord().plan(), window->structures().structures())->percentOf(20);
  EXPECT_FALSE(plan::targetHomogeneity(*window->planRecord().plan()).icru83());

  auto* button = window->findChild<QPushButton*>("fieldInFieldButton");
  ASSERT_NE(button, nullptr);
  QTimer::singleShot(0, [] {
    QWidget* dialog = QApplication::activeModalWidget();
    ASSERT_NE(dialog, nullptr);
    auto* level = dialog->findChild<QDoubleSpinBox*>("fifLevelPercent");
    auto* count = dialog->findChild<QSpinBox*>("fifMaxSubfields");
    ASSERT_TRUE(level && count);
    EXPECT_EQ(level->value(), 105);
    EXPECT_EQ(count->value(), 3);
    QDir().mkpath(KERMA_SCREENSHOT_DIR);
    dialog->grab().save(KERMA_SCREENSHOT_DIR "/field_in_field_dialog.png");
    qobject_cast<QDialog*>(dialog)->reject();
  });
  button->click();
  const auto editsBefore = window->history().index();

  wait(window->fieldInField({105, 3}));
  ASSERT_EQ(window->history().index(), editsBefore + 1);
  const plan::Plan& segmented = *window->planRecord().plan();
  std::size_t subfields = 0;
  for (int b = 0; b < window->beamPlan().count(); ++b) {
    EXPECT_EQ(window->beamPlan().beam(b).subfields, segmented.beams[std::size_t(b)].subfields);
    subfields += segmented.beams[std::size_t(b)].subfields.size();
  }
  ASSERT_GT(subfields, 0u);
  EXPECT_TRUE(window->planBlockers().empty()) << "the field-in-field dose is current";
  const double after = plan::globalMaximum(segmented, window->structures().structures())->percentOf(20);
  EXPECT_LT(after, before - 5);
  EXPECT_TRUE(plan::targetHomogeneity(segmented).icru83());
  EXPECT_TRUE(contains(window->statusBar()->currentMessage().toStdString(), "field-in-field 105 %"))
      << window->statusBar()->currentMessage().toStdString();

  // The segments of a beam with subfields, under the table.
  const int withSubfields = segmented.beams[0].subfields.empty() ? 1 : 0;
  window->beamPlan().setSelectedIndex(withSubfields);
  QApplication::processEvents();
  auto* segments = window->findChild<QTableWidget*>("segmentTable");
  ASSERT_NE(segments, nullptr);
  EXPECT_TRUE(segments->isVisible());
  const auto& beam = segmented.beams[std::size_t(withSubfields)];
  ASSERT_EQ(segments->rowCount(), int(beam.subfields.size() + 1));
  EXPECT_EQ(segments->item(1, 0)->text().toStdString(), beam.name + " subfield 1");
  double mu = 0;
  for (int row = 0; row < segments->rowCount(); ++row) mu += segments->item(row, 2)->text().toDouble();
  EXPECT_NEAR(mu, segmented.muPerFraction[std::size_t(withSubfields)], 0.05 * segments->rowCount());
  window->findChild<QDockWidget*>("beamsDock")->raise();
  QApplication::processEvents();
  window->grab().save(KERMA_SCREENSHOT_DIR "/field_in_field_segments.png");

  // Undone: the open fields again, whose dose is no longer the plan's; redone: current again.
  window->history().undo();
  QApplication::processEvents();
  EXPECT_TRUE(window->beamPlan().beam(withSubfields).subfields.empty());
  EXPECT_FALSE(segments->isVisible());
  EXPECT_FALSE(window->planBlockers().empty());
  window->history().redo();
  QApplication::processEvents();
  EXPECT_EQ(window->beamPlan().beam(withSubfields).subfields, beam.subfields);
  EXPECT_TRUE(window->planBlockers().empty());
}

// The colour of view's pixel at p (a point of its slice), premultiplied over the CT.
QColor pixelAt(MainWindow& window, ViewOrientation orientation, const core::Point3<core::Patient>& p) {
  SliceView* view = window.view(orientation);
  const QImage image = view->grabFramebuffer();
  const ViewPixel at = window.model().viewport(orientation).pixelFromPatient(p);
  const double ratio = view->devicePixelRatioF();
  return image.pixelColor(int(at.x * ratio), int(at.y * ratio));
}

// Plan comparison (issue 18): the box4 plan's revision 2 (AP's weight doubled) against its
// approved revision 1, then against an RT Dose "of another system" (revision 2's dose × 1.03
// written by Kerma's RT Dose exporter). The Compare tab's table states each structure's
// statistics in both and the differences; its chart overlays both curves of each structure (the
// other dose's dashed); the views draw the difference map (blue where the other dose is lower,
// red where higher) and the gamma map.
TEST_F(PlanApprovalGuiTest, RevisionsAndAnImportedRtDoseAreComparedWithMapsCurvesAndStatistics) {
  const auto window = demoPlanWindow(beams::BeamTemplate::Box4);
  ASSERT_TRUE(window && window->planRecord().plan().has_value());
  window->approvePlan("Anna Physicist");
  window->beamPlan().setWeight(0, 2);  // AP: the dose is re-summed, revision 2 begins
  QApplication::processEvents();
  ASSERT_TRUE(window->evaluationPanel()->waitUntilIdle(TIMEOUT_MS));
  ComparePanel* compare = window->evaluationPanel()->comparePanel();
  ASSERT_NE(compare, nullptr);

  wait(window->compareWithApprovedRevision());
  ASSERT_TRUE(compare->comparison().has_value()) << compare->summary()->text().toStdString();
  const PlanComparison& revisions = *compare->comparison();
  EXPECT_EQ(revisions.evaluatedLabel, "revision 1 (approved)");
  EXPECT_TRUE(contains(compare->summary()->text().toStdString(), "gamma 2 %/2 mm:"));
  // The table: one row per compared structure, Δ = evaluated − reference of its statistics.
  QTableWidget* table = compare->table();
  ASSERT_EQ(table->rowCount(), int(revisions.result.structures.size()));
  for (int row = 0; row < table->rowCount(); ++row) {
    const auto& s = revisions.result.structures[std::size_t(row)];
    EXPECT_EQ(table->item(row, 0)->text().toStdString(), s.name);
    EXPECT_NEAR(table->item(row, 1)->text().toDouble(), s.reference.meanGy, 0.005);
    EXPECT_NEAR(table->item(row, 2)->text().toDouble(), s.evaluated.meanGy, 0.005);
    EXPECT_NEAR(table->item(row, 3)->text().toDouble(), s.evaluated.meanGy - s.reference.meanGy, 0.0051);
  }
  // The chart: both curves of each structure, the other dose's dashed, each the DVH it names.
  DvhChart* chart = compare->chart();
  ASSERT_EQ(chart->series().size(), 2 * revisions.result.structures.size());
  for (std::size_t n = 0; n < chart->series().size(); ++n) EXPECT_EQ(chart->seriesDashed(n), n % 2 == 1) << n;
  const auto& gtv = *std::find_if(revisions.result.structures.begin(), revisions.result.structures.end(),
                                  [](const auto& s) { return s.name == "GTV_Met"; });
  const std::size_t gtvIndex = std::size_t(&gtv - revisions.result.structures.data());
  vtkTable* dashed = chart->series()[2 * gtvIndex + 1];
  const auto expected = eval::cumulativeCurve(gtv.evaluatedDvh, gtv.evaluatedDvh.binWidthGy,
                                              {eval::VolumeUnit::Percent, revisions.prescriptionGy});
  ASSERT_EQ(dashed->GetNumberOfRows(), vtkIdType(expected.size()));
  const vtkIdType middle = dashed->GetNumberOfRows() / 2;
  EXPECT_DOUBLE_EQ(dashed->GetValue(middle, 1).ToDouble(), expected[std::size_t(middle)].volume);

  // The difference map along AP, 10 mm beside the crosshair and the beam's axis that the views
  // draw through the isocentre: revision 1 has less of AP's dose in front of the target (blue)
  // and more elsewhere (red).
  window->findChild<QPushButton*>("goToIsocentreButton")->click();
  compare->setShown(ComparePanel::Shown::Difference);
  QApplication::processEvents();
  const core::Point3<core::Patient> iso = window->beamPlan().beam(0).isocenterMm;
  const core::Point3<core::Patient> beside{iso.x + 10, iso.y, iso.z};
  core::Point3<core::Patient> front = beside, behind = beside;
  const auto differenceAt = [&](const core::Point3<core::Patient>& p) { return *eval::sampleDoseGy(*revisions.difference, p); };
  for (double dy = -90; dy <= 90; dy += 2) {
    const core::Point3<core::Patient> p{beside.x, beside.y + dy, beside.z};
    if (differenceAt(p) < differenceAt(front)) front = p;
    if (differenceAt(p) > differenceAt(behind)) behind = p;
  }
  ASSERT_LT(differenceAt(front), -0.1 * differenceRangeGy(revisions));
  ASSERT_GT(differenceAt(behind), 0.1 * differenceRangeGy(revisions));
  const QColor lower = pixelAt(*window, ViewOrientation::Axial, front);
  const QColor higher = pixelAt(*window, ViewOrientation::Axial, behind);
  EXPECT_GT(lower.blue(), lower.red() + 40) << lower.name().toStdString();
  EXPECT_GT(higher.red(), higher.blue() + 40) << higher.name().toStdString();
  compare->setShown(ComparePanel::Shown::Gamma);
  QApplication::processEvents();
  EXPECT_NE(pixelAt(*window, ViewOrientation::Axial, iso), lower);
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  compare->setShown(ComparePanel::Shown::Difference);
  QApplication::processEvents();
  window->grab().save(KERMA_SCREENSHOT_DIR "/compare_revisions.png");
  compare->setShown(ComparePanel::Shown::PlanDose);
  QApplication::processEvents();

  // An RT Dose of another system: 3 % more everywhere.
  eval::DoseDistribution other = plan::doseDistribution(*window->planRecord().plan(), window->model().ct().identity);
  for (float& v : other.doseGy.values()) v *= 1.03f;
  const fs::path file = freshFolder("compare-other-system") / "RD.other-system.dcm";
  fs::create_directories(file.parent_path());
  dicom::writeRtDose(other, file);
  wait(window->compareWithRtDose(QString::fromStdString(file.string())));
  ASSERT_TRUE(compare->comparison().has_value());
  EXPECT_EQ(compare->comparison()->evaluatedLabel, "RD.other-system.dcm");
  for (const auto& s : compare->comparison()->result.structures)
    if (s.reference.meanGy > 1) {
      EXPECT_NEAR(s.evaluated.meanGy / s.reference.meanGy, 1.03, 0.002) << s.name;
    }

  // A new plan dose ends the comparison, and the views draw the plan dose again.
  window->beamPlan().setWeight(0, 1);
  QApplication::processEvents();
  EXPECT_FALSE(compare->comparison().has_value());
  EXPECT_EQ(compare->shown(), ComparePanel::Shown::PlanDose);
}

TEST_F(PlanApprovalGuiTest, AReferencePointAddedAtTheCrosshairIsDosedAndFrozenWithTheApproval) {
  const auto window = demoPlanWindow(beams::BeamTemplate::Box4);
  ASSERT_TRUE(window && window->planRecord().plan().has_value());
  QTableWidget* table = window->dosePanel()->referencePointTable();
  ASSERT_EQ(table->rowCount(), 1);
  EXPECT_EQ(table->item(0, 0)->text(), "Isocentre");
  EXPECT_EQ(table->columnCount(), 2 + 4 + 2);  // name, position, four beams, fraction, total

  // A point 2 cm behind the isocentre, named in the dialog.
  const auto iso = *window->beamPlan().isocentre();
  window->model().centreOn({iso.x, iso.y + 20, iso.z});
  QTimer::singleShot(0, [] {
    auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
    ASSERT_NE(dialog, nullptr);
    dialog->setTextValue("Behind target");
    dialog->accept();
  });
  window->dosePanel()->findChild<QPushButton*>("addReferencePointButton")->click();
  ASSERT_EQ(table->rowCount(), 2);
  EXPECT_EQ(table->item(1, 0)->text(), "Behind target");
  ASSERT_EQ(window->planRecord().referencePoints().size(), 1u);
  const auto at = window->planRecord().referencePoints().front().positionMm;  // the crosshair, on a voxel
  EXPECT_LT((at - core::Point3<core::Patient>{iso.x, iso.y + 20, iso.z}).length(), 3.0);
  const plan::Plan& computed = *window->planRecord().plan();
  const auto dose = plan::pointDoses(computed, {{"Behind target", at}}).front();
  ASSERT_TRUE(dose);
  EXPECT_EQ(table->item(1, 7)->text(), QString::number(dose->totalGy, 'f', 2));
  EXPECT_NEAR(dose->totalGy, *core::sampleTrilinear(computed.doseGy, at), 1e-4);
  // Re-irradiation: a prior course (this dose again, as 3 fractions) adds its dose at each point,
  // all courses' sum and their EQD2 at alpha/beta 3 Gy.
  PlanDose prior = planDoseOf(computed, window->model().ct().identity);
  prior.origin = "2012";
  ASSERT_NO_THROW(window->evaluationPanel()->reirradiationPanel()->addPriorCourse(prior, 3));
  QApplication::processEvents();
  ASSERT_EQ(table->columnCount(), 2 + 4 + 2 + 3);
  EXPECT_EQ(table->horizontalHeaderItem(8)->text(), "2012");
  EXPECT_EQ(table->horizontalHeaderItem(9)->text(), "all courses");
  EXPECT_EQ(table->item(1, 8)->text(), QString::number(dose->totalGy, 'f', 2));
  EXPECT_EQ(table->item(1, 9)->text(), QString::number(2 * dose->totalGy, 'f', 2));
  const double eqd2 = eval::eqd2Gy(dose->totalGy, 3, 3) + eval::eqd2Gy(dose->totalGy, 5, 3);
  EXPECT_EQ(table->item(1, 10)->text(), QString::number(eqd2, 'f', 2));
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  window->dosePanel()->grab().save(KERMA_SCREENSHOT_DIR "/dose_panel_reference_points.png");

  window->approvePlan("Anna Physicist");
  table->selectRow(1);
  window->dosePanel()->findChild<QPushButton*>("removeReferencePointButton")->click();
  EXPECT_EQ(table->rowCount(), 1);
  const fs::path folder = freshFolder("approved-with-point");
  ASSERT_FALSE(wait(window->exportPlanTo(folder, PlanRevision::LastApproved)).empty());
  EXPECT_EQ(reportLinesNaming(folder, "Behind target").size(), 1u) << "the approved revision keeps its point";

  // The planner's points are part of the work an autosave keeps: a recovered session has them.
  QTimer::singleShot(0, [] {
    auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
    ASSERT_NE(dialog, nullptr);
    dialog->setTextValue("Cord");
    dialog->accept();
  });
  window->dosePanel()->findChild<QPushButton*>("addReferencePointButton")->click();
  const fs::path storeFolder = freshFolder("store-with-points");
  auto store = std::make_shared<PatientStore>(storeFolder);
  const WorkingState kept = window->workingState();
  ASSERT_EQ(kept.referencePoints.size(), 1u);
  store->writeRecovery(kept.patientId, encodeWorkingState(kept));
  const auto recovered = openPatientWindow(openPatient(std::nullopt), store, /*interactive=*/false, /*acceptRecovery=*/true);
  ASSERT_EQ(recovered->planRecord().referencePoints().size(), 1u);
  EXPECT_EQ(recovered->planRecord().referencePoints().front().name, "Cord");
  EXPECT_EQ(recovered->planRecord().referencePoints().front().positionMm, kept.referencePoints.front().positionMm);
}

// Approval freezes the structures too: the GTV grown after approval starts revision 2, and the
// approved revision's export still holds the GTV as approved, in its RT Structure Set and in
// its report's statistics and DVHs.
TEST_F(PlanApprovalGuiTest, AContourEditedAfterApprovalDoesNotReachTheApprovedExport) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) GTEST_SKIP() << "pdftotext absent (Debian poppler-utils)";
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->setUpPlanEvaluation("built-in demo patient");
  window->resize(1600, 1000);
  window->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  StructureSetModel& structures = window->structures();
  const int gtv = *structures.indexOf("GTV_Met");
  TemplatePlanSettings settings;
  settings.beamTemplate = beams::BeamTemplate::Box4;
  settings.targetIndex = gtv;
  settings.options.marginsMm = {7, 7, 7, 7};
  ASSERT_TRUE(window->createTemplatePlan(settings));
  computeDose(*window, "20Gy/5");
  window->approvePlan("Anna Physicist");
  const fs::path atApproval = freshFolder("approved-at-approval");
  ASSERT_FALSE(wait(window->exportPlanTo(atApproval, PlanRevision::LastApproved)).empty());
  const double approvedCc = structure::volumeCc(structures.structure(gtv).mask);
  const auto approvedLines = reportLinesNaming(atApproval, "GTV_Met");
  ASSERT_FALSE(approvedLines.empty());

  structures.replaceMask(gtv, structure::expand(structures.structure(gtv).mask, structure::MarginMm::isotropic(5)),
                         "Grow GTV_Met");
  ASSERT_TRUE(QTest::qWaitFor([&] { return window->planRecord().revision() == 2; }, TIMEOUT_MS))
      << "a contour edit after approval begins revision 2";
  ASSERT_GT(structure::volumeCc(structures.structure(gtv).mask), 2 * approvedCc);

  const fs::path afterEdit = freshFolder("approved-after-edit");
  ASSERT_FALSE(wait(window->exportPlanTo(afterEdit, PlanRevision::LastApproved)).empty());
  const core::CtImage& ct = window->model().ct();
  EXPECT_NEAR(exportedVolumeCc(afterEdit, ct, "GTV_Met"), approvedCc, 0.03 * approvedCc);
  EXPECT_NEAR(exportedVolumeCc(afterEdit, ct, "GTV_Met"), exportedVolumeCc(atApproval, ct, "GTV_Met"), 1e-9);
  EXPECT_EQ(reportLinesNaming(afterEdit, "GTV_Met"), approvedLines) << "the report's GTV statistics, DVH and constraints";
}

// An RT Dose of another patient and Frame of Reference: refused by default, combined only after
// "Combine anyway" in the dialog that names what differs, and that decision logged.
TEST_F(PlanApprovalGuiTest, ADoseOfAnotherPatientIsCombinedOnlyByAnExplicitLoggedDecision) {
  QStandardPaths::setTestModeEnabled(true);
  fs::remove(combineLogFile());
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->setUpPlanEvaluation("built-in demo patient");
  window->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  const core::CtImage& ct = window->model().ct();
  eval::DoseDistribution other;
  other.identity = ct.identity;
  other.identity.patientId = "OTHER-0002";
  other.identity.frameOfReferenceUid = "1.2.826.0.1.3680043.2.1125.9.9";
  const auto& grid = ct.hu.geometry();
  other.doseGy = core::Volume<float>(
      core::VolumeGeometry({grid.size()[0] / 4, grid.size()[1] / 4, grid.size()[2] / 2}, grid.originMm(),
                           {grid.spacingMm()[0] * 4, grid.spacingMm()[1] * 4, grid.spacingMm()[2] * 2}),
      2.0f);
  const fs::path file = freshFolder("other-patient") / "RD.other.dcm";
  fs::create_directories(file.parent_path());
  dicom::writeRtDose(other, file);

  std::string shownText;
  auto answer = [&](const char* button) { answerCombineQuestion(button, shownText); };
  answer("doNotCombineButton");
  EXPECT_FALSE(window->openRtDose(QString::fromStdString(file.string())));
  EXPECT_TRUE(contains(shownText, "Patient ID (0010,0020)"));
  EXPECT_TRUE(contains(shownText, "OTHER-0002"));
  EXPECT_TRUE(contains(shownText, "Frame of Reference UID (0020,0052)"));
  EXPECT_FALSE(fs::exists(combineLogFile()));

  answer("combineAnywayButton");
  EXPECT_TRUE(window->openRtDose(QString::fromStdString(file.string())));
  std::ifstream log(combineLogFile());
  std::string line;
  ASSERT_TRUE(std::getline(log, line));
  EXPECT_TRUE(contains(line, "combined RT Dose RD.other.dcm"));
  EXPECT_TRUE(contains(line, "'OTHER-0002'"));
  EXPECT_TRUE(contains(line, "Frame of Reference UID"));
  EXPECT_TRUE(contains(window->statusBar()->currentMessage().toStdString(), "OTHER-0002"));
}

// An RT Structure Set of another patient and Frame of Reference beside a CT: refused by default
// at open time, naming what differs; combined only after "Combine anyway", and that decision
// logged, as for a dose.
TEST_F(PlanApprovalGuiTest, AStructureSetOfAnotherPatientIsCombinedOnlyByAnExplicitLoggedDecision) {
  QStandardPaths::setTestModeEnabled(true);
  fs::remove(combineLogFile());
  const OpenedPatient demo = openPatient(std::nullopt);
  const fs::path folder = freshFolder("other-structures");
  fs::create_directories(folder);
  const std::vector<bool> stale(demo.structures.size(), false);
  const SavedStructureSet own = saveStructureSet(*demo.ct, demo.structures, stale, {}, folder);
  fs::remove(own.rtStructFile);
  core::CtImage other = *demo.ct;
  other.identity.patientId = "OTHER-0003";
  other.identity.frameOfReferenceUid = "1.2.826.0.1.3680043.2.1125.9.8";
  const fs::path otherSet = saveStructureSet(other, demo.structures, stale, own.ctSopInstanceUids, folder).rtStructFile;

  std::string shownText;
  auto answer = [&](const char* button) { answerCombineQuestion(button, shownText, "combine_structure_set.png"); };
  answer("doNotCombineButton");
  const OpenedPatient refused = openPatientAsking(nullptr, folder);
  EXPECT_TRUE(refused.structures.empty());
  EXPECT_FALSE(refused.structureSetFile);
  ASSERT_EQ(refused.problems.size(), 1u);
  for (const char* part : {"Patient ID (0010,0020)", "OTHER-0003", "Frame of Reference UID (0020,0052)", "not combined"})
    EXPECT_TRUE(contains(refused.problems[0], part)) << refused.problems[0];
  EXPECT_TRUE(contains(shownText, "Patient ID (0010,0020)"));
  EXPECT_TRUE(contains(shownText, "OTHER-0003"));
  EXPECT_TRUE(contains(shownText, "Frame of Reference UID (0020,0052)"));
  EXPECT_FALSE(fs::exists(combineLogFile()));

  answer("combineAnywayButton");
  OpenedPatient combined = openPatientAsking(nullptr, folder);
  ASSERT_EQ(combined.structures.size(), demo.structures.size());
  EXPECT_EQ(combined.structureSetFile, otherSet);
  EXPECT_TRUE(combined.problems.empty());
  EXPECT_EQ(combined.acceptedDifferences.size(), 2u);
  std::ifstream log(combineLogFile());
  std::string line;
  ASSERT_TRUE(std::getline(log, line));
  EXPECT_TRUE(contains(line, "combined RT Structure Set " + otherSet.filename().string()));
  EXPECT_TRUE(contains(line, "'OTHER-0003'"));
  EXPECT_TRUE(contains(line, "Frame of Reference UID"));
  MainWindow window(std::move(combined));
  EXPECT_TRUE(contains(window.statusBar()->currentMessage().toStdString(), "OTHER-0003"));
}

}  // namespace
}  // namespace kerma::app
