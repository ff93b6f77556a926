#ifndef KERMA_APP_VIEWER_MODEL_H
#define KERMA_APP_VIEWER_MODEL_H

#include "kerma/app/slice_viewport.h"
#include "kerma/app/window_level.h"
#include "kerma/core/image_series.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kerma::app {

/// The CT voxel nearest to a patient point, and its value.
struct VoxelProbe {
  core::Point3<core::Patient> pointMm;  ///< the point asked about
  core::VoxelIndex ijk;                 ///< nearest voxel centre
  std::int16_t hu = 0;                  ///< CT number of that voxel, HU
};

/// Patient name and ID for a header or a view's corner, e.g. "KERMA, DEMO   ID KERMA-0001"; the
/// DICOM name components are separated by commas, missing items say "(no name)" / "(no ID)".
/// Every view of the workstation shows it (docs/validation/reliability.md).
std::string patientLabel(const core::SeriesIdentity& identity);

/// State of the three linked CT views, without Qt: the crosshair that all views pass through,
/// the window/level shared by all views, and each view's size in pixels. Widgets turn events into
/// calls on this model and draw what it says.
class ViewerModel {
 public:
  /// ct must hold at least one voxel. The crosshair starts at the voxel nearest the volume's
  /// centre, the window at the first preset.
  explicit ViewerModel(std::shared_ptr<const core::CtImage> ct);

  const core::CtImage& ct() const { return *ct_; }
  /// Shared ownership for views that keep the voxels alive (the renderer wraps them uncopied).
  const std::shared_ptr<const core::CtImage>& ctShared() const { return ct_; }

  /// The point all three views pass through, patient mm; always a voxel centre.
  const core::Point3<core::Patient>& crosshairMm() const { return crosshairMm_; }
  /// Moves the crosshair to the voxel centre nearest p, clamped into the volume, so that every
  /// view shows a stored slice rather than an interpolation between two.
  void setCrosshair(const core::Point3<core::Patient>& p);
  /// Moves the crosshair to what pixel shows in the view of orientation.
  void setCrosshairFromPixel(ViewOrientation orientation, const ViewPixel& pixel);

  /// Number of slices the view of orientation can step through (size of the volume axis most
  /// nearly normal to the view).
  int sliceCount(ViewOrientation orientation) const;
  /// 0-based slice of the view of orientation through the crosshair, counted along
  /// sliceStepDirection (so slice 0 of the axial view is the most inferior).
  int sliceIndex(ViewOrientation orientation) const;
  /// Moves the view of orientation by steps slices along sliceStepDirection, stopping at the
  /// first and last slice; the other two views follow the crosshair.
  void stepSlice(ViewOrientation orientation, int steps);

  const WindowLevel& windowLevel() const { return windowLevel_; }
  void setWindowLevel(const WindowLevel& windowLevel);

  /// Records the size of a view, logical pixels; sizes below 1 are taken as 1.
  void setViewSize(ViewOrientation orientation, int widthPx, int heightPx);
  /// The label bands that the fitted volume leaves free in every view (fitVolume).
  void setViewInsets(const ViewInsets& insets) { insets_ = insets; }
  /// How the view of orientation maps pixels to the patient frame, in the plane through the
  /// crosshair: at zoom 1 without panning the whole volume fitted into the view, else zoom times
  /// finer, centred on the focus.
  SliceViewport viewport(ViewOrientation orientation) const;

  /// Magnification of the view of orientation over the fitted volume: 1 fits, 2 shows half the
  /// width; within MIN_ZOOM to MAX_ZOOM.
  double zoom(ViewOrientation orientation) const { return zoom_[viewSlot(orientation)]; }
  static constexpr double MIN_ZOOM = 0.5, MAX_ZOOM = 16;
  /// The factor of one zoom step (a wheel notch with Ctrl, + or -, View → Zoom in).
  static constexpr double ZOOM_STEP = 1.25;
  /// Whether a zoom in one view zooms all three (the default), so that they keep one scale.
  bool zoomLinked() const { return zoomLinked_; }
  void setZoomLinked(bool linked);
  /// Multiplies the zoom of the view of orientation (and of the others when linked) by factor,
  /// clamped, keeping the patient point under pixel where it is.
  void zoomAt(ViewOrientation orientation, const ViewPixel& pixel, double factor);
  /// Moves what the view of orientation shows by (dxPx, dyPx) pixels, as a hand dragging the
  /// image does; the other views follow along the shared axes.
  void pan(ViewOrientation orientation, double dxPx, double dyPx);
  /// Zoom 1 and no panning in every view: the whole volume fitted.
  void fitAll();
  /// Brings p into the middle of every view (crosshair there too), keeping the zoom: go to the
  /// isocentre, centre on a structure.
  void centreOn(const core::Point3<core::Patient>& p);

  /// The voxel nearest p, or nullopt when p lies outside the voxel box.
  std::optional<VoxelProbe> probe(const core::Point3<core::Patient>& p) const;
  /// One-line read-out for a status bar, e.g.
  /// "LPS (-12.0, 45.5, 100.0) mm   voxel (250, 300, 40)   42 HU"; outside the CT the voxel
  /// and HU parts say "outside the CT".
  std::string probeText(const core::Point3<core::Patient>& p) const;

  /// app::patientLabel of the CT's patient.
  std::string patientLabel() const;

 private:
  // Volume axis (0 = i, 1 = j, 2 = k) most nearly along the view normal, and whether the index
  // grows along sliceStepDirection (+1) or against it (-1).
  struct SliceAxis {
    int axis;
    int sign;
  };
  SliceAxis sliceAxis(ViewOrientation orientation) const;
  core::Point3<core::Voxel> crosshairVoxel() const;

  std::shared_ptr<const core::CtImage> ct_;
  core::Point3<core::Patient> crosshairMm_;
  WindowLevel windowLevel_;
  std::array<std::array<int, 2>, 3> viewSizePx_{{{256, 256}, {256, 256}, {256, 256}}};
  ViewInsets insets_;
  std::array<double, 3> zoom_{1, 1, 1};
  bool zoomLinked_ = true;
  // The patient point the views centre on (projected into each view's plane); nullopt: the
  // centre of the fitted volume.
  std::optional<core::Point3<core::Patient>> focusMm_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_VIEWER_MODEL_H
