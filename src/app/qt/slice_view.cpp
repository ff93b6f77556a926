#include "slice_view.h"

#include "vtk_image.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCornerAnnotation.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageProperty.h>
#include <vtkImageResliceMapper.h>
#include <vtkImageSlice.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextProperty.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace kerma::app {

namespace {
// Distance of the camera from the slice plane, mm. Any value works for a parallel projection as
// long as the clipping range contains the plane; this one exceeds every patient.
constexpr double CAMERA_DISTANCE_MM = 2000;
// A left press that moves less than this before release is a click (crosshair), not a drag.
constexpr double CLICK_TOLERANCE_PX = 3;
// Gap around the crosshair centre, so the voxel under it stays visible.
constexpr double CROSSHAIR_GAP_PX = 10;
// One notch of a standard mouse wheel (QWheelEvent::angleDelta units).
constexpr double WHEEL_NOTCH = 120;

// Patient axis letter and coordinate of the slice plane through p, e.g. "z 12.0 mm".
std::string planePosition(ViewOrientation orientation, const core::Point3<core::Patient>& p) {
  char text[48];
  switch (orientation) {
    case ViewOrientation::Axial: std::snprintf(text, sizeof text, "z %.1f mm", p.z); break;
    case ViewOrientation::Sagittal: std::snprintf(text, sizeof text, "x %.1f mm", p.x); break;
    case ViewOrientation::Coronal: std::snprintf(text, sizeof text, "y %.1f mm", p.y); break;
  }
  return text;
}
}  // namespace

SliceView::SliceView(ViewOrientation orientation, ViewerModel& model,
                     std::shared_ptr<VtkCtImage> image, QWidget* parent)
    : VtkGlWidget(parent),
      orientation_(orientation),
      model_(model),
      image_(std::move(image)),
      renderer_(vtkSmartPointer<vtkRenderer>::New()),
      mapper_(vtkSmartPointer<vtkImageResliceMapper>::New()),
      imageProperty_(vtkSmartPointer<vtkImageProperty>::New()),
      slice_(vtkSmartPointer<vtkImageSlice>::New()),
      crosshairPoints_(vtkSmartPointer<vtkPoints>::New()),
      crosshair_(vtkSmartPointer<vtkPolyData>::New()),
      annotation_(vtkSmartPointer<vtkCornerAnnotation>::New()) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(160, 120);

  // The plane follows the camera: facing it, through its focal point, which updateCamera puts
  // in the plane through the crosshair.
  mapper_->SetInputData(image_->imageData());
  mapper_->SliceFacesCameraOn();
  mapper_->SliceAtFocalPointOn();
  imageProperty_->SetInterpolationTypeToLinear();
  slice_->SetMapper(mapper_);
  slice_->SetProperty(imageProperty_);
  slice_->SetUserMatrix(image_->patientFromImage());
  renderer_->AddViewProp(slice_);
  renderer_->SetBackground(0, 0, 0);

  // Crosshair: four segments in display pixels, leaving a gap at the centre.
  crosshairPoints_->SetNumberOfPoints(8);
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  for (vtkIdType segment = 0; segment < 4; ++segment) {
    const vtkIdType ends[2] = {2 * segment, 2 * segment + 1};
    lines->InsertNextCell(2, ends);
  }
  crosshair_->SetPoints(crosshairPoints_);
  crosshair_->SetLines(lines);
  auto crosshairMapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
  crosshairMapper->SetInputData(crosshair_);
  auto crosshairActor = vtkSmartPointer<vtkActor2D>::New();
  crosshairActor->SetMapper(crosshairMapper);
  crosshairActor->GetProperty()->SetColor(1.0, 0.8, 0.1);
  crosshairActor->GetProperty()->SetOpacity(0.8);
  crosshairActor->GetProperty()->SetLineWidth(1);
  renderer_->AddViewProp(crosshairActor);

  annotation_->SetMaximumFontSize(16);
  annotation_->SetMinimumFontSize(9);
  annotation_->SetLinearFontScaleFactor(2);
  annotation_->SetNonlinearFontScaleFactor(1);
  annotation_->GetTextProperty()->SetColor(0.9, 0.9, 0.9);
  annotation_->GetTextProperty()->SetFontFamilyToArial();
  const EdgeLabels labels = edgeLabels(orientation_);
  annotation_->SetText(vtkCornerAnnotation::LeftEdge, std::string(1, labels.left).c_str());
  annotation_->SetText(vtkCornerAnnotation::RightEdge, std::string(1, labels.right).c_str());
  annotation_->SetText(vtkCornerAnnotation::UpperEdge, std::string(1, labels.top).c_str());
  annotation_->SetText(vtkCornerAnnotation::LowerEdge, std::string(1, labels.bottom).c_str());
  renderer_->AddViewProp(annotation_);

  renderWindow()->AddRenderer(renderer_);
  refresh();
}

SliceView::~SliceView() = default;

void SliceView::refresh() {
  const SliceViewport viewport = model_.viewport(orientation_);
  updateCamera(viewport);
  updateCrosshair(viewport);
  const WindowLevel& windowLevel = model_.windowLevel();
  imageProperty_->SetColorWindow(windowLevel.windowHu);
  imageProperty_->SetColorLevel(windowLevel.levelHu);
  updateAnnotations();
  update();
}

void SliceView::updateCamera(const SliceViewport& viewport) {
  const ViewAxes axes = viewAxes(orientation_);
  const core::Point3<core::Patient> focal = viewport.centreMm();
  const core::Point3<core::Patient> eye = focal + axes.towardsViewer * CAMERA_DISTANCE_MM;
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->ParallelProjectionOn();
  camera->SetFocalPoint(focal.x, focal.y, focal.z);
  camera->SetPosition(eye.x, eye.y, eye.z);
  camera->SetViewUp(axes.up.x, axes.up.y, axes.up.z);
  camera->SetParallelScale(viewport.halfHeightMm());
  camera->SetClippingRange(CAMERA_DISTANCE_MM / 2, CAMERA_DISTANCE_MM * 1.5);
}

void SliceView::updateCrosshair(const SliceViewport& viewport) {
  // The model speaks logical pixels with y down; VTK's display coordinates are device pixels
  // with y up.
  const double scale = devicePixelRatioF();
  const double heightPx = viewport.heightPx();
  const ViewPixel centre = viewport.pixelFromPatient(model_.crosshairMm());
  auto setPoint = [&](vtkIdType id, double x, double y) {
    crosshairPoints_->SetPoint(id, x * scale, (heightPx - y) * scale, 0);
  };
  const double w = viewport.widthPx();
  setPoint(0, 0, centre.y);
  setPoint(1, centre.x - CROSSHAIR_GAP_PX, centre.y);
  setPoint(2, centre.x + CROSSHAIR_GAP_PX, centre.y);
  setPoint(3, w, centre.y);
  setPoint(4, centre.x, 0);
  setPoint(5, centre.x, centre.y - CROSSHAIR_GAP_PX);
  setPoint(6, centre.x, centre.y + CROSSHAIR_GAP_PX);
  setPoint(7, centre.x, heightPx);
  crosshairPoints_->Modified();
}

void SliceView::updateAnnotations() {
  annotation_->SetText(vtkCornerAnnotation::UpperLeft, model_.patientLabel().c_str());
  char slice[96];
  std::snprintf(slice, sizeof slice, "%s  %d / %d\n%s", std::string(viewName(orientation_)).c_str(),
                model_.sliceIndex(orientation_) + 1, model_.sliceCount(orientation_),
                planePosition(orientation_, model_.crosshairMm()).c_str());
  annotation_->SetText(vtkCornerAnnotation::UpperRight, slice);
  char window[64];
  std::snprintf(window, sizeof window, "W %.0f  L %.0f", model_.windowLevel().windowHu,
                model_.windowLevel().levelHu);
  annotation_->SetText(vtkCornerAnnotation::LowerLeft, window);
}

void SliceView::resizeEvent(QResizeEvent* event) {
  model_.setViewSize(orientation_, width(), height());
  refresh();
  VtkGlWidget::resizeEvent(event);
}

void SliceView::wheelEvent(QWheelEvent* event) {
  // Touchpads send fractions of a notch; keep the remainder so slow scrolling still steps.
  wheelRemainder_ += event->angleDelta().y() / WHEEL_NOTCH;
  const int steps = int(std::trunc(wheelRemainder_));
  wheelRemainder_ -= steps;
  event->accept();
  if (steps == 0) return;
  model_.stepSlice(orientation_, steps);
  emit modelChanged();
  probeAt(event->position());
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    leftDown_ = true;
    dragging_ = false;
    pressPosition_ = event->position();
    pressWindowLevel_ = model_.windowLevel();
  } else if (event->button() == Qt::RightButton) {
    model_.setCrosshairFromPixel(orientation_, {event->position().x(), event->position().y()});
    emit modelChanged();
  }
  event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF position = event->position();
  if (leftDown_) {
    const QPointF delta = position - pressPosition_;
    if (!dragging_ && std::hypot(delta.x(), delta.y()) > CLICK_TOLERANCE_PX) dragging_ = true;
    if (dragging_) {
      model_.setWindowLevel(draggedWindowLevel(pressWindowLevel_, delta.x(), delta.y()));
      emit modelChanged();
    }
  } else if (event->buttons() & Qt::RightButton) {
    model_.setCrosshairFromPixel(orientation_, {position.x(), position.y()});
    emit modelChanged();
  }
  probeAt(position);
  event->accept();
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && leftDown_) {
    if (!dragging_) {
      model_.setCrosshairFromPixel(orientation_,
                                   {event->position().x(), event->position().y()});
      emit modelChanged();
    }
    leftDown_ = false;
    dragging_ = false;
  }
  event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  int steps = 0;
  switch (event->key()) {
    case Qt::Key_Up: steps = 1; break;
    case Qt::Key_Down: steps = -1; break;
    case Qt::Key_PageUp: steps = 10; break;
    case Qt::Key_PageDown: steps = -10; break;
    default: VtkGlWidget::keyPressEvent(event); return;
  }
  model_.stepSlice(orientation_, steps);
  emit modelChanged();
  event->accept();
}

void SliceView::probeAt(const QPointF& position) {
  const auto p = model_.viewport(orientation_).patientFromPixel({position.x(), position.y()});
  emit probed(QString::fromStdString(model_.probeText(p)));
}

}  // namespace kerma::app
