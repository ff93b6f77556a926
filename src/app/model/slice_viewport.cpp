#include "kerma/app/slice_viewport.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>

namespace kerma::app {

using core::Patient;
using core::Point3;
using core::Vector3;

std::string_view viewName(ViewOrientation orientation) {
  switch (orientation) {
    case ViewOrientation::Axial: return "Axial";
    case ViewOrientation::Sagittal: return "Sagittal";
    case ViewOrientation::Coronal: return "Coronal";
  }
  assert(false && "unknown view orientation");
  return "";
}

std::size_t viewSlot(ViewOrientation orientation) {
  switch (orientation) {
    case ViewOrientation::Axial: return 0;
    case ViewOrientation::Sagittal: return 1;
    case ViewOrientation::Coronal: return 2;
  }
  assert(false && "unknown view orientation");
  return 0;
}

ViewAxes viewAxes(ViewOrientation orientation) {
  // LPS: +x patient left, +y posterior, +z superior.
  switch (orientation) {
    case ViewOrientation::Axial: return {{1, 0, 0}, {0, -1, 0}, {0, 0, -1}};
    case ViewOrientation::Sagittal: return {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    case ViewOrientation::Coronal: return {{1, 0, 0}, {0, 0, 1}, {0, -1, 0}};
  }
  assert(false && "unknown view orientation");
  return {};
}

Vector3<Patient> sliceStepDirection(ViewOrientation orientation) {
  switch (orientation) {
    case ViewOrientation::Axial: return {0, 0, 1};
    case ViewOrientation::Sagittal: return {1, 0, 0};
    case ViewOrientation::Coronal: return {0, 1, 0};
  }
  assert(false && "unknown view orientation");
  return {};
}

EdgeLabels edgeLabels(ViewOrientation orientation) {
  const ViewAxes axes = viewAxes(orientation);
  return {core::patientDirectionLetter(-axes.right), core::patientDirectionLetter(axes.right),
          core::patientDirectionLetter(axes.up), core::patientDirectionLetter(-axes.up)};
}

SliceViewport::SliceViewport(ViewOrientation orientation, int widthPx, int heightPx,
                             Point3<Patient> centreMm, double mmPerPixel)
    : orientation_(orientation),
      widthPx_(widthPx),
      heightPx_(heightPx),
      centreMm_(centreMm),
      mmPerPixel_(mmPerPixel) {
  assert(widthPx >= 1 && heightPx >= 1 && "a view has at least one pixel");
  assert(mmPerPixel > 0 && "pixels have a positive size");
}

Point3<Patient> SliceViewport::patientFromPixel(const ViewPixel& pixel) const {
  const ViewAxes axes = viewAxes(orientation_);
  return centreMm_ + axes.right * ((pixel.x - widthPx_ / 2.0) * mmPerPixel_) +
         axes.up * ((heightPx_ / 2.0 - pixel.y) * mmPerPixel_);
}

ViewPixel SliceViewport::pixelFromPatient(const Point3<Patient>& p) const {
  const ViewAxes axes = viewAxes(orientation_);
  const Vector3<Patient> d = p - centreMm_;
  return {widthPx_ / 2.0 + d.dot(axes.right) / mmPerPixel_,
          heightPx_ / 2.0 - d.dot(axes.up) / mmPerPixel_};
}

namespace {
// The corners of the voxel box (outer half voxels included) in the patient frame.
std::array<Point3<Patient>, 8> boxCorners(const core::VolumeGeometry& geometry) {
  const auto patientFromVoxel = geometry.patientFromVoxel();
  std::array<Point3<Patient>, 8> corners;
  for (int corner = 0; corner < 8; ++corner)
    corners[std::size_t(corner)] = patientFromVoxel(core::Point3<core::Voxel>{(corner & 1) ? geometry.size()[0] - 0.5 : -0.5,
                                                                             (corner & 2) ? geometry.size()[1] - 0.5 : -0.5,
                                                                             (corner & 4) ? geometry.size()[2] - 0.5 : -0.5});
  return corners;
}
}  // namespace

SliceViewport fitVolume(ViewOrientation orientation, int widthPx, int heightPx,
                        const core::VolumeGeometry& geometry,
                        const Point3<Patient>& planePointMm, double marginFraction, const ViewInsets& insets) {
  const ViewAxes axes = viewAxes(orientation);
  // Extent of the eight corners of the voxel box along the screen axes.
  double minRight = std::numeric_limits<double>::max(), maxRight = -minRight;
  double minUp = minRight, maxUp = -minRight;
  for (const Point3<Patient>& corner : boxCorners(geometry)) {
    const Vector3<Patient> d = corner - planePointMm;
    minRight = std::min(minRight, d.dot(axes.right));
    maxRight = std::max(maxRight, d.dot(axes.right));
    minUp = std::min(minUp, d.dot(axes.up));
    maxUp = std::max(maxUp, d.dot(axes.up));
  }
  const int w = std::max(widthPx, 1), h = std::max(heightPx, 1);
  // The image fits the view less the label bands, and is centred in what they leave.
  const double freeW = std::max(1.0, w - insets.leftPx - insets.rightPx);
  const double freeH = std::max(1.0, h - insets.topPx - insets.bottomPx);
  const double mmPerPixel =
      std::max((maxRight - minRight) / freeW, (maxUp - minUp) / freeH) / (1 - 2 * marginFraction);
  const double shiftRightPx = (insets.leftPx - insets.rightPx) / 2, shiftDownPx = (insets.topPx - insets.bottomPx) / 2;
  const Point3<Patient> centre = planePointMm + axes.right * ((minRight + maxRight) / 2 - shiftRightPx * mmPerPixel) +
                                 axes.up * ((minUp + maxUp) / 2 + shiftDownPx * mmPerPixel);
  return SliceViewport(orientation, w, h, centre, mmPerPixel);
}

ViewRect volumeRect(const SliceViewport& viewport, const core::VolumeGeometry& geometry) {
  ViewRect rect{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                -std::numeric_limits<double>::max(), -std::numeric_limits<double>::max()};
  for (const Point3<Patient>& corner : boxCorners(geometry)) {
    const ViewPixel pixel = viewport.pixelFromPatient(corner);
    rect.left = std::min(rect.left, pixel.x);
    rect.right = std::max(rect.right, pixel.x);
    rect.top = std::min(rect.top, pixel.y);
    rect.bottom = std::max(rect.bottom, pixel.y);
  }
  return rect;
}

}  // namespace kerma::app
