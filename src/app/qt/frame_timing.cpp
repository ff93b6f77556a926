#include "frame_timing.h"

#include "main_window.h"
#include "slice_view.h"

#include "kerma/app/structure_overlay.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <ctime>
#include <vector>

namespace kerma::app {

namespace {

constexpr ViewOrientation VIEWS[] = {ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal};
constexpr int FRAME_TIMEOUT_MS = 5000;
constexpr int SLICE_CHANGES = 100;
constexpr int SETTLE_MS = 100;
constexpr int BRUSH_MOVES = 100;
constexpr double BRUSH_RADIUS_MM = 5;
constexpr double BRUSH_STEP_MM = 1;
constexpr int OVERLAY_REPEATS = 20;
constexpr int WHEEL_NOTCH = 120;  // QWheelEvent's angle delta of one notch

// Mean, median, 95th percentile and maximum of times (ms), as one text.
std::string summary(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (const double t : ms) sum += t;
  return "mean " + std::to_string(sum / ms.size()) + " ms, median " + std::to_string(ms[ms.size() / 2]) +
         " ms, 95th percentile " + std::to_string(ms[ms.size() * 95 / 100]) + " ms, max " + std::to_string(ms.back()) +
         " ms";
}

// Process CPU time of all threads (Mesa's llvmpipe rasterises on several), ms: unlike wall time it
// hardly depends on what else the machine runs, and it is what frame-time.sh measures.
double cpuMs() { return 1000.0 * double(std::clock()) / CLOCKS_PER_SEC; }

// Lets the event loop finish what the last event started after its frame (timers, a repaint of the
// status bar), as between a user's wheel notches, so that its CPU time counts with that event.
void settle() {
  QEventLoop loop;
  QTimer::singleShot(SETTLE_MS, &loop, &QEventLoop::quit);
  loop.exec();
}

// One notch of the mouse wheel over the centre of view, delivered as Qt delivers the X event.
void wheelNotch(SliceView& view, int direction) {
  const QPointF centre(view.width() / 2.0, view.height() / 2.0);
  QWheelEvent event(centre, view.mapToGlobal(centre), QPoint(), QPoint(0, direction * WHEEL_NOTCH), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(&view, &event);
}

bool measureSliceChanges(MainWindow& window, std::ostream& out) {
  auto& model = window.model();
  SliceView& axial = *window.view(ViewOrientation::Axial);
  std::vector<double> frameMs;
  int direction = -1;  // the wheel's "down" steps towards the feet first
  QElapsedTimer timer;
  const double cpuStart = cpuMs();
  for (int change = 0; change < SLICE_CHANGES; ++change) {
    const int slice = model.sliceIndex(ViewOrientation::Axial);
    if (slice + direction < 0 || slice + direction >= model.sliceCount(ViewOrientation::Axial)) direction = -direction;
    const ShownFrames before = shownFrames(window);
    timer.start();
    wheelNotch(axial, direction);
    if (!waitForShownFrames(window, before, FRAME_TIMEOUT_MS)) {
      out << "slice change " << change + 1 << ": the views did not show a new frame within " << FRAME_TIMEOUT_MS
          << " ms; no timing\n";
      return false;
    }
    frameMs.push_back(timer.nsecsElapsed() / 1e6);
    settle();
  }
  const double cpuPerChange = (cpuMs() - cpuStart) / SLICE_CHANGES;
  const auto& size = model.ct().hu.geometry().size();
  axial.makeCurrent();
  const auto* renderer = reinterpret_cast<const char*>(axial.context()->functions()->glGetString(GL_RENDERER));
  out << "slice change by a wheel notch, until the three views showed the new frame (axial view " << axial.width()
      << "x" << axial.height() << " px, CT " << size[0] << "x" << size[1] << "x" << size[2] << "), " << frameMs.size()
      << " changes: " << summary(frameMs) << "; CPU time " << cpuPerChange << " ms per change (all threads)\n"
      << "OpenGL: " << axial.context()->format().majorVersion() << "." << axial.context()->format().minorVersion()
      << " " << renderer << "\n";
  axial.doneCurrent();
  return true;
}

// A stroke on the axial slice through the centre into a new structure, one move at a time, each
// timed from the brush model's call until the three views showed the changed structure.
bool measureBrushStroke(MainWindow& window, std::ostream& out) {
  auto& structures = window.structures();
  structures.addStructure({"Timing", structure::RoiType::Organ, {0, 255, 0}}, nullptr, "Add Timing");
  auto& brush = window.brushModel();
  brush.setRadiusMm(BRUSH_RADIUS_MM);
  const auto start = window.model().crosshairMm();
  const auto axialNormal = sliceStepDirection(ViewOrientation::Axial);
  std::vector<double> frameMs;
  double brushMs = 0;
  QElapsedTimer timer;
  const double cpuStart = cpuMs();
  for (int move = 0; move < BRUSH_MOVES; ++move) {
    // A zig-zag of 20 mm legs around the centre.
    const double along = (move % 40 < 20 ? move % 20 : 20 - move % 20) * BRUSH_STEP_MM;
    const core::Point3<core::Patient> p{start.x - 10 + along, start.y + 0.3 * move, start.z};
    const ShownFrames before = shownFrames(window);
    timer.start();
    if (move == 0)
      brush.press(p, axialNormal);
    else
      brush.drag(p);
    brushMs += timer.nsecsElapsed() / 1e6;
    if (!waitForShownFrames(window, before, FRAME_TIMEOUT_MS)) {
      out << "brush move " << move + 1 << ": the views did not show a new frame within " << FRAME_TIMEOUT_MS
          << " ms; no timing\n";
      return false;
    }
    frameMs.push_back(timer.nsecsElapsed() / 1e6);
    settle();
  }
  brush.release();
  const double cpuPerMove = (cpuMs() - cpuStart) / BRUSH_MOVES;
  // What the views' paints rebuild after each move: the overlay image of their slices.
  timer.start();
  for (int repeat = 0; repeat < OVERLAY_REPEATS; ++repeat)
    for (const ViewOrientation orientation : VIEWS)
      renderSliceOverlay(structures, displayedSlice(structures.grid(), orientation, start), {});
  const double overlayMs = timer.nsecsElapsed() / 1e6 / OVERLAY_REPEATS;
  out << "brush stroke, until the three views showed each mouse move (radius " << BRUSH_RADIUS_MM << " mm, axial slice "
      << structures.grid().size()[0] << "x" << structures.grid().size()[1] << ", " << structures.count()
      << " structures), " << frameMs.size() << " moves: " << summary(frameMs) << "; CPU time " << cpuPerMove
      << " ms per move (all threads), of which the brush itself " << brushMs / BRUSH_MOVES
      << " ms and building the three overlay images " << overlayMs << " ms; undo holds " << window.history().count()
      << " edits\n";
  return true;
}

}  // namespace

ShownFrames shownFrames(const MainWindow& window) {
  ShownFrames frames{};
  for (std::size_t v = 0; v < frames.size(); ++v) frames[v] = window.view(VIEWS[v])->framesShown();
  return frames;
}

bool waitForShownFrames(const MainWindow& window, const ShownFrames& before, int timeoutMs) {
  auto allShown = [&] {
    const ShownFrames now = shownFrames(window);
    for (std::size_t v = 0; v < now.size(); ++v)
      if (now[v] <= before[v]) return false;
    return true;
  };
  if (allShown()) return true;
  QEventLoop loop;
  std::vector<QMetaObject::Connection> connections;
  for (const ViewOrientation orientation : VIEWS)
    connections.push_back(QObject::connect(window.view(orientation), &QOpenGLWidget::frameSwapped, &loop, [&] {
      if (allShown()) loop.exit(0);
    }));
  QTimer::singleShot(timeoutMs, &loop, [&] { loop.exit(1); });
  const bool shown = loop.exec() == 0;
  for (const auto& connection : connections) QObject::disconnect(connection);
  return shown;
}

bool measureFrameTimes(MainWindow& window, std::ostream& out) {
  return measureSliceChanges(window, out) && measureBrushStroke(window, out);
}

}  // namespace kerma::app
