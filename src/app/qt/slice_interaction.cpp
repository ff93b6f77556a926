#include "slice_interaction.h"

#include "kerma/core/error.h"

#include <QKeyEvent>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QWidget>

#include <cmath>
#include <numbers>

namespace kerma::app {

namespace {
const QColor HINT_COLOUR(120, 220, 255);
// Radius of the marker on the polygon's first vertex, view pixels.
constexpr double FIRST_VERTEX_MARKER_PX = 4;

QPointF viewPoint(const SliceViewport& viewport, const core::Point3<core::Patient>& p) {
  const ViewPixel pixel = viewport.pixelFromPatient(p);
  return {pixel.x, pixel.y};
}
}  // namespace

void BrushInteraction::press(QWidget* view, ViewOrientation orientation,
                             const core::Point3<core::Patient>& pMm, const QMouseEvent&) {
  if (!model_.press(pMm, sliceStepDirection(orientation)))
    QMessageBox::information(view, "Kerma: brush",
                             "Select a structure in the list (or add one) before painting.");
}

void BrushInteraction::drag(const core::Point3<core::Patient>& pMm) { model_.drag(pMm); }

void BrushInteraction::release() { model_.release(); }

void BrushInteraction::paint(QPainter& painter, const SliceViewport& viewport,
                             const QPointF& cursor) const {
  const double radiusPx = model_.radiusMm() / viewport.mmPerPixel();
  painter.setPen(QPen(HINT_COLOUR, 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawEllipse(cursor, radiusPx, radiusPx);
}

void PolygonInteraction::press(QWidget*, ViewOrientation orientation,
                               const core::Point3<core::Patient>& pMm, const QMouseEvent&) {
  normal_ = sliceStepDirection(orientation);
  model_.addVertex(pMm, normal_);
}

void PolygonInteraction::drag(const core::Point3<core::Patient>& pMm) {
  // Freehand: every point of the path is a vertex.
  model_.addVertex(pMm, normal_);
}

void PolygonInteraction::doubleClick() { model_.close(); }

void PolygonInteraction::paint(QPainter& painter, const SliceViewport& viewport,
                               const QPointF& cursor) const {
  const auto& vertices = model_.vertices();
  if (vertices.empty()) return;
  painter.setPen(QPen(HINT_COLOUR, 1.5));
  QPointF previous = viewPoint(viewport, vertices.front());
  for (const auto& v : vertices) {
    const QPointF next = viewPoint(viewport, v);
    painter.drawLine(previous, next);
    previous = next;
  }
  painter.setPen(QPen(HINT_COLOUR, 1, Qt::DashLine));
  painter.drawLine(previous, cursor);
  const QPointF first = viewPoint(viewport, vertices.front());
  painter.drawEllipse(first, FIRST_VERTEX_MARKER_PX, FIRST_VERTEX_MARKER_PX);
}

void SeedInteraction::press(QWidget*, ViewOrientation, const core::Point3<core::Patient>& pMm,
                            const QMouseEvent&) {
  model_.setSeed(pMm);
  grow_();
}

void FusionInteraction::press(QWidget*, ViewOrientation orientation, const core::Point3<core::Patient>& pMm,
                              const QMouseEvent& event) {
  orientation_ = orientation;
  last_ = pMm;
  turning_ = event.modifiers() & Qt::ControlModifier;
}

void FusionInteraction::drag(const core::Point3<core::Patient>& pMm) {
  if (turning_) {
    // The angle from the last point to this one as seen from the crosshair, about the normal
    // towards the viewer: the image turns with the hand.
    const core::Point3<core::Patient> pivot = pivot_();
    const core::Vector3<core::Patient> normal = viewAxes(orientation_).towardsViewer;
    const core::Vector3<core::Patient> from = last_ - pivot, to = pMm - pivot;
    const double radians = std::atan2(normal.dot(from.cross(to)), from.dot(to));
    if (from.length() > 0 && to.length() > 0) model_.rotate(normal, radians * 180 / std::numbers::pi, pivot);
  } else {
    model_.translate(pMm - last_);
  }
  last_ = pMm;
  moved_();
}

bool FusionInteraction::key(ViewOrientation orientation, const QKeyEvent& event) {
  const ViewAxes axes = viewAxes(orientation);
  switch (event.key()) {
    case Qt::Key_Left: model_.translate(axes.right * -KEY_STEP_MM); break;
    case Qt::Key_Right: model_.translate(axes.right * KEY_STEP_MM); break;
    case Qt::Key_Up: model_.translate(axes.up * KEY_STEP_MM); break;
    case Qt::Key_Down: model_.translate(axes.up * -KEY_STEP_MM); break;
    case Qt::Key_BracketLeft: model_.rotate(axes.towardsViewer, KEY_STEP_DEGREES, pivot_()); break;
    case Qt::Key_BracketRight: model_.rotate(axes.towardsViewer, -KEY_STEP_DEGREES, pivot_()); break;
    default: return false;
  }
  moved_();
  return true;
}

}  // namespace kerma::app
