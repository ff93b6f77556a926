// The clinical case (../shared/docs/CLINICAL-CASE.md) walked through the main window with real
// Qt events, as a clinician and a physicist would: Bone by threshold, CTV = GTV + 15 mm within
// Bone, PTV = CTV + 5 mm, a 4-field box on the PTV normalised on the GTV, 20 Gy in 5, the DVHs
// of the new structures, the constraints at 5 fractions, approval, export and quit. Each step is
// a button, a dialog or a key, as a user gives it; the checks are those of issue 21.

#include "constraint_panel.h"
#include "dose_panel.h"
#include "evaluation_panel.h"
#include "main_window.h"
#include "reirradiation_panel.h"
#include "slice_view.h"
#include "statistics_table.h"
#include "structure_list_panel.h"

#include "gui_test_application.h"

#include "kerma/app/patient_files.h"
#include "kerma/app/plan_dose.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/plan/plan.h"
#include "kerma/structure/boolean.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <array>

#include <filesystem>
#include <functional>
#include <string>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

constexpr int TIMEOUT_MS = 300000;
// Ctrl+Q is pressed again while the window has not taken the keyboard yet, this often and this
// far apart.
constexpr int QUIT_KEY_ATTEMPTS = 20, QUIT_KEY_RETRY_MS = 250;

class ClinicalCaseGuiTest : public GuiTest {};

// Processes events until done() holds, at most TIMEOUT_MS.
bool waitFor(const std::function<bool()>& done) {
  QElapsedTimer timer;
  timer.start();
  while (!done()) {
    if (timer.elapsed() > TIMEOUT_MS) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return true;
}

template <class T>
T* child(QObject* parent, const char* name) {
  auto* found = parent->findChild<T*>(name);
  EXPECT_NE(found, nullptr) << name;
  return found;
}

void click(QAbstractButton* button) {
  ASSERT_NE(button, nullptr);
  ASSERT_TRUE(button->isEnabled()) << button->text().toStdString();
  QTest::mouseClick(button, Qt::LeftButton);
}

// Runs answer on the next modal dialog once it is up (from inside its exec()).
void whenDialogOpens(std::function<void(QWidget*)> answer) {
  QTimer::singleShot(50, [answer = std::move(answer)] {
    QWidget* dialog = QApplication::activeModalWidget();
    if (dialog == nullptr) {
      whenDialogOpens(answer);
      return;
    }
    answer(dialog);
  });
}

void choose(QComboBox* box, const char* text) {
  ASSERT_NE(box, nullptr);
  const int index = box->findText(text);
  ASSERT_GE(index, 0) << text;
  box->setCurrentIndex(index);
}

// Types text into a line edit or spin box as a user does: select all, type, Tab away.
void type(QWidget* field, const QString& text) {
  ASSERT_NE(field, nullptr);
  field->setFocus();
  QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(field, text);
  QTest::keyClick(field, Qt::Key_Tab);
}

void clickOk(QWidget* dialog) {
  auto* buttons = dialog->findChild<QDialogButtonBox*>();
  ASSERT_NE(buttons, nullptr);
  click(buttons->button(QDialogButtonBox::Ok));
}

// The Margin… dialog: source grown by marginMm within (empty: no limit), stored as name.
void applyMargin(MainWindow& window, const char* source, double marginMm, const char* within, const char* name) {
  whenDialogOpens([=](QWidget* dialog) {
    choose(dialog->findChild<QComboBox*>("marginSource"), source);
    type(dialog->findChild<QDoubleSpinBox*>("marginMm0"), QString::number(marginMm));
    if (*within) choose(dialog->findChild<QComboBox*>("marginWithin"), within);
    type(dialog->findChild<QLineEdit*>("marginName"), name);
    // A margin that keeps part of its source outside the limit says so (the lytic GTV in
    // bone): the note that follows the dialog is read and acknowledged.
    if (*within)
      whenDialogOpens([](QWidget* note) {
        auto* box = qobject_cast<QMessageBox*>(note);
        ASSERT_NE(box, nullptr);
        EXPECT_NE(box->text().toStdString().find("kept in CTV"), std::string::npos) << box->text().toStdString();
        box->accept();
      });
    clickOk(dialog);
  });
  click(child<QPushButton>(&window, "marginButton"));
}

std::string pdfText(const fs::path& pdf) {
  QProcess pdftotext;
  pdftotext.start("pdftotext", {QString::fromStdString(pdf.string()), "-"});
  EXPECT_TRUE(pdftotext.waitForFinished(60000));
  return pdftotext.readAllStandardOutput().toStdString();
}

TEST_F(ClinicalCaseGuiTest, FromTheGtvToAnApprovedExportedPlanAndAQuit) {
  auto* window = new MainWindow(openPatient(std::nullopt));
  QPointer<MainWindow> alive(window);
  window->setAttribute(Qt::WA_DeleteOnClose);
  window->setUpPlanEvaluation("built-in demo patient");
  window->resize(1600, 1000);
  window->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
  StructureSetModel& structures = window->structures();

  // Bone: a new structure, renamed in the list, filled by the threshold 150–3000 HU.
  click(child<QPushButton>(window, "addStructureButton"));
  auto* table = child<QTableWidget>(window, "structureTable");
  const int boneRow = structures.count() - 1;
  // The list follows the edit once the event loop has run.
  ASSERT_TRUE(waitFor([&] { return table->rowCount() == structures.count(); }));
  QTableWidgetItem* nameItem = table->item(boneRow, StructureListPanel::Name);
  ASSERT_NE(nameItem, nullptr);
  table->setCurrentItem(nameItem);
  table->setFocus();
  QTest::keyClick(table, Qt::Key_F2);
  auto* editor = table->viewport()->findChild<QLineEdit*>();
  ASSERT_NE(editor, nullptr) << "no editor for the name; active window "
                             << (QApplication::activeWindow() ? "set" : "none");
  QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(editor, "Bone");
  QTest::keyClick(editor, Qt::Key_Return);
  // The delegate commits the edit from the event loop.
  ASSERT_TRUE(waitFor([&] { return structures.structure(boneRow).name == "Bone"; }))
      << structures.structure(boneRow).name;
  click(child<QPushButton>(window, "thresholdApply"));
  EXPECT_GT(structure::volumeCc(structures.structure(boneRow).mask), 100) << "the pelvic bones";

  applyMargin(*window, "GTV_Met", 15, "Bone", "CTV");
  applyMargin(*window, "CTV", 5, "", "PTV");
  // Undo and both redo keys, pressed on the window (Ctrl+Shift+Z was bound twice and did nothing).
  window->activateWindow();
  ASSERT_TRUE(QTest::qWaitForWindowActive(window)) << "a shortcut reaches the active window only";
  const int withPtv = structures.count();
  for (const QKeyCombination redo : {Qt::CTRL | Qt::SHIFT | Qt::Key_Z, Qt::CTRL | Qt::Key_Y}) {
    QTest::keyClick(window, Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(structures.count(), withPtv - 1) << "undo";
    QTest::keyClick(window, redo.key(), redo.keyboardModifiers());
    EXPECT_EQ(structures.count(), withPtv) << "redo " << QKeySequence(redo).toString().toStdString();
  }
  const auto gtv = structures.indexOf("GTV_Met"), ctv = structures.indexOf("CTV"), ptv = structures.indexOf("PTV");
  ASSERT_TRUE(gtv && ctv && ptv);
  EXPECT_EQ(structures.structure(*ctv).type, structure::RoiType::Ctv);
  EXPECT_EQ(structures.structure(*ptv).type, structure::RoiType::Ptv);
  const double gtvCc = structure::volumeCc(structures.structure(*gtv).mask);
  EXPECT_DOUBLE_EQ(structure::volumeCc(structure::combine(structures.structure(*gtv).mask, structures.structure(*ctv).mask,
                                                          structure::BooleanOperation::Intersection)),
                   gtvCc)
      << "the CTV lost part of the GTV";

  // The new structures are offered at once where dose and evaluation name structures.
  auto* normalisedOn = child<QComboBox>(window, "doseTarget");
  EXPECT_TRUE(waitFor([&] { return normalisedOn->findText("PTV") >= 0 && normalisedOn->findText("CTV") >= 0; }));

  // A 4-field box on the PTV (Beams → New plan…).
  whenDialogOpens([](QWidget* dialog) {
    choose(dialog->findChild<QComboBox*>("planTarget"), "PTV");
    auto* beams = dialog->findChild<QComboBox*>("planTemplate");
    ASSERT_NE(beams, nullptr);
    for (int n = 0; n < beams->count(); ++n)
      if (beams->itemText(n).contains("box", Qt::CaseInsensitive)) beams->setCurrentIndex(n);
    clickOk(dialog);
  });
  click(child<QPushButton>(window, "newPlanButton"));
  ASSERT_EQ(window->beamPlan().count(), 4);

  // 20 Gy in 5 normalised on the GTV (D95), computed.
  choose(normalisedOn, "GTV_Met");
  type(child<QLineEdit>(window, "dosePrescription"), "20Gy/5");
  click(child<QPushButton>(window, "computeDoseButton"));
  ASSERT_TRUE(waitFor([&] { return window->planRecord().plan().has_value(); })) << "no dose";
  ASSERT_TRUE(window->waitForPlanEvaluation(TIMEOUT_MS));
  // Normalised on another structure than the fields': not stale, nothing blocks approval.
  EXPECT_TRUE(child<QLabel>(window, "doseStateLabel")->text().isEmpty())
      << child<QLabel>(window, "doseStateLabel")->text().toStdString();
  EXPECT_TRUE(window->planBlockers().empty());

  // The DVHs and statistics of the structures made in this session; constraints at 5 fractions.
  EvaluationModel& evaluation = window->evaluationPanel()->model();
  ASSERT_NE(evaluation.evaluation(), nullptr);
  for (const char* name : {"Bone", "CTV", "PTV"}) {
    const auto& evaluated = evaluation.structures();
    const auto found = std::find_if(evaluated.begin(), evaluated.end(), [&](const auto& s) { return s.name == name; });
    ASSERT_NE(found, evaluated.end()) << name;
    EXPECT_FALSE(evaluation.evaluation()->dvhs[std::size_t(found - evaluated.begin())].cumulativeCc.empty()) << name;
  }
  EXPECT_EQ(evaluation.fractions(), 5);
  EXPECT_EQ(child<QSpinBox>(window, "constraintFractions")->value(), 5);
  const auto constraints = evaluation.constraintResults();
  EXPECT_FALSE(constraints.empty());

  // Every view at the smallest size the window takes, at the default size and at a full-screen
  // one: the labels have their bands, the patient is not under them (at the fitted zoom), the
  // isodose legend (drawn at the default size at least) covers no image, and the screenshots are
  // kept for a look.
  const QSize smallest = window->minimumSizeHint().expandedTo(window->minimumSize());
  for (const QSize wanted : {smallest, QSize(1280, 800), QSize(1600, 1000), QSize(1920, 1200)}) {
    window->resize(wanted);
    QApplication::processEvents();
    const QSize size = window->size();
    window->waitForPlanEvaluation(TIMEOUT_MS);
    std::array<int, 3> frames{};
    const std::array orientations{ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal};
    for (std::size_t n = 0; n < 3; ++n) {
      frames[n] = window->view(orientations[n])->framesShown();
      window->view(orientations[n])->update();
    }
    ASSERT_TRUE(waitFor([&] {
      for (std::size_t n = 0; n < 3; ++n)
        if (window->view(orientations[n])->framesShown() == frames[n]) return false;
      return true;
    })) << "the views painted no new frame at " << size.width() << " x " << size.height();
    int legends = 0;
    for (const auto orientation : orientations) {
      SliceView* view = window->view(orientation);
      const ViewRect image = volumeRect(window->model().viewport(orientation), structures.grid());
      EXPECT_GE(image.top, 2 * view->fontMetrics().height()) << viewName(orientation) << " under the top labels";
      EXPECT_LE(image.bottom, view->height() - 2 * view->fontMetrics().height()) << viewName(orientation);
      if (const auto legend = view->doseLegendRect()) {
        ++legends;
        const QRectF imageRect(QPointF(image.left, image.top), QPointF(image.right, image.bottom));
        EXPECT_FALSE(legend->intersects(imageRect))
            << viewName(orientation) << " at " << size.width() << " x " << size.height() << ": legend over the image";
      }
    }
    if (size == QSize(1600, 1000)) {
      EXPECT_GE(legends, 1) << "no view drew the isodose legend";
    }
    QDir().mkpath(KERMA_SCREENSHOT_DIR);
    EXPECT_TRUE(window->grab().save(QString(KERMA_SCREENSHOT_DIR "/clinical-case-%1x%2.png").arg(size.width()).arg(size.height())));
    window->beamViews()->setCurrentIndex(1);  // the 3D view with its orientation marker
    QApplication::processEvents();
    EXPECT_TRUE(window->grab().save(QString(KERMA_SCREENSHOT_DIR "/clinical-case-3d-%1x%2.png").arg(size.width()).arg(size.height())));
    window->beamViews()->setCurrentIndex(0);
  }
  window->resize(1600, 1000);

  // The first course, 21 Gy in 3 (the same dose as an RT Dose of an RT Plan of 2012 here), in the
  // re-irradiation tab: the export writes the cumulative EQD2 beside the plan's dose.
  const fs::path priorFile = fs::path(KERMA_TEST_OUTPUT_DIR) / "clinical-case-prior" / "RD.2012.dcm";
  fs::create_directories(priorFile.parent_path());
  dicom::RtDoseExportOptions priorOptions;
  priorOptions.referencedRtPlanUids = {"1.2.826.0.1.3680043.10.1234.2012"};
  dicom::writeRtDose(plan::doseDistribution(*window->planRecord().plan(), window->model().ct().identity), priorFile,
                     priorOptions);
  window->evaluationPanel()->reirradiationPanel()->addPriorCourse(readPlanDose(priorFile), 3);
  ASSERT_TRUE(waitFor([&] { return window->evaluationPanel()->reirradiation().result() != nullptr; }));

  // Approve (Plan → Approve plan…, the reviewer's name typed), export, read the report.
  whenDialogOpens([](QWidget* dialog) {
    auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QTest::keyClicks(dialog->findChild<QLineEdit*>("reviewerName"), "Anna Physicist");
    EXPECT_FALSE(ok->isEnabled()) << "approval needs the reviewer's explicit 'I have reviewed'";
    click(dialog->findChild<QCheckBox*>("reviewed"));
    click(ok);
  });
  child<QAction>(window, "approvePlanAction")->trigger();
  ASSERT_TRUE(window->planRecord().approval().has_value());
  const fs::path folder = fs::path(KERMA_TEST_OUTPUT_DIR) / "clinical-case-export";
  fs::remove_all(folder);
  auto exported = window->exportPlanTo(folder);
  ASSERT_TRUE(waitFor([&] { return exported.isFinished(); }));
  ASSERT_FALSE(exported.result().empty());
  fs::path report;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".pdf") report = entry.path();
  const std::string text = pdfText(report);
  EXPECT_NE(text.find("template: " + evaluation.constraintTemplates()[0].name), std::string::npos) << text;
  for (const auto& result : constraints) EXPECT_NE(text.find(result.constraint.structure), std::string::npos);
  EXPECT_EQ(text.find("No constraint template applied"), std::string::npos);
  for (const char* name : {"CTV", "PTV", "Bone"}) EXPECT_NE(text.find(name), std::string::npos) << name;
  fs::path cumulativeFile;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().rfind("RD_EQD2.", 0) == 0) cumulativeFile = entry.path();
  ASSERT_FALSE(cumulativeFile.empty()) << "the cumulative EQD2 is exported with the plan";
  const dicom::RtDoseFile cumulative = dicom::readRtDose(cumulativeFile);
  EXPECT_EQ(cumulative.dose.type, eval::DoseType::Effective);
  EXPECT_EQ(cumulative.referencedRtPlanUids.size(), 2u);
  EXPECT_EQ(cumulative.referencedRtPlanUids.back(), "1.2.826.0.1.3680043.10.1234.2012");

  // Quit with Ctrl+Q: the window asks (the structures are not saved), quits without saving when
  // told, and is gone without a crash.
  std::string asked;
  whenDialogOpens([&asked](QWidget* dialog) {
    auto* box = qobject_cast<QMessageBox*>(dialog);
    ASSERT_NE(box, nullptr);
    asked = box->text().toStdString();
    click(box->findChild<QPushButton*>("quitWithoutSavingButton"));
  });
  // After the export's progress dialog the window gets the keyboard back once X says so, which
  // may be after Qt says it is active: Ctrl+Q again while no question came, as a user would.
  for (int attempt = 0; attempt < QUIT_KEY_ATTEMPTS && asked.empty(); ++attempt) {
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Q, Qt::ControlModifier);
    if (asked.empty()) QTest::qWait(QUIT_KEY_RETRY_MS);
  }
  EXPECT_NE(asked.find("not saved"), std::string::npos) << asked;
  EXPECT_TRUE(QTest::qWaitFor([&] { return alive.isNull(); }, 10000)) << "the window did not close";
}

// Work restored from the recovery record has masks but no contours: the DVHs and statistics are
// computed all the same (they stayed empty, without a word).
TEST_F(ClinicalCaseGuiTest, RestoredStructuresWithoutContoursGetTheirDvhs) {
  OpenedPatient patient = openPatient(std::nullopt);
  for (auto& s : patient.structures) s.contours.clear();
  MainWindow window(std::move(patient));
  window.setUpPlanEvaluation("restored work");
  window.resize(1600, 1000);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  TemplatePlanSettings settings;
  settings.beamTemplate = beams::BeamTemplate::ApPa;
  settings.targetIndex = *window.structures().indexOf("GTV_Met");
  ASSERT_TRUE(window.createTemplatePlan(settings));
  PlanDoseRequest request;
  request.target = "GTV_Met";
  request.gridMm = 5;
  auto computing = window.computeDose(request);
  ASSERT_TRUE(waitFor([&] { return computing.isFinished(); }));
  ASSERT_TRUE(window.waitForPlanEvaluation(TIMEOUT_MS));
  const EvaluationModel& evaluation = window.evaluationPanel()->model();
  ASSERT_NE(evaluation.evaluation(), nullptr);
  for (std::size_t s = 0; s < evaluation.structures().size(); ++s)
    EXPECT_FALSE(evaluation.evaluation()->dvhs[s].cumulativeCc.empty()) << evaluation.structures()[s].name;
  EXPECT_EQ(evaluation.statisticsTable().rows.size(), evaluation.structures().size());
}

}  // namespace
}  // namespace kerma::app
