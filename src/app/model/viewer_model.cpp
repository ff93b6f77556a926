#include "kerma/app/viewer_model.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <utility>

namespace kerma::app {

using core::Patient;
using core::Point3;
using core::Vector3;
using core::Voxel;

namespace {

// Free space around the fitted volume, as a fraction of the view.
constexpr double FIT_MARGIN_FRACTION = 0.04;

double component(const Point3<Voxel>& v, int axis) { return axis == 0 ? v.x : axis == 1 ? v.y : v.z; }

// Nearest voxel centre to v, clamped into the volume.
core::VoxelIndex nearestVoxel(const core::VolumeGeometry& geometry, const Point3<Voxel>& v) {
  auto axisIndex = [&](int axis) {
    return std::clamp<std::int64_t>(std::llround(component(v, axis)), 0,
                                    geometry.size()[axis] - 1);
  };
  return {axisIndex(0), axisIndex(1), axisIndex(2)};
}

// DICOM person name "FAMILY^GIVEN^MIDDLE" as "FAMILY, GIVEN MIDDLE".
std::string displayName(const std::string& dicomName) {
  std::string family = dicomName.substr(0, dicomName.find('^'));
  std::string rest;
  if (const auto caret = dicomName.find('^'); caret != std::string::npos) {
    rest = dicomName.substr(caret + 1);
    std::replace(rest.begin(), rest.end(), '^', ' ');
    while (!rest.empty() && rest.back() == ' ') rest.pop_back();
  }
  if (rest.empty()) return family;
  return family.empty() ? rest : family + ", " + rest;
}

}  // namespace

ViewerModel::ViewerModel(std::shared_ptr<const core::CtImage> ct) : ct_(std::move(ct)) {
  assert(ct_ && ct_->hu.geometry().voxelCount() > 0 && "the viewer needs a CT with voxels");
  const auto& size = ct_->hu.geometry().size();
  crosshairMm_ = ct_->hu.geometry().patientPoint({size[0] / 2, size[1] / 2, size[2] / 2});
  windowLevel_ = windowPresets().front().windowLevel;
}

void ViewerModel::setCrosshair(const Point3<Patient>& p) {
  const auto& geometry = ct_->hu.geometry();
  crosshairMm_ = geometry.patientPoint(nearestVoxel(geometry, geometry.voxelFromPatient()(p)));
}

void ViewerModel::setCrosshairFromPixel(ViewOrientation orientation, const ViewPixel& pixel) {
  setCrosshair(viewport(orientation).patientFromPixel(pixel));
}

ViewerModel::SliceAxis ViewerModel::sliceAxis(ViewOrientation orientation) const {
  const auto step = sliceStepDirection(orientation);
  const Eigen::Vector3d normal(step.x, step.y, step.z);
  const Eigen::Vector3d alignment = ct_->hu.geometry().directionCosines().transpose() * normal;
  int axis = 0;
  alignment.cwiseAbs().maxCoeff(&axis);
  return {axis, alignment[axis] >= 0 ? 1 : -1};
}

Point3<Voxel> ViewerModel::crosshairVoxel() const {
  return ct_->hu.geometry().voxelFromPatient()(crosshairMm_);
}

int ViewerModel::sliceCount(ViewOrientation orientation) const {
  return ct_->hu.geometry().size()[sliceAxis(orientation).axis];
}

int ViewerModel::sliceIndex(ViewOrientation orientation) const {
  const SliceAxis slice = sliceAxis(orientation);
  const int count = sliceCount(orientation);
  const int voxelIndex = std::clamp(int(std::lround(component(crosshairVoxel(), slice.axis))), 0,
                                    count - 1);
  return slice.sign > 0 ? voxelIndex : count - 1 - voxelIndex;
}

void ViewerModel::stepSlice(ViewOrientation orientation, int steps) {
  const SliceAxis slice = sliceAxis(orientation);
  const int target = std::clamp(sliceIndex(orientation) + steps, 0, sliceCount(orientation) - 1);
  const int voxelIndex = slice.sign > 0 ? target : sliceCount(orientation) - 1 - target;
  Point3<Voxel> v = crosshairVoxel();
  (slice.axis == 0 ? v.x : slice.axis == 1 ? v.y : v.z) = voxelIndex;
  setCrosshair(ct_->hu.geometry().patientFromVoxel()(v));
}

void ViewerModel::setWindowLevel(const WindowLevel& windowLevel) {
  windowLevel_ = {std::max(windowLevel.windowHu, MIN_WINDOW_HU), windowLevel.levelHu};
}

void ViewerModel::setViewSize(ViewOrientation orientation, int widthPx, int heightPx) {
  viewSizePx_[viewSlot(orientation)] = {std::max(widthPx, 1), std::max(heightPx, 1)};
}

SliceViewport ViewerModel::viewport(ViewOrientation orientation) const {
  const auto& size = viewSizePx_[viewSlot(orientation)];
  const SliceViewport fitted = fitVolume(orientation, size[0], size[1], ct_->hu.geometry(), crosshairMm_,
                                         FIT_MARGIN_FRACTION, insets_);
  if (!focusMm_ && zoom(orientation) == 1) return fitted;
  // The focus moved along the view normal into the plane through the crosshair.
  const Vector3<Patient> normal = viewAxes(orientation).towardsViewer;
  const Point3<Patient> focus = focusMm_.value_or(fitted.centreMm());
  const Point3<Patient> centre = focus + normal * (crosshairMm_ - focus).dot(normal);
  return SliceViewport(orientation, fitted.widthPx(), fitted.heightPx(), centre, fitted.mmPerPixel() / zoom(orientation));
}

void ViewerModel::setZoomLinked(bool linked) {
  zoomLinked_ = linked;
  if (linked) zoom_.fill(zoom_[viewSlot(ViewOrientation::Axial)]);
}

void ViewerModel::zoomAt(ViewOrientation orientation, const ViewPixel& pixel, double factor) {
  const SliceViewport before = viewport(orientation);
  const Point3<Patient> held = before.patientFromPixel(pixel);
  const double zoom = std::clamp(this->zoom(orientation) * factor, MIN_ZOOM, MAX_ZOOM);
  if (zoomLinked_) zoom_.fill(zoom);
  else zoom_[viewSlot(orientation)] = zoom;
  // The held point stays under the pixel: the centre moves towards it by the change of scale.
  const double scale = viewport(orientation).mmPerPixel() / before.mmPerPixel();
  focusMm_ = held + (before.centreMm() - held) * scale;
}

void ViewerModel::pan(ViewOrientation orientation, double dxPx, double dyPx) {
  const SliceViewport now = viewport(orientation);
  const ViewAxes axes = viewAxes(orientation);
  focusMm_ = now.centreMm() - axes.right * (dxPx * now.mmPerPixel()) + axes.up * (dyPx * now.mmPerPixel());
}

void ViewerModel::fitAll() {
  zoom_.fill(1);
  focusMm_.reset();
}

void ViewerModel::centreOn(const Point3<Patient>& p) {
  setCrosshair(p);
  focusMm_ = p;
}

std::optional<VoxelProbe> ViewerModel::probe(const Point3<Patient>& p) const {
  const auto& geometry = ct_->hu.geometry();
  const Point3<Voxel> v = geometry.voxelFromPatient()(p);
  // Inside the voxel box means within half a voxel of the outermost centres.
  for (int axis = 0; axis < 3; ++axis) {
    const double c = component(v, axis);
    if (c < -0.5 || c >= geometry.size()[axis] - 0.5) return std::nullopt;
  }
  const core::VoxelIndex ijk = nearestVoxel(geometry, v);
  return VoxelProbe{p, ijk, ct_->hu.at(ijk)};
}

std::string ViewerModel::probeText(const Point3<Patient>& p) const {
  char position[96];
  std::snprintf(position, sizeof position, "LPS (%.1f, %.1f, %.1f) mm", p.x, p.y, p.z);
  const auto found = probe(p);
  if (!found) return std::string(position) + "   outside the CT";
  char value[96];
  std::snprintf(value, sizeof value, "   voxel (%lld, %lld, %lld)   %d HU",
                static_cast<long long>(found->ijk.i), static_cast<long long>(found->ijk.j),
                static_cast<long long>(found->ijk.k), int(found->hu));
  return std::string(position) + value;
}

std::string ViewerModel::patientLabel() const { return app::patientLabel(ct_->identity); }

std::string patientLabel(const core::SeriesIdentity& identity) {
  const std::string name = displayName(identity.patientName);
  return (name.empty() ? std::string("(no name)") : name) + "   ID " +
         (identity.patientId.empty() ? std::string("(no ID)") : identity.patientId);
}

}  // namespace kerma::app
