// GUI tests of the workstation: a real main window under X (xvfb-run), pixels read back from each
// view through Kerma's QOpenGLWidget <-> VTK bridge.

#include "main_window.h"
#include "slice_view.h"
#include "vtk_gl_widget.h"

#include "kerma/phantom/demo_patient.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QMouseEvent>
#include <QTest>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
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

class MainWindowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::getenv("DISPLAY") == nullptr) return;
    // A real window on the X server: the offscreen platform would not exercise the bridge the
    // way a user's desktop does.
    qputenv("QT_QPA_PLATFORM", "xcb");
    QSurfaceFormat::setDefaultFormat(VtkGlWidget::defaultFormat());
    static int argc = 1;
    static char name[] = "test_app_gui";
    static char* argv[] = {name, nullptr};
    application_ = new QApplication(argc, argv);
  }
  static void TearDownTestSuite() {
    delete application_;
    application_ = nullptr;
  }
  void SetUp() override {
    if (application_ == nullptr)
      GTEST_SKIP() << "no X display; run under xvfb-run -a -s \"-screen 0 1920x1200x24\"";
  }

  static std::unique_ptr<MainWindow> openWindow(std::shared_ptr<const core::CtImage> ct) {
    auto window = std::make_unique<MainWindow>(std::move(ct), "test");
    window->resize(SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX);
    window->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    QApplication::processEvents();
    return window;
  }

  static QApplication* application_;
};

QApplication* MainWindowTest::application_ = nullptr;

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
  window->applyPreset(3);
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
  window->applyPreset(0);
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

}  // namespace
}  // namespace kerma::app
