#ifndef KERMA_APP_SLICE_VIEWPORT_H
#define KERMA_APP_SLICE_VIEWPORT_H

#include "kerma/core/volume_geometry.h"

#include <cstddef>
#include <string_view>

namespace kerma::app {

/// The three orthogonal CT views of the workstation, each normal to a patient axis.
enum class ViewOrientation { Axial, Sagittal, Coronal };

/// "Axial", "Sagittal" or "Coronal".
std::string_view viewName(ViewOrientation orientation);

/// 0, 1 or 2 in the order of the enumerators, for arrays of per-view state.
std::size_t viewSlot(ViewOrientation orientation);

/// Unit directions of a view's screen in the patient frame (LPS). The conventions are the
/// radiological ones: axial seen from the feet (patient right on screen left, anterior up),
/// coronal seen from the front (patient right on screen left, superior up), sagittal seen from
/// the patient's left (anterior on screen left, superior up).
struct ViewAxes {
  core::Vector3<core::Patient> right;          ///< towards the right edge of the screen
  core::Vector3<core::Patient> up;             ///< towards the top edge of the screen
  core::Vector3<core::Patient> towardsViewer;  ///< out of the screen, right × up
};

/// The screen axes of orientation.
ViewAxes viewAxes(ViewOrientation orientation);

/// The positive LPS axis normal to the view: +S for axial, +L for sagittal, +P for coronal.
/// Slice steps of +1 move along it.
core::Vector3<core::Patient> sliceStepDirection(ViewOrientation orientation);

/// Letters of the patient directions at the four screen edges, e.g. axial: R, L, A, P.
struct EdgeLabels {
  char left, right, top, bottom;
};

/// Edge letters for orientation, from viewAxes.
EdgeLabels edgeLabels(ViewOrientation orientation);

/// Position in a view in logical (device-independent) pixels from the view's top-left corner,
/// x right, y down, as Qt reports mouse positions; the centre of the top-left pixel is
/// (0.5, 0.5).
struct ViewPixel {
  double x = 0, y = 0;
};

/// How a view's pixels map to the patient frame: a parallel projection, square pixels of
/// mmPerPixel, of the plane through centreMm normal to the view, centreMm at the middle of the
/// view. Because both screen axes are in mm, slice spacing of 3 mm shows as 3 mm.
class SliceViewport {
 public:
  /// widthPx and heightPx at least 1, mmPerPixel positive.
  SliceViewport(ViewOrientation orientation, int widthPx, int heightPx,
                core::Point3<core::Patient> centreMm, double mmPerPixel);

  ViewOrientation orientation() const { return orientation_; }
  int widthPx() const { return widthPx_; }
  int heightPx() const { return heightPx_; }
  /// The patient point at the middle of the view; it lies in the displayed plane.
  const core::Point3<core::Patient>& centreMm() const { return centreMm_; }
  double mmPerPixel() const { return mmPerPixel_; }
  /// Half the view height, mm: what a parallel-projection camera calls its parallel scale.
  double halfHeightMm() const { return heightPx_ * mmPerPixel_ / 2; }

  /// The patient point shown at pixel, in the displayed plane.
  core::Point3<core::Patient> patientFromPixel(const ViewPixel& pixel) const;
  /// Where p projects onto the view along the view normal; may lie outside the view.
  ViewPixel pixelFromPatient(const core::Point3<core::Patient>& p) const;

 private:
  ViewOrientation orientation_;
  int widthPx_, heightPx_;
  core::Point3<core::Patient> centreMm_;
  double mmPerPixel_;
};

/// Bands along a view's edges, logical pixels, kept free of the image when it is fitted: where
/// the view writes its labels (patient, slice, window, orientation letters), so that they never
/// cover the patient at the fitted zoom.
struct ViewInsets {
  double topPx = 0, bottomPx = 0, leftPx = 0, rightPx = 0;
};

/// The viewport of widthPx × heightPx showing the whole of the volume's voxel box (including the
/// outer half voxels) projected onto the view, centred in the view less insets, with
/// marginFraction of free space, in the plane through planePointMm.
SliceViewport fitVolume(ViewOrientation orientation, int widthPx, int heightPx,
                        const core::VolumeGeometry& geometry,
                        const core::Point3<core::Patient>& planePointMm,
                        double marginFraction = 0.04, const ViewInsets& insets = {});

/// Where the volume's voxel box appears in the view, pixels: the bounding box of its projected
/// corners (may reach beyond the view).
struct ViewRect {
  double left = 0, top = 0, right = 0, bottom = 0;
};
ViewRect volumeRect(const SliceViewport& viewport, const core::VolumeGeometry& geometry);

}  // namespace kerma::app

#endif  // KERMA_APP_SLICE_VIEWPORT_H
