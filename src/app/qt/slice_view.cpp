#include "slice_view.h"

#include "slice_interaction.h"
#include "vtk_image.h"

#include "kerma/app/beam_field.h"

#include <QFontMetrics>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLPaintDevice>
#include <QPainter>
#include <QPainterPath>
#include <QTransform>
#include <QWheelEvent>

#include <vtkCamera.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageProperty.h>
#include <vtkImageResliceMapper.h>
#include <vtkImageSlice.h>
#include <vtkRenderer.h>

#include <algorithm>
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
const QColor CROSSHAIR_COLOUR(255, 204, 26, 204);
const QColor LABEL_COLOUR(230, 230, 230);
// Beams: the selected one stands out from the others and from the yellow crosshair.
const QColor SELECTED_BEAM_COLOUR(255, 90, 200), BEAM_COLOUR(80, 200, 255);
const QColor ISOCENTRE_COLOUR(255, 60, 60);
constexpr double ISOCENTRE_MARK_PX = 12;
// The global maximum: a white-edged magenta diamond, unlike the wash's colours and the isocentre.
const QColor GLOBAL_MAXIMUM_COLOUR(255, 0, 255);
constexpr double GLOBAL_MAXIMUM_MARK_PX = 7;
constexpr int LABEL_FONT_PX = 14;
constexpr int LEGEND_FONT_PX = 11;
constexpr double LABEL_MARGIN_PX = 6;
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

QImage toImage(const SliceOverlay& overlay) {
  QImage image(overlay.width, overlay.height, QImage::Format_ARGB32_Premultiplied);
  for (int v = 0; v < overlay.height; ++v)
    std::copy_n(overlay.argb.data() + std::size_t(v) * std::size_t(overlay.width), overlay.width,
                reinterpret_cast<std::uint32_t*>(image.scanLine(v)));
  return image;
}
}  // namespace

SliceView::SliceView(ViewOrientation orientation, ViewerModel& model,
                     const StructureSetModel& structures, std::shared_ptr<VtkCtImage> image,
                     QWidget* parent)
    : VtkGlWidget(parent),
      orientation_(orientation),
      model_(model),
      structures_(structures),
      image_(std::move(image)),
      renderer_(vtkSmartPointer<vtkRenderer>::New()),
      mapper_(vtkSmartPointer<vtkImageResliceMapper>::New()),
      imageProperty_(vtkSmartPointer<vtkImageProperty>::New()),
      slice_(vtkSmartPointer<vtkImageSlice>::New()) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(160, 120);
  model_.setViewInsets(labelInsets());

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
  renderWindow()->AddRenderer(renderer_);
  refresh();
}

SliceView::~SliceView() = default;

void SliceView::refresh() {
  const SliceViewport viewport = model_.viewport(orientation_);
  const SceneState scene{viewport.centreMm(), viewport.mmPerPixel(), viewport.widthPx(),
                         viewport.heightPx(), model_.windowLevel()};
  if (renderedScene_ == scene) {
    // Only the crosshair or labels moved: repaint the overlay over VTK's last frame.
    update();
    return;
  }
  renderedScene_ = scene;
  updateCamera(viewport);
  imageProperty_->SetColorWindow(scene.windowLevel.windowHu);
  imageProperty_->SetColorLevel(scene.windowLevel.levelHu);
  requestRender();
}

void SliceView::setInteraction(SliceInteraction* interaction) {
  if (toolDown_ && interaction_ != nullptr) interaction_->release();
  toolDown_ = false;
  interaction_ = interaction;
  setCursor(interaction ? Qt::CrossCursor : Qt::ArrowCursor);
  update();
}

void SliceView::setOverlayStyle(const OverlayStyle& style) {
  overlayStyle_ = style;
  update();
}

void SliceView::setDose(std::shared_ptr<const eval::DoseDistribution> dose, const DoseWashStyle& style) {
  dose_ = std::move(dose);
  doseStyle_ = style;
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

void SliceView::paintGL() {
  VtkGlWidget::paintGL();
  paintOverlay();
}

void SliceView::paintOverlay() {
  // Paint into the widget's framebuffer object itself: a QPainter on the widget would be
  // redirected by QWidget::grab() (the --screenshot path) into a pixmap that the OpenGL content
  // is later drawn over, hiding the overlay. QPainter works in logical pixels with y down, the
  // model's view pixels.
  const SliceViewport viewport = model_.viewport(orientation_);
  context()->functions()->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
  QOpenGLPaintDevice device(size() * devicePixelRatioF());
  device.setDevicePixelRatio(devicePixelRatioF());
  QPainter painter(&device);
  painter.setRenderHint(QPainter::Antialiasing, false);
  paintFusion(painter, viewport);
  paintDose(painter, viewport);
  paintStructures(painter, viewport);
  paintBeams(painter, viewport);
  paintGlobalMaximum(painter, viewport);

  const ViewPixel centre = viewport.pixelFromPatient(model_.crosshairMm());
  painter.setPen(QPen(CROSSHAIR_COLOUR, 1));
  const double w = width(), h = height();
  painter.drawLine(QPointF(0, centre.y), QPointF(centre.x - CROSSHAIR_GAP_PX, centre.y));
  painter.drawLine(QPointF(centre.x + CROSSHAIR_GAP_PX, centre.y), QPointF(w, centre.y));
  painter.drawLine(QPointF(centre.x, 0), QPointF(centre.x, centre.y - CROSSHAIR_GAP_PX));
  painter.drawLine(QPointF(centre.x, centre.y + CROSSHAIR_GAP_PX), QPointF(centre.x, h));

  QFont font = painter.font();
  font.setPixelSize(LABEL_FONT_PX);
  painter.setFont(font);
  const QRectF area = QRectF(rect()).adjusted(LABEL_MARGIN_PX, LABEL_MARGIN_PX, -LABEL_MARGIN_PX,
                                              -LABEL_MARGIN_PX);
  auto label = [&](int alignment, const QString& text) {
    // A dark copy one pixel down-right keeps light text readable over bone.
    painter.setPen(QColor(0, 0, 0, 200));
    painter.drawText(area.translated(1, 1), alignment, text);
    painter.setPen(LABEL_COLOUR);
    painter.drawText(area, alignment, text);
  };
  const QString slice = QString("%1  %2 / %3\n%4")
                            .arg(QString::fromUtf8(viewName(orientation_).data(),
                                                   qsizetype(viewName(orientation_).size())))
                            .arg(model_.sliceIndex(orientation_) + 1)
                            .arg(model_.sliceCount(orientation_))
                            .arg(QString::fromStdString(planePosition(orientation_, model_.crosshairMm())));
  QString patient = QString::fromStdString(model_.patientLabel());
  // In a narrow view the name and ID take two lines rather than run into the slice label.
  const QFontMetrics metrics(font);
  if (metrics.horizontalAdvance(patient) + metrics.boundingRect(area.toRect(), Qt::AlignRight, slice).width() +
          LABEL_FONT_PX > area.width())
    patient.replace("   ID ", "\nID ");
  label(Qt::AlignLeft | Qt::AlignTop, patient);
  label(Qt::AlignRight | Qt::AlignTop, slice);
  label(Qt::AlignLeft | Qt::AlignBottom, QString::fromStdString(windowLevelText(model_.windowLevel())));
  const EdgeLabels edges = edgeLabels(orientation_);
  label(Qt::AlignLeft | Qt::AlignVCenter, QString(QChar(edges.left)));
  label(Qt::AlignRight | Qt::AlignVCenter, QString(QChar(edges.right)));
  // A line away from the corners, whose patient and window labels reach the centre of a narrow
  // view.
  label(Qt::AlignHCenter | Qt::AlignTop, QString("\n") + QChar(edges.top));
  label(Qt::AlignHCenter | Qt::AlignBottom, QString(QChar(edges.bottom)) + "\n");
  paintDoseLegend(painter);
  if (interaction_ != nullptr && underMouse()) interaction_->paint(painter, viewport, cursor_);
}

void SliceView::setFusion(const FusionModel* fusion) {
  fusion_ = fusion;
  fusionKey_.reset();
  update();
}

void SliceView::paintFusion(QPainter& painter, const SliceViewport& viewport) {
  if (fusion_ == nullptr) return;
  const FusionDisplay& display = fusion_->display();
  if (display.mode == FusionMode::Spyglass && !underMouse()) return;
  const bool checkerboard = display.mode == FusionMode::Checkerboard;
  const FusionKey key{fusion_->revision(), displayedSlice(structures_.grid(), orientation_, model_.crosshairMm()),
                      model_.windowLevel(), checkerboard ? FusionMode::Checkerboard : FusionMode::Blend,
                      checkerboard ? display.checkerMm : 0};
  if (fusionKey_ != key) {
    const SliceOverlay fused = renderFusionSlice(fusion_->prior().hu, fusion_->priorFromCurrent(), structures_.grid(),
                                                 key.slice, key.window, display);
    fusionImage_ = toImage(fused);
    fusionUAxis_ = fused.uAxis;
    fusionVAxis_ = fused.vAxis;
    fusionKey_ = key;
  }
  painter.save();
  // Grey values between voxels as VTK draws the current CT: linear, not blocks.
  painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
  if (display.mode == FusionMode::Blend) painter.setOpacity(display.opacity);
  if (display.mode == FusionMode::Spyglass) {
    QPainterPath lens;
    const double radiusPx = display.spyglassRadiusMm / viewport.mmPerPixel();
    lens.addEllipse(cursor_, radiusPx, radiusPx);
    painter.setClipPath(lens);
  }
  painter.setTransform(sliceTransform(viewport, key.slice, fusionUAxis_, fusionVAxis_));
  painter.drawImage(QPointF(0, 0), fusionImage_);
  painter.restore();
  if (display.mode == FusionMode::Spyglass) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(255, 160, 40), 1.5));
    painter.drawEllipse(cursor_, display.spyglassRadiusMm / viewport.mmPerPixel(), display.spyglassRadiusMm / viewport.mmPerPixel());
    painter.restore();
  }
}

void SliceView::setBeams(const BeamPlanModel* beams) {
  beams_ = beams;
  update();
}

double SliceView::halfSliceThicknessMm() const {
  const auto& spacing = model_.ct().hu.geometry().spacingMm();
  return 0.5 * *std::max_element(spacing.begin(), spacing.end());
}

void SliceView::setGlobalMaximum(const std::optional<core::Point3<core::Patient>>& pointMm) {
  globalMaximumMm_ = pointMm;
  update();
}

void SliceView::paintGlobalMaximum(QPainter& painter, const SliceViewport& viewport) {
  if (!globalMaximumMm_ ||
      std::abs((*globalMaximumMm_ - viewport.centreMm()).dot(viewAxes(orientation_).towardsViewer)) > halfSliceThicknessMm())
    return;
  const ViewPixel at = viewport.pixelFromPatient(*globalMaximumMm_);
  const QPointF c(at.x, at.y);
  const double r = GLOBAL_MAXIMUM_MARK_PX;
  const QPolygonF diamond({c + QPointF(0, -r), c + QPointF(r, 0), c + QPointF(0, r), c + QPointF(-r, 0)});
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(Qt::white, 3));
  painter.drawPolygon(diamond);
  painter.setPen(QPen(GLOBAL_MAXIMUM_COLOUR, 1.5));
  painter.drawPolygon(diamond);
  painter.drawText(c + QPointF(r + 3, -r), "max");
  painter.restore();
}

void SliceView::paintBeams(QPainter& painter, const SliceViewport& viewport) {
  if (beams_ == nullptr) return;
  const double halfThicknessMm = halfSliceThicknessMm();
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  for (int n = 0; n < beams_->count(); ++n) {
    const BeamInView shown = beamInView(beams_->beam(n), beams_->machine(), viewport, halfThicknessMm);
    const QColor colour = beams_->selectedIndex() == n ? SELECTED_BEAM_COLOUR : BEAM_COLOUR;
    painter.setPen(QPen(colour, 1.5));
    for (const ViewSegment& segment : shown.fieldEdges)
      painter.drawLine(QPointF(segment.a.x, segment.a.y), QPointF(segment.b.x, segment.b.y));
    painter.setPen(QPen(colour, 1, Qt::DashLine));
    if (shown.centralAxis)
      painter.drawLine(QPointF(shown.centralAxis->a.x, shown.centralAxis->a.y),
                       QPointF(shown.centralAxis->b.x, shown.centralAxis->b.y));
    if (shown.axisCrossing) {
      const QPointF c(shown.axisCrossing->x, shown.axisCrossing->y);
      painter.drawLine(c + QPointF(-5, -5), c + QPointF(5, 5));
      painter.drawLine(c + QPointF(-5, 5), c + QPointF(5, -5));
    }
  }
  // The plan's isocentre, where it lies in the shown slice: a circle with a cross, as on the
  // lasers' set-up sheet.
  if (const auto isocentre = beams_->isocentre();
      isocentre &&
      std::abs((*isocentre - viewport.centreMm()).dot(viewAxes(orientation_).towardsViewer)) <= halfThicknessMm) {
    const ViewPixel at = viewport.pixelFromPatient(*isocentre);
    const QPointF c(at.x, at.y);
    painter.setPen(QPen(ISOCENTRE_COLOUR, 1.5));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(c, ISOCENTRE_MARK_PX / 2, ISOCENTRE_MARK_PX / 2);
    painter.drawLine(c - QPointF(ISOCENTRE_MARK_PX, 0), c + QPointF(ISOCENTRE_MARK_PX, 0));
    painter.drawLine(c - QPointF(0, ISOCENTRE_MARK_PX), c + QPointF(0, ISOCENTRE_MARK_PX));
  }
  painter.restore();
}

void SliceView::paintStructures(QPainter& painter, const SliceViewport& viewport) {
  const core::VolumeGeometry& grid = structures_.grid();
  const OverlayKey key{structures_.revision(),
                       displayedSlice(grid, orientation_, model_.crosshairMm()), overlayStyle_};
  if (overlayKey_ != key) {
    const SliceOverlay overlay = renderSliceOverlay(structures_, key.slice, key.style);
    overlayImage_ = toImage(overlay);
    overlayUAxis_ = overlay.uAxis;
    overlayVAxis_ = overlay.vAxis;
    overlayKey_ = key;
  }
  painter.setTransform(sliceTransform(viewport, key.slice, overlayUAxis_, overlayVAxis_));
  painter.drawImage(QPointF(0, 0), overlayImage_);
  painter.resetTransform();
}

QTransform SliceView::sliceTransform(const SliceViewport& viewport, const GridSlice& slice, int uAxis,
                                     int vAxis) const {
  // Image pixel (u, v) covers [u, u + 1) x [v, v + 1); its centre is the voxel (u, v) of the
  // slice, placed in the view through the patient frame, so any flip or in-plane rotation of
  // the grid is honoured.
  const core::VolumeGeometry& grid = structures_.grid();
  auto voxelPixel = [&](int u, int v) {
    core::VoxelIndex ijk{0, 0, 0};
    auto set = [&](int axis, int value) { (axis == 0 ? ijk.i : axis == 1 ? ijk.j : ijk.k) = value; };
    set(slice.normalAxis, slice.index);
    set(uAxis, u);
    set(vAxis, v);
    const ViewPixel pixel = viewport.pixelFromPatient(grid.patientPoint(ijk));
    return QPointF(pixel.x, pixel.y);
  };
  const QPointF origin = voxelPixel(0, 0);
  const QPointF uStep = voxelPixel(1, 0) - origin, vStep = voxelPixel(0, 1) - origin;
  const QPointF corner = origin - 0.5 * uStep - 0.5 * vStep;
  return QTransform(uStep.x(), uStep.y(), vStep.x(), vStep.y(), corner.x(), corner.y());
}

void SliceView::paintDose(QPainter& painter, const SliceViewport& viewport) {
  if (!dose_) return;
  const DoseKey key{dose_.get(), displayedSlice(structures_.grid(), orientation_, model_.crosshairMm()), doseStyle_};
  if (doseKey_ != key) {
    DoseSlice rendered = renderDoseSlice(*dose_, structures_.grid(), key.slice, key.style);
    const SliceOverlay& wash = rendered.wash;
    doseImage_ = toImage(wash);
    isodoses_ = std::move(rendered.isodoses);
    doseUAxis_ = wash.uAxis;
    doseVAxis_ = wash.vAxis;
    doseKey_ = key;
  }
  const QTransform toView = sliceTransform(viewport, key.slice, doseUAxis_, doseVAxis_);
  painter.setTransform(toView);
  painter.drawImage(QPointF(0, 0), doseImage_);
  // Segments join voxel centres, which sit half a pixel into the image.
  painter.setTransform(QTransform::fromTranslate(0.5, 0.5) * toView);
  for (const IsodoseLine& line : isodoses_) {
    QPen pen(QColor(line.colour.r, line.colour.g, line.colour.b), 2);
    pen.setCosmetic(true);
    painter.setPen(pen);
    for (const auto& s : line.segments) painter.drawLine(QPointF(s[0], s[1]), QPointF(s[2], s[3]));
  }
  painter.resetTransform();
}

ViewInsets SliceView::labelInsets() const {
  QFont font = this->font();
  font.setPixelSize(LABEL_FONT_PX);
  const QFontMetrics metrics(font);
  // Two lines at the top (patient and slice, the top letter) and the bottom (window, the bottom
  // letter); a letter's width at the sides.
  const double bands = LABEL_MARGIN_PX + 2 * metrics.height();
  const double sides = LABEL_MARGIN_PX + metrics.horizontalAdvance('M');
  return {bands, bands, sides, sides};
}

void SliceView::paintDoseLegend(QPainter& painter) {
  doseLegendRect_.reset();
  if (!dose_ || !doseStyle_.isodoses || isodoses_.empty()) return;
  // One compact line in the bottom label band, right of the window label: never over the image
  // at the fitted zoom. The Dose panel lists the levels with their doses.
  QFont font = painter.font();
  font.setPixelSize(LEGEND_FONT_PX);
  const QFontMetrics metrics(font);
  const QFontMetrics labelMetrics(painter.font());
  const double swatchPx = LEGEND_FONT_PX * 0.8, gapPx = 3, spacePx = 7;
  double widthPx = metrics.horizontalAdvance("%");
  for (const IsodoseLine& line : isodoses_)
    widthPx += swatchPx + gapPx + metrics.horizontalAdvance(QString::number(line.percent, 'f', 0)) + spacePx;
  const double windowLabelPx =
      labelMetrics.horizontalAdvance(QString::fromStdString(windowLevelText(model_.windowLevel())));
  const double left = width() - LABEL_MARGIN_PX - widthPx;
  if (left < LABEL_MARGIN_PX + windowLabelPx + spacePx) return;  // too narrow: the Dose panel has it
  const double y = height() - LABEL_MARGIN_PX - labelMetrics.height();
  doseLegendRect_ = QRectF(left, y, widthPx, labelMetrics.height());
  painter.save();
  painter.setFont(font);
  double x = left;
  for (const IsodoseLine& line : isodoses_) {
    painter.fillRect(QRectF(x, y + (labelMetrics.height() - swatchPx) / 2, swatchPx, swatchPx),
                     QColor(line.colour.r, line.colour.g, line.colour.b));
    x += swatchPx + gapPx;
    const QString text = QString::number(line.percent, 'f', 0);
    painter.setPen(LABEL_COLOUR);
    painter.drawText(QRectF(x, y, metrics.horizontalAdvance(text), labelMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     text);
    x += metrics.horizontalAdvance(text) + spacePx;
  }
  painter.drawText(QRectF(x, y, metrics.horizontalAdvance("%"), labelMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   "%");
  painter.restore();
}

void SliceView::resizeEvent(QResizeEvent* event) {
  model_.setViewSize(orientation_, width(), height());
  refresh();
  VtkGlWidget::resizeEvent(event);
}

void SliceView::wheelEvent(QWheelEvent* event) {
  if (event->modifiers() & Qt::ControlModifier) {
    // Zoom about the cursor, so that what is under it stays there.
    model_.zoomAt(orientation_, {event->position().x(), event->position().y()},
                  std::pow(ViewerModel::ZOOM_STEP, event->angleDelta().y() / WHEEL_NOTCH));
    event->accept();
    emit modelChanged();
    return;
  }
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
  if (event->button() == Qt::MiddleButton ||
      (event->button() == Qt::LeftButton && event->modifiers() & Qt::ShiftModifier)) {
    // Middle drag (or Shift + left drag, for touchpads) moves the image.
    panFrom_ = event->position();
  } else if (event->button() == Qt::LeftButton && interaction_ != nullptr) {
    toolDown_ = true;
    interaction_->press(this, orientation_,
                        model_.viewport(orientation_).patientFromPixel(
                            {event->position().x(), event->position().y()}),
                        *event);
  } else if (event->button() == Qt::LeftButton) {
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
  cursor_ = position;
  // The tool's hint and the fusion's spyglass follow the cursor.
  if (interaction_ != nullptr || (fusion_ != nullptr && fusion_->display().mode == FusionMode::Spyglass)) update();
  if (panFrom_) {
    const QPointF delta = position - *panFrom_;
    panFrom_ = position;
    model_.pan(orientation_, delta.x(), delta.y());
    emit modelChanged();
  } else if (toolDown_ && interaction_ != nullptr) {
    interaction_->drag(model_.viewport(orientation_).patientFromPixel({position.x(), position.y()}));
  } else if (leftDown_) {
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
  if (panFrom_ && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
    panFrom_.reset();
  } else if (event->button() == Qt::LeftButton && toolDown_) {
    toolDown_ = false;
    if (interaction_ != nullptr) interaction_->release();
  } else if (event->button() == Qt::LeftButton && leftDown_) {
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

void SliceView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && interaction_ != nullptr) {
    interaction_->doubleClick();
    event->accept();
    return;
  }
  VtkGlWidget::mouseDoubleClickEvent(event);
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  if (interaction_ != nullptr && interaction_->key(orientation_, *event)) {
    event->accept();
    return;
  }
  const ViewPixel middle{width() / 2.0, height() / 2.0};
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: model_.zoomAt(orientation_, middle, ViewerModel::ZOOM_STEP); break;
    case Qt::Key_Minus: model_.zoomAt(orientation_, middle, 1 / ViewerModel::ZOOM_STEP); break;
    case Qt::Key_0:
    case Qt::Key_Home: model_.fitAll(); break;
    default: stepSliceByKey(event); return;
  }
  emit modelChanged();
  event->accept();
}

void SliceView::stepSliceByKey(QKeyEvent* event) {
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
  std::string text = model_.probeText(p);
  if (fusion_) text += "   " + fusion_->probeText(p);
  if (dose_) text += "   " + doseProbeText(*dose_, doseStyle_, p);
  emit probed(QString::fromStdString(text));
}

}  // namespace kerma::app
