#include "plan_3d_view.h"

#include "vtk_image.h"

#include "kerma/app/beam_field.h"
#include "kerma/app/viewer_model.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLPaintDevice>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkMatrix4x4.h>
#include <vtkCellArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkPointData.h>
#include <vtkCellData.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace kerma::app {

namespace {
// Surfaces are built on every second voxel in-plane: a quarter of the triangles, which the
// software rasteriser under Xvfb needs, and still finer than a 3 mm slice.
constexpr int SURFACE_STRIDE = 2;
constexpr double BODY_OPACITY = 0.18, TARGET_OPACITY = 0.85;
constexpr double ROTATE_DEG_PER_PX = 0.4;
// Length of each half-axis of the orientation marker.
constexpr double ORIENTATION_MARKER_PX = 28;
const double SELECTED_BEAM[3] = {1.0, 0.9, 0.0}, OTHER_BEAM[3] = {0.3, 0.8, 1.0};

bool isTarget(structure::RoiType type) {
  return type == structure::RoiType::Ptv || type == structure::RoiType::Ctv || type == structure::RoiType::Gtv;
}

// The outline of a field's open rectangles (their union), as closed polygons in BLD mm.
QList<QPolygonF> fieldOutline(const dose::Beam& beam, const dose::MlcModel& mlc) {
  QPainterPath field;
  for (const BevRectMm& r : fieldApertures(beam, mlc)) field.addRect(QRectF(QPointF(r.x1, r.y1), QPointF(r.x2, r.y2)));
  return field.simplified().toSubpathPolygons();
}
}  // namespace

Plan3dView::Plan3dView(BeamPlanModel& beams, const StructureSetModel& structures, std::shared_ptr<VtkCtImage> image,
                       QWidget* parent)
    : VtkGlWidget(parent), beams_(beams), structures_(structures), image_(std::move(image)) {
  setObjectName("plan3dView");
  renderer_ = vtkSmartPointer<vtkRenderer>::New();
  renderer_->SetBackground(0.08, 0.08, 0.1);
  renderWindow()->AddRenderer(renderer_);
  beamActor_ = vtkSmartPointer<vtkActor>::New();
  beamActor_->GetProperty()->SetLineWidth(1.5);
  beamActor_->GetProperty()->LightingOff();
  renderer_->AddActor(beamActor_);
  listenerId_ = beams_.addListener([this](BeamChange change) {
    if (change != BeamChange::MonitorUnits) refresh();
  });
}

Plan3dView::~Plan3dView() { beams_.removeListener(listenerId_); }

void Plan3dView::paintGL() {
  VtkGlWidget::paintGL();
  // The patient's name and ID, painted into the framebuffer object as SliceView paints its
  // labels, so that grab() shows them.
  context()->functions()->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
  QOpenGLPaintDevice device(size() * devicePixelRatioF());
  device.setDevicePixelRatio(devicePixelRatioF());
  QPainter painter(&device);
  painter.setPen(Qt::white);
  painter.drawText(QRectF(rect()).adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignTop,
                   QString::fromStdString(patientLabel(structures_.ct().identity)));
  paintOrientationMarker(painter);
}

void Plan3dView::paintOrientationMarker(QPainter& painter) {
  // The patient axes as the camera sees them, in the lower left: a line per axis from the patient
  // direction's letter to its opposite (R–L, A–P, I–S), the nearer end drawn in front.
  vtkMatrix4x4* view = renderer_->GetActiveCamera()->GetViewTransformMatrix();
  const QPointF centre(ORIENTATION_MARKER_PX + 8, height() - ORIENTATION_MARKER_PX - 8);
  painter.setRenderHint(QPainter::Antialiasing);
  QFont font = painter.font();
  font.setBold(true);
  painter.setFont(font);
  const std::array<std::pair<core::Vector3<core::Patient>, QColor>, 3> axes{
      {{{1, 0, 0}, QColor(255, 90, 90)}, {{0, 1, 0}, QColor(90, 220, 90)}, {{0, 0, 1}, QColor(110, 150, 255)}}};
  for (const auto& [axis, colour] : axes)
    for (const double sign : {-1.0, 1.0}) {
      const core::Vector3<core::Patient> dir = axis * sign;
      const double x = view->GetElement(0, 0) * dir.x + view->GetElement(0, 1) * dir.y + view->GetElement(0, 2) * dir.z;
      const double y = view->GetElement(1, 0) * dir.x + view->GetElement(1, 1) * dir.y + view->GetElement(1, 2) * dir.z;
      const QPointF tip = centre + QPointF(x, -y) * ORIENTATION_MARKER_PX;
      painter.setPen(QPen(colour, sign > 0 ? 2.5 : 1.2));
      painter.drawLine(centre, tip);
      painter.setPen(colour);
      painter.drawText(QRectF(tip.x() - 8, tip.y() - 8, 16, 16), Qt::AlignCenter,
                       QString(QChar(core::patientDirectionLetter(dir))));
    }
}

void Plan3dView::showEvent(QShowEvent* event) {
  VtkGlWidget::showEvent(event);
  refresh();
}

void Plan3dView::refresh() {
  if (!isVisible()) return;
  if (surfaceRevision_ != structures_.revision()) rebuildSurfaces();
  rebuildBeams();
  if (!cameraPlaced_) {
    // From the patient's front-left, head up (LPS: anterior is -y, superior +z), fitted to the
    // CT's box rather than to the beams, which reach a metre beyond it to their sources.
    const core::VolumeGeometry& grid = structures_.grid();
    double bounds[6] = {1e300, -1e300, 1e300, -1e300, 1e300, -1e300};
    for (int corner = 0; corner < 8; ++corner) {
      const auto p = grid.patientFromVoxel()(core::Point3<core::Voxel>{corner & 1 ? grid.size()[0] - 0.5 : -0.5,
                                                                       corner & 2 ? grid.size()[1] - 0.5 : -0.5,
                                                                       corner & 4 ? grid.size()[2] - 0.5 : -0.5});
      const double xyz[3] = {p.x, p.y, p.z};
      for (int a = 0; a < 3; ++a) {
        bounds[2 * a] = std::min(bounds[2 * a], xyz[a]);
        bounds[2 * a + 1] = std::max(bounds[2 * a + 1], xyz[a]);
      }
    }
    vtkCamera* camera = renderer_->GetActiveCamera();
    const double centre[3] = {(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2};
    camera->SetFocalPoint(centre);
    camera->SetPosition(centre[0] + 500, centre[1] - 850, centre[2] + 200);
    camera->SetViewUp(0, 0, 1);
    renderer_->ResetCamera(bounds);
    cameraPlaced_ = true;
  }
  requestRender();
}

void Plan3dView::rebuildSurfaces() {
  for (auto& actor : surfaceActors_) renderer_->RemoveActor(actor);
  surfaceActors_.clear();
  surfaceRevision_ = structures_.revision();
  const auto& size = structures_.grid().size();
  const auto& spacing = structures_.grid().spacingMm();
  for (int n = 0; n < structures_.count(); ++n) {
    const structure::Structure& s = structures_.structure(n);
    const bool body = s.type == structure::RoiType::External;
    if (!structures_.visible(n) || !(body || isTarget(s.type))) continue;
    const int ni = (int(size[0]) + SURFACE_STRIDE - 1) / SURFACE_STRIDE;
    const int nj = (int(size[1]) + SURFACE_STRIDE - 1) / SURFACE_STRIDE;
    const int nk = int(size[2]);
    auto image = vtkSmartPointer<vtkImageData>::New();
    // Padded by one empty voxel on every side, so that surfaces close at the CT's edges.
    image->SetDimensions(ni + 2, nj + 2, nk + 2);
    image->SetSpacing(SURFACE_STRIDE * spacing[0], SURFACE_STRIDE * spacing[1], spacing[2]);
    image->SetOrigin(-SURFACE_STRIDE * spacing[0], -SURFACE_STRIDE * spacing[1], -spacing[2]);
    auto values = vtkSmartPointer<vtkUnsignedCharArray>::New();
    values->SetNumberOfValues(vtkIdType(ni + 2) * (nj + 2) * (nk + 2));
    values->Fill(0);
    for (int k = 0; k < nk; ++k)
      for (int j = 0; j < nj; ++j)
        for (int i = 0; i < ni; ++i)
          if (s.mask.at({i * SURFACE_STRIDE, j * SURFACE_STRIDE, k}))
            values->SetValue((vtkIdType(k + 1) * (nj + 2) + (j + 1)) * (ni + 2) + (i + 1), 255);
    image->GetPointData()->SetScalars(values);
    auto surface = vtkSmartPointer<vtkFlyingEdges3D>::New();
    surface->SetInputData(image);
    surface->SetValue(0, 127.5);
    surface->ComputeNormalsOn();
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputConnection(surface->GetOutputPort());
    mapper->ScalarVisibilityOff();
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->SetUserMatrix(image_->patientFromImage());
    actor->GetProperty()->SetColor(s.colour.r / 255.0, s.colour.g / 255.0, s.colour.b / 255.0);
    actor->GetProperty()->SetOpacity(body ? BODY_OPACITY : TARGET_OPACITY);
    renderer_->AddActor(actor);
    surfaceActors_.push_back(actor);
  }
}

void Plan3dView::rebuildBeams() {
  auto points = vtkSmartPointer<vtkPoints>::New();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colours->SetNumberOfComponents(3);
  const double sad = beams_.machine().sadMm;
  auto add = [&](const core::Point3<core::Patient>& a, const core::Point3<core::Patient>& b, const double* rgb) {
    const vtkIdType ids[2] = {points->InsertNextPoint(a.x, a.y, a.z), points->InsertNextPoint(b.x, b.y, b.z)};
    lines->InsertNextCell(2, ids);
    const unsigned char c[3] = {static_cast<unsigned char>(255 * rgb[0]), static_cast<unsigned char>(255 * rgb[1]),
                                static_cast<unsigned char>(255 * rgb[2])};
    colours->InsertNextTypedTuple(c);
  };
  for (int n = 0; n < beams_.count(); ++n) {
    const dose::Beam& beam = beams_.beam(n);
    const double* rgb = beams_.selectedIndex() == n ? SELECTED_BEAM : OTHER_BEAM;
    const auto patientFromBld = beam.patientFromBeamLimitingDevice();
    const core::Point3<core::Patient> source = patientFromBld(core::Point3<core::IecBeamLimitingDevice>{0, 0, sad});
    add(source, patientFromBld(core::Point3<core::IecBeamLimitingDevice>{0, 0, -0.3 * sad}), rgb);
    // Field edges: from the source through the outline's corners at the isocentre plane to 1.3 SAD.
    for (const QPolygonF& polygon : fieldOutline(beam, beams_.machine().mlc)) {
      for (int v = 0; v + 1 < polygon.size(); ++v) {
        const QPointF a = polygon[v], b = polygon[v + 1];
        add(patientFromBld(core::Point3<core::IecBeamLimitingDevice>{a.x(), a.y(), 0}), patientFromBld(core::Point3<core::IecBeamLimitingDevice>{b.x(), b.y(), 0}), rgb);
      }
      // Rays only through the outline's outer corners: a few per beam keep the picture readable.
      QPointF lowest = polygon[0], highest = polygon[0], leftmost = polygon[0], rightmost = polygon[0];
      for (const QPointF& p : polygon) {
        if (p.y() < lowest.y() || (p.y() == lowest.y() && p.x() < lowest.x())) lowest = p;
        if (p.y() > highest.y() || (p.y() == highest.y() && p.x() > highest.x())) highest = p;
        if (p.x() < leftmost.x()) leftmost = p;
        if (p.x() > rightmost.x()) rightmost = p;
      }
      for (const QPointF& corner : {lowest, highest, leftmost, rightmost}) {
        const core::Point3<core::Patient> atIso = patientFromBld(core::Point3<core::IecBeamLimitingDevice>{corner.x(), corner.y(), 0});
        add(source, core::lerp(1.3, source, atIso), rgb);
      }
    }
  }
  auto data = vtkSmartPointer<vtkPolyData>::New();
  data->SetPoints(points);
  data->SetLines(lines);
  data->GetCellData()->SetScalars(colours);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(data);
  mapper->SetScalarModeToUseCellData();
  beamActor_->SetMapper(mapper);
}

void Plan3dView::mousePressEvent(QMouseEvent* event) { lastMouse_ = event->position(); }

void Plan3dView::mouseMoveEvent(QMouseEvent* event) {
  if (!(event->buttons() & Qt::LeftButton)) return;
  const QPointF delta = event->position() - lastMouse_;
  lastMouse_ = event->position();
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->Azimuth(-delta.x() * ROTATE_DEG_PER_PX);
  camera->Elevation(delta.y() * ROTATE_DEG_PER_PX);
  camera->OrthogonalizeViewUp();
  renderer_->ResetCameraClippingRange();
  requestRender();
}

void Plan3dView::wheelEvent(QWheelEvent* event) {
  renderer_->GetActiveCamera()->Dolly(std::pow(1.1, event->angleDelta().y() / 120.0));
  renderer_->ResetCameraClippingRange();
  requestRender();
}

}  // namespace kerma::app
