// GUI tests of the workstation: a real main window under X (xvfb-run), pixels read back from each
// view through Kerma's QOpenGLWidget <-> VTK bridge.

#include "contouring_panel.h"
#include "frame_timing.h"
#include "main_window.h"
#include "patient_window.h"
#include "margin_dialog.h"
#include "slice_view.h"
#include "structure_list_panel.h"
#include "vtk_gl_widget.h"

#include "gui_test_application.h"

#include "kerma/app/patient_files.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/margin.h"

#include <QComboBox>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QCheckBox>
#include <QPushButton>
#include <QTableWidget>
#include <QMouseEvent>
#include <QTest>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <memory>
#include <optional>
#include <string>

namespace kerma::app {
namespace {

using core::Patient;
using core::Point3;

constexpr std::array<ViewOrientation, 3> ORIENTATIONS = {
    ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal};
// Grey levels (0..255) that separate "clearly brighter" from rendering noise and interpolation.
constexpr double MIN_CONTRAST_GREY = 60;
// A view showing anatomy has a spread of grey values; a blank or uniform one has none.
constexpr double MIN_GREY_STDDEV = 20;
constexpr int SCREENSHOT_WIDTH_PX = 1600;
constexpr int SCREENSHOT_HEIGHT_PX = 1000;
// HU range that grows the demo bladder's urine (10 +- 2 HU) without leaking: its 3 mm wall
// (35 +- 3 HU) touches prostate (35 +- 4 HU) and muscle (40 +- 6 HU), so any range that takes the
// wall leaks into them (measured: [-20, 36] HU grows 1836 cm³ for a 238 cm³ bladder).
constexpr double REGION_GROW_LOW_HU = 0;
constexpr double REGION_GROW_HIGH_HU = 30;
// The demo bladder's wall thickness, mm, added back with the margin tool.
constexpr double BLADDER_WALL_MM = 3;

class MainWindowTest : public GuiTest {
 protected:

  static std::unique_ptr<MainWindow> openWindow(std::shared_ptr<const core::CtImage> ct) {
    OpenedPatient patient;
    patient.ct = std::move(ct);
    patient.source = "test";
    auto window = std::make_unique<MainWindow>(std::move(patient));
    window->resize(SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX);
    window->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    QApplication::processEvents();
    return window;
  }
};

// Mean grey (0..255) of the 3 x 3 device pixels around the logical pixel.
double greyAt(const QImage& image, const ViewPixel& pixel, double devicePixelRatio) {
  const int cx = int(pixel.x * devicePixelRatio), cy = int(pixel.y * devicePixelRatio);
  double sum = 0;
  int count = 0;
  for (int y = cy - 1; y <= cy + 1; ++y)
    for (int x = cx - 1; x <= cx + 1; ++x) {
      if (!image.valid(x, y)) continue;
      sum += qGray(image.pixel(x, y));
      ++count;
    }
  EXPECT_GT(count, 0) << "pixel (" << pixel.x << ", " << pixel.y << ") outside the view";
  return count > 0 ? sum / count : 0;
}

double greyStddev(const QImage& image) {
  double sum = 0, sumSquares = 0;
  const double count = double(image.width()) * image.height();
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const double grey = qGray(image.pixel(x, y));
      sum += grey;
      sumSquares += grey * grey;
    }
  const double mean = sum / count;
  return std::sqrt(std::max(sumSquares / count - mean * mean, 0.0));
}

// What a view shows now, as the user sees it: VTK's frame blitted into the widget.
// Picks windowPresets()[index] in the tool bar's box, as a user does.
void choosePreset(MainWindow& window, int index) {
  auto* box = window.findChild<QComboBox*>("windowPresetBox");
  ASSERT_NE(box, nullptr);
  box->setCurrentIndex(index);
  emit box->activated(index);
}

QImage grabView(MainWindow& window, ViewOrientation orientation) {
  return window.view(orientation)->grabFramebuffer();
}

void saveScreenshot(MainWindow& window, const QString& name) {
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  EXPECT_TRUE(window.grab().save(QString(KERMA_SCREENSHOT_DIR "/") + name, "PNG"));
}

// 64 x 64 x 20 voxels of 2 x 2 x 3 mm of water with a 1000 HU cube at patient left, anterior,
// superior: any mirrored axis in a view puts water where the cube should be.
std::shared_ptr<const core::CtImage> cubePhantom() {
  auto ct = std::make_shared<core::CtImage>();
  ct->identity.patientName = "CUBE^TEST";
  ct->identity.patientId = "CUBE-1";
  ct->hu = core::CtVolume(core::VolumeGeometry({64, 64, 20}, {-63, -63, -30}, {2, 2, 3}), 0);
  for (int k = 12; k < 18; ++k)
    for (int j = 8; j < 24; ++j)
      for (int i = 40; i < 56; ++i) ct->hu.at({i, j, k}) = 1000;
  return ct;
}

TEST_F(MainWindowTest, DamagedContoursAreNamedInADialogWhenThePatientOpens) {
  OpenedPatient demo = openPatient(std::nullopt);
  std::vector<structure::Structure> damaged = demo.structures;
  structure::refreshContours(damaged, std::vector<bool>(damaged.size(), true));
  ASSERT_EQ(damaged[1].name, "Bladder");
  damaged[1].contours[2].pointsMm[5].x = 1e30;  // one corrupted coordinate
  const QString folder = QDir::temp().filePath("kerma_gui_stray_vertex");
  QDir(folder).removeRecursively();
  saveStructureSet(*demo.ct, damaged, std::vector<bool>(damaged.size(), false), {}, folder.toStdString());

  std::unique_ptr<MainWindow> window;
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  const QString shown = acceptNextMessageBox(
      [&] { window = openPatientWindow(openPatient(folder.toStdString()), nullptr, /*interactive=*/true, false); },
      KERMA_SCREENSHOT_DIR "/damaged-contours-dialog.png");
  EXPECT_TRUE(shown.contains("ROI 'Bladder' contour 3: vertex 6 at (1e+30, ")) << shown.toStdString();
  EXPECT_TRUE(shown.contains("it is left out of the contour")) << shown.toStdString();
  EXPECT_TRUE(shown.contains("the file itself is unchanged")) << shown.toStdString();
  ASSERT_NE(window, nullptr);
  QDir(folder).removeRecursively();
}

// kerma --timing times a slice change until the views have shown it: a frame that is painted and
// composed into the window, or no timing at all.
TEST_F(MainWindowTest, AWheelNotchCountsAsShownOnlyOnceTheViewsShowTheNewSlice) {
  const auto window = openWindow(std::make_shared<const core::CtImage>(phantom::makeDemoPatient().ct));
  SliceView& axial = *window->view(ViewOrientation::Axial);
  auto wheelNotch = [&] {
    const QPointF centre(axial.width() / 2.0, axial.height() / 2.0);
    QWheelEvent event(centre, axial.mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&axial, &event);
  };
  for (const int frames : shownFrames(*window)) ASSERT_GT(frames, 0);  // the window's first frames
  // Nothing changed: no new frame comes.
  EXPECT_FALSE(waitForShownFrames(*window, shownFrames(*window), 300));
  const QImage slice = axial.grabFramebuffer();
  const int index = window->model().sliceIndex(ViewOrientation::Axial);
  const ShownFrames before = shownFrames(*window);
  wheelNotch();
  EXPECT_EQ(shownFrames(*window), before);  // the event only asked for frames
  ASSERT_TRUE(waitForShownFrames(*window, before, 5000));
  EXPECT_NE(window->model().sliceIndex(ViewOrientation::Axial), index);
  EXPECT_NE(axial.grabFramebuffer(), slice);  // what was shown is another slice

  // A hidden window shows nothing: the wait fails instead of timing nothing.
  window->hide();
  const ShownFrames hidden = shownFrames(*window);
  wheelNotch();
  EXPECT_FALSE(waitForShownFrames(*window, hidden, 500));
}

TEST_F(MainWindowTest, CubeAppearsWhereTheModelSaysInEveryView) {
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  auto window = openWindow(cubePhantom());
  const auto& geometry = window->model().ct().hu.geometry();
  const Point3<Patient> cubeCentre = geometry.patientPoint({48, 16, 15});
  window->model().setCrosshair(cubeCentre);
  window->refreshViews();
  for (const ViewOrientation orientation : ORIENTATIONS) {
    SCOPED_TRACE(std::string(viewName(orientation)));
    const QImage image = grabView(*window, orientation);
    ASSERT_FALSE(image.isNull());
    // Kept beside the window screenshot, to look at when a check fails.
    image.save(QString(KERMA_SCREENSHOT_DIR "/cube_%1.png")
                   .arg(QString::fromUtf8(viewName(orientation).data())));
    const double ratio = window->view(orientation)->devicePixelRatioF();
    const SliceViewport viewport = window->model().viewport(orientation);
    // The cube, and the point mirrored through the volume centre in the same plane (water).
    const ViewPixel cube = viewport.pixelFromPatient(cubeCentre);
    const Point3<Patient> volumeCentre = geometry.patientPoint({32, 32, 10});
    const auto axes = viewAxes(orientation);
    const core::Vector3<Patient> offset = cubeCentre - volumeCentre;
    const Point3<Patient> mirrored = cubeCentre - axes.right * (2 * offset.dot(axes.right)) -
                                     axes.up * (2 * offset.dot(axes.up));
    const ViewPixel water = viewport.pixelFromPatient(mirrored);
    const double cubeGrey = greyAt(image, cube, ratio);
    const double waterGrey = greyAt(image, water, ratio);
    EXPECT_GT(cubeGrey, 240) << "the 1000 HU cube is white in W400/L40";
    EXPECT_NEAR(waterGrey, 255 * greyFraction(window->model().windowLevel(), 0), 12);
    EXPECT_GT(cubeGrey - waterGrey, MIN_CONTRAST_GREY);
  }
}

void sendMouse(QWidget* widget, QEvent::Type type, const QPointF& position, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
  QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons,
                    Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

TEST_F(MainWindowTest, WheelClickAndDragDriveTheSharedModel) {
  auto window = openWindow(cubePhantom());
  ViewerModel& model = window->model();
  const auto& geometry = model.ct().hu.geometry();
  SliceView* axial = window->view(ViewOrientation::Axial);
  ASSERT_EQ(model.sliceIndex(ViewOrientation::Axial), 10);

  // Two wheel notches up: two slices superior, into the cube (k 12..17).
  const QPointF middle(axial->width() / 2.0, axial->height() / 2.0);
  QWheelEvent wheel(middle, axial->mapToGlobal(middle), QPoint(), QPoint(0, 240), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(axial, &wheel);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 12);

  // A click on the cube in the axial view moves the sagittal and coronal views to it.
  const ViewPixel cube =
      model.viewport(ViewOrientation::Axial).pixelFromPatient(geometry.patientPoint({48, 16, 12}));
  const QPointF click(cube.x, cube.y);
  sendMouse(axial, QEvent::MouseButtonPress, click, Qt::LeftButton, Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, click, Qt::LeftButton, Qt::NoButton);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Sagittal), 48);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Coronal), 16);
  for (const ViewOrientation orientation : {ViewOrientation::Sagittal, ViewOrientation::Coronal}) {
    const QImage image = grabView(*window, orientation);
    const ViewPixel crosshair = model.viewport(orientation).pixelFromPatient(model.crosshairMm());
    EXPECT_GT(greyAt(image, crosshair, window->view(orientation)->devicePixelRatioF()), 240)
        << viewName(orientation) << " does not show the cube at the crosshair";
  }

  // Dragging right with the left button widens the window; the crosshair stays.
  const WindowLevel before = model.windowLevel();
  const auto crosshairBefore = model.crosshairMm();
  sendMouse(axial, QEvent::MouseButtonPress, middle, Qt::LeftButton, Qt::LeftButton);
  sendMouse(axial, QEvent::MouseMove, middle + QPointF(64, 0), Qt::NoButton, Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, middle + QPointF(64, 0), Qt::LeftButton,
            Qt::NoButton);
  EXPECT_GT(model.windowLevel().windowHu, before.windowHu);
  EXPECT_EQ(model.windowLevel().levelHu, before.levelHu);
  EXPECT_EQ(model.crosshairMm(), crosshairBefore);
}

std::optional<Point3<Patient>> structureCentroid(const phantom::DemoPatient& patient,
                                                 const std::string& name) {
  for (const auto& structure : patient.structures) {
    if (structure.name != name) continue;
    return structure::centroidMm(structure.mask);
  }
  return std::nullopt;
}

TEST_F(MainWindowTest, DemoPatientBoneIsBrighterThanSoftTissueInEveryView) {
  phantom::DemoPatient patient = phantom::makeDemoPatient();
  const auto femoralHead = structureCentroid(patient, "FemoralHead_L");
  const auto bladder = structureCentroid(patient, "Bladder");
  ASSERT_TRUE(femoralHead && bladder) << "demo patient lacks FemoralHead_L or Bladder";
  auto window = openWindow(std::make_shared<const core::CtImage>(std::move(patient.ct)));
  ViewerModel& model = window->model();
  // The HU under both points, so that a failure below is about drawing, not about the phantom.
  const auto boneProbe = model.probe(*femoralHead);
  const auto bladderProbe = model.probe(*bladder);
  ASSERT_TRUE(boneProbe && bladderProbe);
  ASSERT_GT(boneProbe->hu, 150) << "femoral head centre is bone";
  ASSERT_LT(std::abs(bladderProbe->hu), 60) << "bladder centre is soft tissue";

  // Each view, once through the femoral head and once through the bladder, in the pelvis window.
  choosePreset(*window, 3);
  std::array<double, 3> boneGrey{}, bladderGrey{};
  for (const auto& [point, greys] : {std::pair{*femoralHead, &boneGrey}, {*bladder, &bladderGrey}}) {
    model.setCrosshair(point);
    window->refreshViews();
    for (std::size_t n = 0; n < ORIENTATIONS.size(); ++n) {
      const QImage image = grabView(*window, ORIENTATIONS[n]);
      ASSERT_FALSE(image.isNull());
      EXPECT_GT(greyStddev(image), MIN_GREY_STDDEV)
          << viewName(ORIENTATIONS[n]) << " view is blank or uniform";
      const ViewPixel pixel = model.viewport(ORIENTATIONS[n]).pixelFromPatient(model.crosshairMm());
      (*greys)[n] = greyAt(image, pixel, window->view(ORIENTATIONS[n])->devicePixelRatioF());
    }
  }
  for (std::size_t n = 0; n < ORIENTATIONS.size(); ++n) {
    EXPECT_GT(boneGrey[n] - bladderGrey[n], MIN_CONTRAST_GREY)
        << viewName(ORIENTATIONS[n]) << ": femoral head grey " << boneGrey[n] << ", bladder grey "
        << bladderGrey[n];
  }

  model.setCrosshair(*femoralHead);
  choosePreset(*window, 0);
  saveScreenshot(*window, "main_window_demo.png");
}

TEST_F(MainWindowTest, ScreenshotOptionWrites1600By1000Png) {
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  const QString png = KERMA_SCREENSHOT_DIR "/kerma_screenshot_demo.png";
  QFile::remove(png);
  QProcess kerma;
  kerma.start(KERMA_APP_PATH, {"--screenshot", png});
  ASSERT_TRUE(kerma.waitForFinished(120000));
  EXPECT_EQ(kerma.exitStatus(), QProcess::NormalExit);
  EXPECT_EQ(kerma.exitCode(), 0) << kerma.readAllStandardError().toStdString();
  const QImage image(png);
  ASSERT_FALSE(image.isNull()) << "no PNG at " << png.toStdString();
  EXPECT_EQ(image.width(), SCREENSHOT_WIDTH_PX);
  EXPECT_EQ(image.height(), SCREENSHOT_HEIGHT_PX);
  EXPECT_GT(greyStddev(image), MIN_GREY_STDDEV);
  // The crosshair (drawn by QPainter over VTK's frame) is in the screenshot too: QWidget::grab()
  // redirects widget painters, which once left the overlay out.
  int crosshairPixels = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor colour = image.pixelColor(x, y);
      if (colour.red() > 180 && colour.green() > 140 && colour.blue() < 90) ++crosshairPixels;
    }
  EXPECT_GT(crosshairPixels, SCREENSHOT_HEIGHT_PX) << "no crosshair in the screenshot";
}

TEST_F(MainWindowTest, ScreenshotOfFolderWithoutCtFailsWithMessage) {
  const QString empty = QDir::tempPath() + "/kerma_gui_test_empty_folder";
  QDir().mkpath(empty);
  QProcess kerma;
  kerma.start(KERMA_APP_PATH, {"--screenshot", QDir::tempPath() + "/never.png", empty});
  ASSERT_TRUE(kerma.waitForFinished(60000));
  EXPECT_EQ(kerma.exitCode(), 2);
  const QString message = QString::fromLocal8Bit(kerma.readAllStandardError());
  EXPECT_TRUE(message.contains(empty)) << message.toStdString();
}

// ---- Structures and contouring on the demo patient -----------------------------------------

// A brush disk of radius r covers the voxel centres within r of the click: their count differs
// from the disk's area / pixel area by at most the pixels cut by the rim, a band of half a pixel
// diagonal (0.69 mm here) each side of a circle of 2 pi r: 2 pi r * 0.69 mm / (pi r^2) = 14 % for
// r = 10 mm as a hard bound; lattice counts of circles this size stay within a few per cent in
// practice, so 6 % is checked.
constexpr double BRUSH_AREA_TOLERANCE = 0.06;
// The overlay's 35 % fill of a colour with blue 255, red 0 moves (blue - red) by about 89 grey
// levels; half of that separates "drawn" from rendering noise.
constexpr double MIN_OVERLAY_SHIFT = 45;

std::unique_ptr<MainWindow> openDemoWithStructures() {
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->resize(SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX);
  window->show();
  EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  QApplication::processEvents();
  return window;
}

bool sameMask(const structure::Mask& a, const structure::Mask& b) {
  return std::equal(a.values().begin(), a.values().end(), b.values().begin(), b.values().end());
}

// (blue - red) of the 3 x 3 device pixels around pixel: grey CT gives 0.
double blueExcessAt(const QImage& image, const ViewPixel& pixel, double devicePixelRatio) {
  const int cx = int(pixel.x * devicePixelRatio), cy = int(pixel.y * devicePixelRatio);
  double sum = 0;
  int count = 0;
  for (int y = cy - 1; y <= cy + 1; ++y)
    for (int x = cx - 1; x <= cx + 1; ++x) {
      if (!image.valid(x, y)) continue;
      const QRgb rgb = image.pixel(x, y);
      sum += qBlue(rgb) - qRed(rgb);
      ++count;
    }
  return count > 0 ? sum / count : 0;
}

void click(QWidget* view, const QPointF& at) {
  sendMouse(view, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
  sendMouse(view, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
  QApplication::processEvents();
}

TEST_F(MainWindowTest, DemoPatientOpensWithItsStructuresListed) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ASSERT_EQ(structures.count(), 6);
  EXPECT_EQ(window->structureList()->table()->rowCount(), 6);
  const auto bladder = structures.indexOf("Bladder");
  ASSERT_TRUE(bladder);
  EXPECT_EQ(window->structureList()->table()->item(*bladder, StructureListPanel::Name)->text(), "Bladder");
  EXPECT_EQ(window->structureList()->table()->item(*bladder, StructureListPanel::Volume)->text(),
            QString::number(structures.volumeCc(*bladder), 'f', 1));
}

TEST_F(MainWindowTest, BrushStrokeAddsItsDiskEraserRemovesItUndoRedoRestoreExactMasks) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ViewerModel& model = window->model();
  // A new structure through the list's Add button; it becomes the active one.
  window->structureList()->findChild<QPushButton*>("addStructureButton")->click();
  ASSERT_EQ(structures.count(), 7);
  const int added = 6;
  ASSERT_EQ(structures.activeIndex(), added);
  const structure::Mask empty = structures.structure(added).mask;

  // Crosshair at the bladder centre, so all three views show the slice the disk is painted on.
  const auto centre = structure::centroidMm(structures.structure(*structures.indexOf("Bladder")).mask);
  ASSERT_TRUE(centre);
  model.setCrosshair(*centre);
  window->refreshViews();
  QApplication::processEvents();
  std::array<double, 3> blueBefore{};
  for (std::size_t n = 0; n < 3; ++n) {
    const ViewPixel at = model.viewport(ORIENTATIONS[n]).pixelFromPatient(model.crosshairMm());
    blueBefore[n] = blueExcessAt(grabView(*window, ORIENTATIONS[n]), at,
                                 window->view(ORIENTATIONS[n])->devicePixelRatioF());
  }

  const double radiusMm = 10;
  window->brushModel().setRadiusMm(radiusMm);
  window->contouringPanel()->selectTool(ContouringTool::Brush);
  SliceView* axial = window->view(ViewOrientation::Axial);
  const ViewPixel centrePixel = model.viewport(ViewOrientation::Axial).pixelFromPatient(model.crosshairMm());
  const auto strokeStart = std::chrono::steady_clock::now();
  click(axial, {centrePixel.x, centrePixel.y});
  const double strokeMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - strokeStart).count();
  const double sliceMm = structures.grid().spacingMm()[2];
  const double expectedCc = std::numbers::pi * radiusMm * radiusMm * sliceMm / 1000;
  EXPECT_NEAR(structures.volumeCc(added), expectedCc, BRUSH_AREA_TOLERANCE * expectedCc);
  EXPECT_EQ(window->history().count(), 2);  // Add, Brush
  const structure::Mask painted = structures.structure(added).mask;
  std::cout << "brush click (press, paint, release, repaint): " << strokeMs << " ms; disk "
            << structures.volumeCc(added) << " cm3, pi r^2 t = " << expectedCc << " cm3\n";

  // The overlay shows the new structure's colour at the disk in all three views.
  for (std::size_t n = 0; n < 3; ++n) {
    const ViewPixel at = model.viewport(ORIENTATIONS[n]).pixelFromPatient(model.crosshairMm());
    const QImage image = grabView(*window, ORIENTATIONS[n]);
    EXPECT_GT(blueExcessAt(image, at, window->view(ORIENTATIONS[n])->devicePixelRatioF()) - blueBefore[n],
              MIN_OVERLAY_SHIFT)
        << viewName(ORIENTATIONS[n]) << " view does not show the painted disk";
  }
  saveScreenshot(*window, "structures_brush.png");

  // The eraser with the same disk removes it again.
  window->contouringPanel()->selectTool(ContouringTool::Eraser);
  click(axial, {centrePixel.x, centrePixel.y});
  EXPECT_TRUE(sameMask(structures.structure(added).mask, empty));
  EXPECT_EQ(structures.volumeCc(added), 0);

  // Undo twice and redo twice through the Edit menu's actions, found by their shortcuts (Xvfb
  // has no window manager to make the window active for key shortcuts).
  auto actionFor = [&](const QKeySequence& keys) -> QAction* {
    for (QAction* action : window->findChildren<QAction*>())
      if (action->shortcuts().contains(keys)) return action;
    return nullptr;
  };
  QAction* undo = actionFor(QKeySequence(Qt::CTRL | Qt::Key_Z));
  QAction* redo = actionFor(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
  ASSERT_TRUE(undo && redo) << "no Ctrl+Z / Ctrl+Shift+Z actions";
  undo->trigger();
  EXPECT_TRUE(sameMask(structures.structure(added).mask, painted));
  undo->trigger();
  EXPECT_TRUE(sameMask(structures.structure(added).mask, empty));
  redo->trigger();
  EXPECT_TRUE(sameMask(structures.structure(added).mask, painted));
  redo->trigger();
  EXPECT_TRUE(sameMask(structures.structure(added).mask, empty));
}

TEST_F(MainWindowTest, SagittalBrushPaintsThePlaneOfTheView) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ViewerModel& model = window->model();
  structures.addStructure({"Sagittal", structure::RoiType::Organ, {0, 0, 255}}, nullptr, "Add");
  const int added = structures.count() - 1;
  // 7 mm reaches two 3 mm slices each way (6 mm) even when the click is off the voxel centre by
  // up to half a pixel, and never three (9 mm).
  window->brushModel().setRadiusMm(7);
  window->contouringPanel()->selectTool(ContouringTool::Brush);
  SliceView* sagittal = window->view(ViewOrientation::Sagittal);
  const ViewPixel at = model.viewport(ViewOrientation::Sagittal).pixelFromPatient(model.crosshairMm());
  click(sagittal, {at.x, at.y});
  const structure::VoxelBox box = structure::nonZeroBox(structures.structure(added).mask);
  ASSERT_FALSE(box.empty());
  EXPECT_EQ(box.hi.i - box.lo.i, 1) << "one sagittal plane (constant i)";
  EXPECT_EQ(box.hi.k - box.lo.k, 5) << "7 mm reaches two 3 mm slices each way";
}

TEST_F(MainWindowTest, PolygonDrawnWithClicksFillsItsSlice) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ViewerModel& model = window->model();
  structures.addStructure({"Drawn", structure::RoiType::Organ, {0, 255, 0}}, nullptr, "Add");
  const int added = structures.count() - 1;
  window->contouringPanel()->selectTool(ContouringTool::Polygon);
  SliceView* axial = window->view(ViewOrientation::Axial);
  const SliceViewport viewport = model.viewport(ViewOrientation::Axial);
  const ViewPixel c = viewport.pixelFromPatient(model.crosshairMm());
  // A 40 x 40 mm square.
  const double halfPx = 20 / viewport.mmPerPixel();
  for (const auto& [dx, dy] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
    click(axial, {c.x + dx * halfPx, c.y + dy * halfPx});
  QMouseEvent doubleClick(QEvent::MouseButtonDblClick, QPointF(c.x - halfPx, c.y + halfPx),
                          axial->mapToGlobal(QPointF(c.x - halfPx, c.y + halfPx)), Qt::LeftButton,
                          Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(axial, &doubleClick);
  const double expectedCc = 40.0 * 40.0 * structures.grid().spacingMm()[2] / 1000;
  // The square's edges fall anywhere between voxel centres: at most one row and one column of
  // 0.98 mm pixels more or less, 2 x 40 mm x 0.98 mm of 1600 mm^2 = 5 %.
  EXPECT_NEAR(structures.volumeCc(added), expectedCc, 0.05 * expectedCc);
}

TEST_F(MainWindowTest, InterpolateFillsTheSlicesBetweenTwoBrushedSlices) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ViewerModel& model = window->model();
  structures.addStructure({"Sparse", structure::RoiType::Organ, {0, 255, 0}}, nullptr, "Add");
  const int added = structures.count() - 1;
  window->brushModel().setRadiusMm(10);
  window->contouringPanel()->selectTool(ContouringTool::Brush);
  SliceView* axial = window->view(ViewOrientation::Axial);
  const int firstSlice = model.sliceIndex(ViewOrientation::Axial);
  for (int step : {0, 4}) {
    model.stepSlice(ViewOrientation::Axial, step);
    window->refreshViews();
    const ViewPixel at = model.viewport(ViewOrientation::Axial).pixelFromPatient(model.crosshairMm());
    click(axial, {at.x, at.y});
  }
  const double twoSlices = structures.volumeCc(added);
  window->interpolateActive();
  const structure::Mask& mask = structures.structure(added).mask;
  for (int k = firstSlice + 1; k < firstSlice + 4; ++k) {
    const auto slice = mask.slice(k);
    EXPECT_GT(std::count(slice.begin(), slice.end(), 1), 250) << "slice " << k << " left empty";
  }
  // Five equal disks.
  EXPECT_NEAR(structures.volumeCc(added), 2.5 * twoSlices, 0.05 * twoSlices);
  window->history().undo();
  EXPECT_DOUBLE_EQ(structures.volumeCc(added), twoSlices);
}

TEST_F(MainWindowTest, ThresholdLivePreviewIsDrawnThenAppliedToTheActiveStructure) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ViewerModel& model = window->model();
  const auto femoralHead =
      structure::centroidMm(structures.structure(*structures.indexOf("FemoralHead_L")).mask);
  model.setCrosshair(*femoralHead);
  window->refreshViews();
  // Hide the femoral head so that only the preview can colour its pixels.
  structures.setVisible(*structures.indexOf("FemoralHead_L"), false);
  structures.addStructure({"Bone", structure::RoiType::Organ, {0, 0, 255}}, nullptr, "Add");
  const int added = structures.count() - 1;
  QApplication::processEvents();
  auto yellowExcess = [&] {
    const QImage image = grabView(*window, ViewOrientation::Axial);
    const ViewPixel at = model.viewport(ViewOrientation::Axial).pixelFromPatient(model.crosshairMm());
    const QRgb rgb = image.pixel(int(at.x * window->view(ViewOrientation::Axial)->devicePixelRatioF()),
                                 int(at.y * window->view(ViewOrientation::Axial)->devicePixelRatioF()));
    return (qRed(rgb) + qGreen(rgb)) / 2.0 - qBlue(rgb);
  };
  const double before = yellowExcess();
  // The panel's default range, 150 to 3000 HU, is bone.
  window->contouringPanel()->findChild<QCheckBox*>("thresholdPreview")->setChecked(true);
  ASSERT_NE(structures.preview(), nullptr);
  const std::size_t previewVoxels =
      std::size_t(std::count(structures.preview()->values().begin(), structures.preview()->values().end(), 1));
  EXPECT_GT(previewVoxels, 0u);
  EXPECT_GT(yellowExcess() - before, MIN_OVERLAY_SHIFT) << "the preview is not drawn";
  window->contouringPanel()->findChild<QPushButton*>("thresholdApply")->click();
  EXPECT_EQ(structures.preview(), nullptr);
  const auto& mask = structures.structure(added).mask;
  EXPECT_EQ(std::size_t(std::count(mask.values().begin(), mask.values().end(), 1)), previewVoxels);
}

TEST_F(MainWindowTest, MarginDialogModelGivesTheMaskOfExpandAndUndoes) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  const int bladder = *structures.indexOf("Bladder");
  MarginDialog dialog(structures, window.get());
  MarginSettings settings;
  settings.sourceIndex = bladder;
  settings.margin = structure::MarginMm::isotropic(5);
  dialog.setSettings(settings);
  const MarginSettings read = dialog.settings();
  EXPECT_TRUE(read.margin.isIsotropic());
  EXPECT_EQ(read.margin.left, 5);
  const int result = applyMargin(structures, read).index;
  EXPECT_EQ(structures.structure(result).name, "Bladder+5mm");
  EXPECT_TRUE(sameMask(structures.structure(result).mask,
                       structure::expand(structures.structure(bladder).mask, structure::MarginMm::isotropic(5))));
  window->history().undo();
  EXPECT_EQ(structures.count(), 6);
}

TEST_F(MainWindowTest, RegionGrowingFromTheBladderCentreReproducesTheBladder) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  ViewerModel& model = window->model();
  const int bladder = *structures.indexOf("Bladder");
  const structure::Mask reference = structures.structure(bladder).mask;
  structures.addStructure({"Grown", structure::RoiType::Organ, {255, 0, 255}}, nullptr, "Add");
  const int added = structures.count() - 1;
  GrowSettings settings;
  settings.method = GrowMethod::HuRange;
  settings.lowHu = REGION_GROW_LOW_HU;
  settings.highHu = REGION_GROW_HIGH_HU;
  window->regionGrowModel().setSettings(settings);
  model.setCrosshair(*structure::centroidMm(reference));
  window->refreshViews();
  window->contouringPanel()->selectTool(ContouringTool::RegionGrow);
  SliceView* axial = window->view(ViewOrientation::Axial);
  const ViewPixel at = model.viewport(ViewOrientation::Axial).pixelFromPatient(model.crosshairMm());
  click(axial, {at.x, at.y});
  // The click started region growing on a worker thread; the preview appears when it is done.
  QElapsedTimer timer;
  timer.start();
  while (structures.preview() == nullptr && timer.elapsed() < 60000) QTest::qWait(20);
  ASSERT_NE(structures.preview(), nullptr) << "region growing did not finish within 60 s";
  std::cout << "region growing on the worker thread: " << timer.elapsed() << " ms\n";
  ASSERT_TRUE(window->regionGrowModel().apply());
  const structure::Mask& grown = structures.structure(added).mask;
  std::size_t both = 0, inGrown = 0, inReference = 0;
  for (std::size_t n = 0; n < grown.values().size(); ++n) {
    inGrown += grown.values()[n];
    inReference += reference.values()[n];
    both += grown.values()[n] & reference.values()[n];
  }
  const double dice = 2.0 * double(both) / double(inGrown + inReference);
  std::cout << "region growing vs Bladder: Dice " << dice << "\n";
  // The urine alone: all of it inside the Bladder, which also holds the wall.
  EXPECT_GT(double(both) / double(inGrown), 0.999) << "the grown region leaked out of the bladder";
  EXPECT_GT(dice, 0.85);
  // Grown urine plus the wall through the margin tool reproduces the Bladder structure.
  MarginSettings wall;
  wall.sourceIndex = added;
  wall.margin = structure::MarginMm::isotropic(BLADDER_WALL_MM);
  const int withWall = applyMargin(structures, wall).index;
  const structure::Mask& result = structures.structure(withWall).mask;
  std::size_t bothWall = 0, inResult = 0;
  for (std::size_t n = 0; n < result.values().size(); ++n) {
    inResult += result.values()[n];
    bothWall += result.values()[n] & reference.values()[n];
  }
  const double diceWithWall = 2.0 * double(bothWall) / double(inResult + inReference);
  std::cout << "region growing + 3 mm margin vs Bladder: Dice " << diceWithWall << "\n";
  EXPECT_GT(diceWithWall, 0.9);
}

TEST_F(MainWindowTest, SavedDemoStructuresReopenWithTheirEdits) {
  auto window = openDemoWithStructures();
  StructureSetModel& structures = window->structures();
  const int rectum = *structures.indexOf("Rectum");
  structure::Mask grown = structure::expand(structures.structure(rectum).mask, structure::MarginMm::isotropic(3));
  structures.replaceMask(rectum, grown, "Grow rectum");
  const QString folder = QDir::temp().filePath("kerma_gui_save");
  QDir(folder).removeRecursively();
  QFuture<void> saving = window->saveStructuresTo(folder.toStdString());
  QElapsedTimer timer;
  timer.start();
  while (!saving.isFinished() && timer.elapsed() < 120000) QTest::qWait(20);
  ASSERT_TRUE(saving.isFinished());
  std::cout << "saving CT and structures: " << timer.elapsed() << " ms\n";
  EXPECT_FALSE(structures.contoursStale(rectum));
  const OpenedPatient reopened = openPatient(std::filesystem::path(folder.toStdString()));
  ASSERT_EQ(reopened.structures.size(), 6u);
  const double expected = structure::volumeCc(grown);
  EXPECT_NEAR(structure::volumeCc(reopened.structures[std::size_t(rectum)].mask), expected, 0.01 * expected);
  // In a new window the structures keep the colours they were saved with (they once came back
  // white, then in a palette by position: PTV as green as the rectum).
  MainWindow again(reopened);
  ASSERT_EQ(again.structures().count(), structures.count());
  for (int n = 0; n < structures.count(); ++n)
    EXPECT_EQ(again.structures().structure(n).colour, structures.structure(n).colour) << structures.structure(n).name;
  QDir(folder).removeRecursively();
}

}  // namespace
}  // namespace kerma::app
