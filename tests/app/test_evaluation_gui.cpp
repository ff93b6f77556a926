// GUI test of plan evaluation in a real window under X (xvfb-run): the demo patient with an
// analytic RT Dose written here. The DVH chart's plotted series are compared with eval's DVHs
// computed independently, the curves are found in the structures' colours in the pixels VTK
// drew, and the statistics, constraint and re-irradiation tables show the computed values.

#include "beam_table_panel.h"
#include "constraint_panel.h"
#include "dose_panel.h"
#include "dvh_chart.h"
#include "dvh_panel.h"
#include "evaluation_panel.h"
#include "main_window.h"
#include "slice_view.h"
#include "reirradiation_panel.h"
#include "statistics_table.h"
#include "vtk_gl_widget.h"

#include "gui_test_application.h"

#include "kerma/app/workspace.h"
#include "kerma/app/dose_wash.h"
#include "kerma/app/patient_files.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/phantom/demo_patient.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <vtkAbstractArray.h>
#include <vtkTable.h>
#include <vtkVariant.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

// The analytic dose: a Gaussian of PEAK_GY and SIGMA_MM on the bladder's centroid over a
// BACKGROUND_GY floor, on a DOSE_GRID_MM grid over the CT. Its maximum (31 Gy) is below the
// rectum's 3-fraction TG-101 limit (D0.035cc 34.5 Gy) and above the bladder's (28.2 Gy).
constexpr double PEAK_GY = 30, SIGMA_MM = 30, BACKGROUND_GY = 1, DOSE_GRID_MM = 3;
// The chart plots the model's numbers: equal up to the double -> VTK array round trip.
constexpr double SERIES_TOLERANCE = 1e-9;
// A rendered line pixel within this distance (sum of |ΔR|, |ΔG|, |ΔB|) of the structure colour.
constexpr int COLOUR_TOLERANCE = 60;
// Half-size, device pixels, of the window searched around where a curve point should be drawn.
constexpr int SEARCH_HALF_PX = 4;
// The GUI-thread part of showing a new dose's DVHs must stay below this (docs/gui.md).
constexpr double MAX_REFRESH_MS = 100;
constexpr int EVALUATION_TIMEOUT_MS = 120000;
constexpr int READOUT_TIMEOUT_MS = 10000;
constexpr double EQD2_TOLERANCE_GY = 0.1;
// The dose wash at the prescription (orange to red over grey CT at 40 % opacity) against grey.
constexpr double WASH_MIN_RED_EXCESS = 40;
constexpr double GREY_MAX_EXCESS = 10;

class EvaluationGuiTest : public GuiTest {
 protected:
  static void SetUpTestSuite() {
    GuiTest::SetUpTestSuite();
    if (application_ == nullptr) return;
    demo_ = new phantom::DemoPatient(phantom::makeDemoPatient());
  }
  static void TearDownTestSuite() {
    delete demo_;
    demo_ = nullptr;
    GuiTest::TearDownTestSuite();
  }

  static fs::path outputFolder(const std::string& name) {
    const fs::path folder = fs::path(KERMA_TEST_OUTPUT_DIR) / name;
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
  }

  static const structure::Structure& structureNamed(const std::string& name) {
    for (const auto& s : demo_->structures)
      if (s.name == name) return s;
    throw std::runtime_error("demo patient has no " + name);
  }

  // The analytic dose on the demo patient's Frame of Reference, written as an RT Dose.
  static fs::path writeAnalyticDose(const fs::path& file, const std::string& frameOfReferenceUid = "") {
    const auto& ctGrid = demo_->ct.hu.geometry();
    const auto centre = *structure::centroidMm(structureNamed("Bladder").mask);
    const auto first = ctGrid.originMm();
    const auto last = ctGrid.patientPoint({ctGrid.size()[0] - 1, ctGrid.size()[1] - 1, ctGrid.size()[2] - 1});
    const std::array<int, 3> size{int((last.x - first.x) / DOSE_GRID_MM) + 1, int((last.y - first.y) / DOSE_GRID_MM) + 1,
                                  int((last.z - first.z) / DOSE_GRID_MM) + 1};
    eval::DoseDistribution dose;
    dose.identity = demo_->ct.identity;
    dose.identity.modality = "RTDOSE";
    if (!frameOfReferenceUid.empty()) dose.identity.frameOfReferenceUid = frameOfReferenceUid;
    dose.doseGy = core::Volume<float>(core::VolumeGeometry(size, first, {DOSE_GRID_MM, DOSE_GRID_MM, DOSE_GRID_MM}));
    for (int k = 0; k < size[2]; ++k)
      for (int j = 0; j < size[1]; ++j)
        for (int i = 0; i < size[0]; ++i) {
          const auto p = dose.doseGy.geometry().patientPoint({i, j, k});
          const double r2 = (p - centre).dot(p - centre);
          dose.doseGy.at({i, j, k}) = float(PEAK_GY * std::exp(-r2 / (2 * SIGMA_MM * SIGMA_MM)) + BACKGROUND_GY);
        }
    dicom::writeRtDose(dose, file);
    return file;
  }

  static std::unique_ptr<MainWindow> openWindow() {
    auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
    window->setUpPlanEvaluation("built-in demo patient");
    window->resize(1600, 1000);
    window->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    QApplication::processEvents();
    return window;
  }

  inline static phantom::DemoPatient* demo_ = nullptr;
};

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

int rowOf(const QTableWidget& table, const QString& first, const QString& second = {}) {
  for (int row = 0; row < table.rowCount(); ++row)
    if (table.item(row, 0) && table.item(row, 0)->text() == first &&
        (second.isEmpty() || (table.item(row, 1) && table.item(row, 1)->text() == second)))
      return row;
  return -1;
}

QString cell(const QTableWidget& table, int row, int column) {
  return row >= 0 && table.item(row, column) ? table.item(row, column)->text() : QString("(no cell)");
}

// Whether a pixel near where the chart draws point has the colour.
bool colourNear(const QImage& image, const DvhChart& chart, const eval::DvhPoint& point, const structure::Rgb& colour) {
  const auto position = chart.positionOf(point);
  if (!position) return false;
  const double ratio = chart.devicePixelRatioF();
  const int cx = int(std::lround(position->x() * ratio)), cy = int(std::lround(position->y() * ratio));
  for (int y = cy - SEARCH_HALF_PX; y <= cy + SEARCH_HALF_PX; ++y)
    for (int x = cx - SEARCH_HALF_PX; x <= cx + SEARCH_HALF_PX; ++x) {
      if (!image.valid(x, y)) continue;
      const QRgb pixel = image.pixel(x, y);
      if (std::abs(qRed(pixel) - colour.r) + std::abs(qGreen(pixel) - colour.g) + std::abs(qBlue(pixel) - colour.b) <=
          COLOUR_TOLERANCE)
        return true;
    }
  return false;
}

TEST_F(EvaluationGuiTest, ChartTableAndConstraintsShowTheComputedDvhs) {
  const fs::path folder = outputFolder("evaluation_gui");
  const fs::path file = writeAnalyticDose(folder / "RD.analytic.dcm");
  auto window = openWindow();
  EvaluationPanel* panel = window->evaluationPanel();
  ASSERT_NE(panel, nullptr);
  ASSERT_TRUE(window->openRtDose(QString::fromStdString(file.string())));
  ASSERT_TRUE(window->waitForPlanEvaluation(EVALUATION_TIMEOUT_MS));
  ASSERT_NE(panel->model().evaluation(), nullptr);
  const auto timing = panel->lastTiming();
  ASSERT_TRUE(timing.has_value());
  std::cout << "new dose -> chart and table: preview after " << timing->previewMs << " ms, exact DVHs after "
            << timing->totalMs << " ms (" << timing->computeMs << " ms on the worker), GUI refresh "
            << timing->refreshMs << " ms\n";
  EXPECT_LE(timing->previewMs, timing->totalMs);
  // The first dose also shows the dock (OpenGL contexts, shaders); a next dose only recomputes.
  ASSERT_TRUE(window->openRtDose(QString::fromStdString(file.string())));
  ASSERT_TRUE(window->waitForPlanEvaluation(EVALUATION_TIMEOUT_MS));
  const auto next = panel->lastTiming();
  ASSERT_TRUE(next.has_value());
  std::cout << "next dose -> chart and table: preview after " << next->previewMs << " ms, exact DVHs after "
            << next->totalMs << " ms (" << next->computeMs << " ms on the worker), GUI refresh "
            << next->refreshMs << " ms\n";
  EXPECT_LT(next->refreshMs, MAX_REFRESH_MS);
  EXPECT_LT(timing->refreshMs, MAX_REFRESH_MS);

  // The DVHs computed independently from the file, as kerma-cli dvh does.
  const auto rd = dicom::readRtDose(file);
  std::vector<std::vector<structure::PlanarContour>> contours;
  for (const auto& s : demo_->structures) contours.push_back(s.contours);
  const auto dvhs = eval::computeDvhs(contours, rd.dose);

  DvhChart* chart = panel->dvhPanel()->chart();
  ASSERT_EQ(chart->series().size(), demo_->structures.size());
  for (std::size_t s = 0; s < demo_->structures.size(); ++s) {
    const auto& structure = demo_->structures[s];
    vtkTable* series = chart->series()[s];
    EXPECT_EQ(std::string(series->GetColumn(1)->GetName()), structure.name);
    const auto expected = eval::cumulativeCurve(dvhs[s], dvhs[s].binWidthGy);
    ASSERT_EQ(series->GetNumberOfRows(), vtkIdType(expected.size())) << structure.name;
    double worst = 0;
    for (std::size_t n = 0; n < expected.size(); ++n) {
      worst = std::max(worst, std::abs(series->GetValue(vtkIdType(n), 0).ToDouble() - expected[n].dose));
      worst = std::max(worst, std::abs(series->GetValue(vtkIdType(n), 1).ToDouble() - expected[n].volume));
    }
    EXPECT_LT(worst, SERIES_TOLERANCE) << structure.name;
  }
  // Each curve alone (the femoral heads' curves coincide): drawn in its colour where it crosses
  // 80 %, 50 % and 20 % of the volume, and that colour is gone there when it is hidden.
  for (std::size_t s = 0; s < demo_->structures.size(); ++s) {
    for (std::size_t other = 0; other < demo_->structures.size(); ++other)
      panel->dvhPanel()->setStructureShown(int(other), other == s);
    const auto& structure = demo_->structures[s];
    const QImage image = chart->grabFramebuffer();
    int found = 0;
    for (const double percent : {80.0, 50.0, 20.0})
      found += colourNear(image, *chart, {eval::doseAtPercentGy(dvhs[s], percent), percent}, structure.colour);
    EXPECT_EQ(found, 3) << structure.name << " not drawn in its colour (" << int(structure.colour.r) << ", "
                        << int(structure.colour.g) << ", " << int(structure.colour.b) << ")";
    if (s == 0) chart->grabFramebuffer().save(KERMA_SCREENSHOT_DIR "/evaluation_chart_body.png", "PNG");
  }
  panel->dvhPanel()->setStructureShown(0, false);
  const QImage hidden = chart->grabFramebuffer();
  EXPECT_FALSE(colourNear(hidden, *chart, {eval::doseAtPercentGy(dvhs[0], 50), 50}, demo_->structures[0].colour))
      << "a hidden curve is still drawn";
  for (std::size_t s = 0; s < demo_->structures.size(); ++s) panel->dvhPanel()->setStructureShown(int(s), true);
  // Cursor read-out: the dose and volume under the mouse, as the model words them (after a
  // render, which lays out the axes for all curves again).
  chart->grabFramebuffer();
  const QPointF bladderHalf = *chart->positionOf({eval::doseAtPercentGy(dvhs[1], 50), 50});
  QTest::mouseMove(chart, bladderHalf.toPoint());
  QApplication::processEvents();
  const auto underMouse = chart->dataAt(bladderHalf.toPoint());
  ASSERT_TRUE(underMouse.has_value());
  EXPECT_NEAR(underMouse->volume, 50, 1.0);
  const auto* readout = panel->findChild<QLabel*>("dvhReadout");
  ASSERT_NE(readout, nullptr);
  // The move arrives through the window system: waited for, not assumed after one event pass.
  const std::string expected = panel->model().cursorReadout(underMouse->dose, underMouse->volume);
  EXPECT_TRUE(QTest::qWaitFor([&] { return readout->text().toStdString() == expected; }, READOUT_TIMEOUT_MS))
      << "read-out \"" << readout->text().toStdString() << "\", expected \"" << expected << "\"";
  // Hiding a structure in the structure list hides its curve too.
  const int rectumInList = *window->structures().indexOf("Rectum");
  window->structures().setVisible(rectumInList, false);
  EXPECT_EQ(chart->series().size(), demo_->structures.size() - 1);
  window->structures().setVisible(rectumInList, true);
  ASSERT_EQ(chart->series().size(), demo_->structures.size());

  // Statistics table: the values eval computes, as the table formats them.
  const StatisticsTable& table = *panel->statisticsTable();
  for (std::size_t s = 0; s < demo_->structures.size(); ++s) {
    const auto st = eval::doseStatistics(dvhs[s]);
    const int row = rowOf(table, QString::fromStdString(demo_->structures[s].name));
    ASSERT_GE(row, 0) << demo_->structures[s].name;
    EXPECT_EQ(cell(table, row, 1).toStdString(), fixed(st.volumeCc, 2));
    EXPECT_EQ(cell(table, row, 3).toStdString(), fixed(st.maxGy, 2));
    EXPECT_EQ(cell(table, row, 5).toStdString(), fixed(st.meanGy, 2));
    EXPECT_EQ(cell(table, row, 8).toStdString(), fixed(st.d95Gy, 2));
  }
  EXPECT_EQ(table.horizontalHeaderItem(3)->text(), "Dmax\n(Gy)") << "units on a second line, so that it fits";

  // TG-101, 3 fractions: the bladder's D0.035cc (about 31 Gy) fails 28.2 Gy, the rectum's passes.
  const auto& templates = panel->model().constraintTemplates();
  const auto tg101 = std::find_if(templates.begin(), templates.end(),
                                  [](const auto& t) { return t.source.find("Task Group 101") != std::string::npos; });
  ASSERT_NE(tg101, templates.end());
  panel->constraintPanel()->choose(int(tg101 - templates.begin()), 3);
  const ConstraintTable& constraints = *panel->constraintPanel()->table();
  const int bladder = rowOf(constraints, "Bladder", "D0.035cc");
  const int rectum = rowOf(constraints, "Rectum", "D0.035cc");
  EXPECT_EQ(cell(constraints, bladder, ConstraintTable::OUTCOME_COLUMN), "fail");
  EXPECT_EQ(cell(constraints, rectum, ConstraintTable::OUTCOME_COLUMN), "pass");
  std::size_t bladderIndex = 0;
  while (demo_->structures[bladderIndex].name != "Bladder") ++bladderIndex;
  EXPECT_EQ(cell(constraints, bladder, 3).toStdString(),
            fixed(eval::doseAtVolumeGy(dvhs[bladderIndex], 0.035), 2) + " Gy");

  // Prescription: the dose axis in % of it, CI and GI for the GTV.
  panel->dvhPanel()->setPrescriptionGy(30);
  QApplication::processEvents();
  std::size_t gtv = 0, body = 0;
  for (std::size_t s = 0; s < demo_->structures.size(); ++s) {
    if (demo_->structures[s].type == structure::RoiType::Gtv) gtv = s;
    if (demo_->structures[s].type == structure::RoiType::External) body = s;
  }
  vtkTable* gtvSeries = chart->series()[gtv];
  EXPECT_NEAR(gtvSeries->GetValue(10, 0).ToDouble(), 100.0 * 10 * dvhs[gtv].binWidthGy / 30, 1e-9);
  const auto ci = eval::conformityIndices(dvhs[gtv], dvhs[body], 30);
  const int gtvRow = rowOf(table, QString::fromStdString(demo_->structures[gtv].name));
  EXPECT_EQ(cell(table, gtvRow, table.columnCount() - 2).toStdString(), fixed(ci.paddickCi, 3));
  EXPECT_EQ(cell(table, gtvRow, table.columnCount() - 1).toStdString(), fixed(ci.gradientIndex, 2));

  // Exports.
  const QString png = QString::fromStdString((folder / "dvh.png").string());
  const QString csv = QString::fromStdString((folder / "dvh.csv").string());
  EXPECT_TRUE(panel->dvhPanel()->exportPng(png));
  EXPECT_TRUE(panel->dvhPanel()->exportCsv(csv));
  EXPECT_FALSE(QImage(png).isNull());
  QFile csvFile(csv);
  ASSERT_TRUE(csvFile.open(QIODevice::ReadOnly));
  EXPECT_TRUE(csvFile.readLine().startsWith("\"Dose (% of 30 Gy)\",\"BODY: Volume (%)\""));

  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  EXPECT_TRUE(window->grab().save(KERMA_SCREENSHOT_DIR "/evaluation_demo.png", "PNG"));

  // Re-irradiation: the same dose given before as 21 Gy / 3 and now as 20 Gy / 5. The sum is a
  // monotonic function of the voxel's dose, so its maximum in the bladder is that of Dmax.
  panel->setCurrentIndex(2);
  ASSERT_NO_THROW(panel->reirradiationPanel()->addPriorCourse(readPlanDose(file), 3));
  ASSERT_TRUE(window->waitForPlanEvaluation(EVALUATION_TIMEOUT_MS));
  const CumulativeEvaluation* cumulative = panel->reirradiation().result();
  ASSERT_NE(cumulative, nullptr);
  const double dmax = dvhs[bladderIndex].maxGy;
  const double expectedEqd2 = eval::eqd2Gy(dmax, 3, 3) + eval::eqd2Gy(dmax, 5, 3);
  EXPECT_NEAR(cumulative->evaluation.dvhs[bladderIndex].maxGy, expectedEqd2, EQD2_TOLERANCE_GY);
  DvhChart* cumulativeChart = panel->reirradiationPanel()->chart();
  vtkTable* bladderSeries = cumulativeChart->series()[bladderIndex];
  EXPECT_NEAR(bladderSeries->GetValue(bladderSeries->GetNumberOfRows() - 1, 0).ToDouble(), expectedEqd2,
              EQD2_TOLERANCE_GY + cumulative->evaluation.dvhs[bladderIndex].binWidthGy);
  const ConstraintTable& cumulativeConstraints = *panel->reirradiationPanel()->constraintTable();
  const int cumulativeBladder = rowOf(cumulativeConstraints, "Bladder");
  EXPECT_EQ(cell(cumulativeConstraints, cumulativeBladder, 3).toStdString(),
            fixed(eval::doseAtVolumeGy(cumulative->evaluation.dvhs[bladderIndex], 0.035), 2) + " Gy");
  EXPECT_EQ(cell(cumulativeConstraints, rowOf(cumulativeConstraints, "Spinal-Cord (absent)"),
                 ConstraintTable::OUTCOME_COLUMN), "not evaluated");
  // The cumulative EQD2 in the views, and back to the plan dose.
  const eval::DoseDistribution* planInViews = window->view(ViewOrientation::Axial)->shownDose();
  panel->reirradiationPanel()->setShowInViews(true);
  const eval::DoseDistribution* eqd2InViews = window->view(ViewOrientation::Axial)->shownDose();
  ASSERT_NE(eqd2InViews, nullptr);
  EXPECT_NE(eqd2InViews, planInViews);
  EXPECT_NEAR(*std::max_element(eqd2InViews->doseGy.values().begin(), eqd2InViews->doseGy.values().end()),
              *std::max_element(cumulative->eqd2Sum.doseGy.values().begin(), cumulative->eqd2Sum.doseGy.values().end()), 1e-6);
  EXPECT_EQ(eqd2InViews->type, eval::DoseType::Effective);
  QTest::qWait(200);
  EXPECT_TRUE(window->grab().save(KERMA_SCREENSHOT_DIR "/evaluation_reirradiation.png", "PNG"));
  panel->reirradiationPanel()->setShowInViews(false);
  EXPECT_EQ(window->view(ViewOrientation::Axial)->shownDose(), planInViews);
}

TEST_F(EvaluationGuiTest, DoseOfAnotherFrameOfReferenceIsRefusedWithADialogNamingBoth) {
  const fs::path folder = outputFolder("evaluation_refused");
  const fs::path file = writeAnalyticDose(folder / "RD.other.dcm", "1.2.826.0.1.3680043.9.9999.1");
  auto window = openWindow();
  bool accepted = true;
  const QString text = acceptNextMessageBox([&] { accepted = window->openRtDose(QString::fromStdString(file.string())); });
  EXPECT_FALSE(accepted);
  EXPECT_TRUE(text.contains("1.2.826.0.1.3680043.9.9999.1")) << text.toStdString();
  EXPECT_TRUE(text.contains(QString::fromStdString(demo_->ct.identity.frameOfReferenceUid))) << text.toStdString();
  EXPECT_EQ(window->evaluationPanel()->model().planDose(), nullptr);
}

// CT, RT Structure Set and RT Dose in one folder: `kerma --screenshot PNG DIR` shows their DVHs.
TEST_F(EvaluationGuiTest, ScreenshotOfAFolderPicksUpItsRtDose) {
  const fs::path folder = outputFolder("evaluation_folder");
  const auto ct = dicom::writeCtSeries(demo_->ct, folder);
  dicom::writeRtStruct(demo_->structures, demo_->ct, ct.sopInstanceUids, folder);
  writeAnalyticDose(folder / "RD.analytic.dcm");
  const QString png = QString(KERMA_SCREENSHOT_DIR "/evaluation_folder.png");
  QFile::remove(png);
  QProcess kerma;
  kerma.start(KERMA_APP_PATH, {"--screenshot", png, QString::fromStdString(folder.string())});
  ASSERT_TRUE(kerma.waitForFinished(EVALUATION_TIMEOUT_MS));
  EXPECT_EQ(kerma.exitCode(), 0) << kerma.readAllStandardError().toStdString();
  EXPECT_TRUE(QString(kerma.readAllStandardOutput()).contains("RD.analytic.dcm"));
  EXPECT_EQ(QImage(png).size(), QSize(1600, 1000));
}

// Red minus blue of the 3 x 3 device pixels around pixel: grey CT gives 0; the wash at the
// prescription (orange-red) about 100 at its default opacity.
double redExcessAt(const QImage& image, const ViewPixel& pixel, double devicePixelRatio) {
  const int cx = int(pixel.x * devicePixelRatio), cy = int(pixel.y * devicePixelRatio);
  double sum = 0;
  int count = 0;
  for (int y = cy - 1; y <= cy + 1; ++y)
    for (int x = cx - 1; x <= cx + 1; ++x) {
      if (!image.valid(x, y)) continue;
      sum += qRed(image.pixel(x, y)) - qBlue(image.pixel(x, y));
      ++count;
    }
  return count > 0 ? sum / count : 0;
}

// "Compute dose" on the demo patient: a box of four conformed fields on GTV_Met made with the
// beam model, 20 Gy in 5 to its D95, computed off the GUI thread; the wash covers the target in
// every view and nothing is drawn in the air outside BODY; the MU fill the beam table, a weight
// edited there rescales the MU without the engine, and a geometry edit marks the dose stale.
TEST_F(EvaluationGuiTest, ComputedDemoPlanIsWashedOverTheTargetAndNotOutsideBody) {
  const auto window = openWindow();
  // Structures are not drawn: the red GTV would pass for the wash.
  window->setOverlayStyle({/*fill=*/false, /*outline=*/false, 0});
  const structure::Structure& gtv = structureNamed("GTV_Met");
  const structure::Structure& body = structureNamed("BODY");
  const auto centre = *structure::centroidMm(gtv.mask);
  const core::Point3<core::Patient> inTarget{centre.x + 3, centre.y + 3, centre.z + 3};  // off the crosshair's gap
  window->model().setCrosshair(centre);
  window->refreshViews();
  QApplication::processEvents();
  {
    const QImage before = window->view(ViewOrientation::Axial)->grabFramebuffer();
    const ViewPixel target = window->model().viewport(ViewOrientation::Axial).pixelFromPatient(inTarget);
    ASSERT_LT(std::abs(redExcessAt(before, target, window->view(ViewOrientation::Axial)->devicePixelRatioF())),
              GREY_MAX_EXCESS)
        << "the target is not grey without a dose";
  }
  TemplatePlanSettings settings;
  settings.beamTemplate = beams::BeamTemplate::Box4;
  settings.targetIndex = *window->structures().indexOf("GTV_Met");
  settings.options.marginsMm = {7, 7, 7, 7};  // as kerma-cli dose conforms a field to a target
  ASSERT_TRUE(window->createTemplatePlan(settings));
  BeamPlanModel& beams = window->beamPlan();
  ASSERT_EQ(beams.count(), 4);
  PlanDoseRequest request;
  request.target = "GTV_Met";
  request.gridMm = 5;  // the GUI path, not the engine's resolution, is under test
  const QFuture<void> running = window->computeDose(request);
  QElapsedTimer timer;
  timer.start();
  while (!running.isFinished() && timer.elapsed() < EVALUATION_TIMEOUT_MS) QApplication::processEvents(QEventLoop::AllEvents, 50);
  ASSERT_TRUE(running.isFinished());
  QApplication::processEvents();
  ASSERT_TRUE(window->waitForPlanEvaluation(EVALUATION_TIMEOUT_MS));
  const DoseWashStyle& style = window->dosePanel()->style();
  EXPECT_DOUBLE_EQ(style.prescriptionGy, 20);

  // The beams' axes and field edges are drawn over the wash (the axis crossing's cross covers the
  // sample in the coronal view); they are under test in test_beams_gui, the global maximum's
  // mark (in the target here) in test_plan_approval_gui.
  for (const ViewOrientation orientation : {ViewOrientation::Axial, ViewOrientation::Coronal}) {
    window->view(orientation)->setBeams(nullptr);
    window->view(orientation)->setGlobalMaximum(std::nullopt);
  }
  window->refreshViews();
  QApplication::processEvents();
  // In the beams' paths, 10 mm outside BODY to the patient's right and left (and front, axially).
  const auto& grid = body.mask.geometry();
  auto insideBody = [&](const core::Point3<core::Patient>& p) {
    const auto v = grid.voxelFromPatient()(p);
    const core::VoxelIndex ijk{std::llround(v.x), std::llround(v.y), std::llround(v.z)};
    return grid.contains(ijk) && body.mask.at(ijk) != 0;
  };
  // Points of the displayed plane of orientation, 5 mm off the crosshair line they lie along.
  auto airPoints = [&](ViewOrientation orientation) {
    std::vector<core::Vector3<core::Patient>> directions{{-1, 0, 0}, {1, 0, 0}};
    core::Point3<core::Patient> start{centre.x, centre.y, centre.z + 5};
    if (orientation == ViewOrientation::Axial) {
      directions.push_back({0, -1, 0});
      start = {centre.x + 5, centre.y + 5, centre.z};
    }
    std::vector<core::Point3<core::Patient>> air;
    for (const auto& direction : directions) {
      core::Point3<core::Patient> p = start;
      while (insideBody(p)) p = p + direction;
      air.push_back(p + direction * 10);
    }
    return air;
  };
  for (const ViewOrientation orientation : {ViewOrientation::Axial, ViewOrientation::Coronal}) {
    SliceView* view = window->view(orientation);
    const QImage image = view->grabFramebuffer();
    image.save(QString(KERMA_SCREENSHOT_DIR "/dose_wash_%1.png").arg(int(orientation)));
    const SliceViewport viewport = window->model().viewport(orientation);
    const ViewPixel target = viewport.pixelFromPatient(inTarget);
    EXPECT_GT(redExcessAt(image, target, view->devicePixelRatioF()), WASH_MIN_RED_EXCESS) << int(orientation);
    for (const auto& p : airPoints(orientation))
      EXPECT_LT(std::abs(redExcessAt(image, viewport.pixelFromPatient(p), view->devicePixelRatioF())), GREY_MAX_EXCESS)
          << int(orientation) << " at (" << p.x << ", " << p.y << ", " << p.z << ")";
  }
  EXPECT_TRUE(window->grab().save(QString(KERMA_SCREENSHOT_DIR "/dose_wash_window.png"), "PNG"));

  // MU per beam in the table; doubling beam 0's weight there doubles its MU relative to the
  // others (MU_b ∝ w_b / d_b(iso_b)), and the others all scale by one factor below 1 so that the
  // target's D95 stays at the prescription.
  QTableWidget* table = window->beamTable()->table();
  QApplication::processEvents();
  std::vector<double> muBefore;
  for (int b = 0; b < beams.count(); ++b) {
    ASSERT_TRUE(beams.monitorUnits(b).has_value()) << b;
    muBefore.push_back(*beams.monitorUnits(b));
    EXPECT_GT(muBefore.back(), 0) << b;
    EXPECT_EQ(table->item(b, BeamTablePanel::MonitorUnits)->text(), QString::number(muBefore.back(), 'f', 1)) << b;
  }
  table->item(0, BeamTablePanel::Weight)->setText(QString::number(2 * beams.beam(0).weight));
  QApplication::processEvents();
  ASSERT_TRUE(window->waitForPlanEvaluation(EVALUATION_TIMEOUT_MS));
  EXPECT_DOUBLE_EQ(beams.beam(0).weight, 2);
  std::vector<double> muAfter;
  for (int b = 0; b < beams.count(); ++b) {
    ASSERT_TRUE(beams.monitorUnits(b).has_value()) << b;
    muAfter.push_back(*beams.monitorUnits(b));
  }
  const double othersFactor = muAfter[1] / muBefore[1];
  EXPECT_GT(othersFactor, 0.5);
  EXPECT_LT(othersFactor, 0.99);
  EXPECT_NEAR(muAfter[0] / muBefore[0], 2 * othersFactor, 1e-9);
  for (int b = 2; b < beams.count(); ++b) EXPECT_NEAR(muAfter[b] / muBefore[b], othersFactor, 1e-9) << b;
  const auto* stateLabel = window->findChild<QLabel*>("doseStateLabel");
  ASSERT_NE(stateLabel, nullptr);
  EXPECT_TRUE(stateLabel->text().isEmpty());

  // A new gantry angle makes the per-beam doses wrong: the dose is stale and the MU gone.
  beams.setAngles(1, beams.beam(1).gantryAngleDeg + 10, beams.beam(1).collimatorAngleDeg, beams.beam(1).couchAngleDeg);
  EXPECT_TRUE(stateLabel->text().startsWith("Dose stale")) << stateLabel->text().toStdString();
  EXPECT_FALSE(beams.monitorUnits(1).has_value());
}

}  // namespace
}  // namespace kerma::app
