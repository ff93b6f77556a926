#include "kerma/app/slice_viewport.h"

#include <algorithm>
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

namespace {

// The patient direction letter of the LPS axis that dominates dir.
char directionLetter(const Vector3<Patient>& dir) {
  const double ax = std::abs(dir.x), ay = std::abs(dir.y), az = std::abs(dir.z);
  if (ax >= ay && ax >= az) return dir.x > 0 ? 'L' : 'R';
  if (ay >= az) return dir.y > 0 ? 'P' : 'A';
  return dir.z > 0 ? 'S' : 'I';
}

}  // namespace

EdgeLabels edgeLabels(ViewOrientation orientation) {
  const ViewAxes axes = viewAxes(orientation);
  return {directionLetter(-axes.right), directionLetter(axes.right), directionLetter(axes.up),
          directionLetter(-axes.up)};
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

SliceViewport fitVolume(ViewOrientation orientation, int widthPx, int heightPx,
                        const core::VolumeGeometry& geometry,
                        const Point3<Patient>& planePointMm, double marginFraction) {
  const ViewAxes axes = viewAxes(orientation);
  const auto patientFromVoxel = geometry.patientFromVoxel();
  // Extent of the eight corners of the voxel box along the screen axes.
  double minRight = std::numeric_limits<double>::max(), maxRight = -minRight;
  double minUp = minRight, maxUp = -minRight;
  for (int corner = 0; corner < 8; ++corner) {
    const core::Point3<core::Voxel> cornerVoxel{
        (corner & 1) ? geometry.size()[0] - 0.5 : -0.5,
        (corner & 2) ? geometry.size()[1] - 0.5 : -0.5,
        (corner & 4) ? geometry.size()[2] - 0.5 : -0.5};
    const Vector3<Patient> d = patientFromVoxel(cornerVoxel) - planePointMm;
    minRight = std::min(minRight, d.dot(axes.right));
    maxRight = std::max(maxRight, d.dot(axes.right));
    minUp = std::min(minUp, d.dot(axes.up));
    maxUp = std::max(maxUp, d.dot(axes.up));
  }
  const int w = std::max(widthPx, 1), h = std::max(heightPx, 1);
  const double mmPerPixel =
      std::max((maxRight - minRight) / w, (maxUp - minUp) / h) / (1 - 2 * marginFraction);
  const Point3<Patient> centre = planePointMm + axes.right * ((minRight + maxRight) / 2) +
                                 axes.up * ((minUp + maxUp) / 2);
  return SliceViewport(orientation, w, h, centre, mmPerPixel);
}

}  // namespace kerma::app
