#ifndef KERMA_APP_BRUSH_TOOL_MODEL_H
#define KERMA_APP_BRUSH_TOOL_MODEL_H

#include "kerma/app/structure_set_model.h"

#include <optional>

namespace kerma::app {

/// The brush and the eraser: a disk of adjustable radius painted on (or erased from) the active
/// structure, on the grid slice the view shows (axial, sagittal or coronal). A press starts a
/// stroke, each drag paints disks along the path, the release commits the stroke as one edit.
class BrushToolModel {
 public:
  /// Smallest and largest brush radius, mm.
  static constexpr double MIN_RADIUS_MM = 0.5, MAX_RADIUS_MM = 50;

  explicit BrushToolModel(StructureSetModel& structures) : structures_(structures) {}

  double radiusMm() const { return radiusMm_; }
  /// Clamped to [MIN_RADIUS_MM, MAX_RADIUS_MM].
  void setRadiusMm(double radiusMm);
  structure::PaintMode mode() const { return mode_; }
  void setMode(structure::PaintMode mode) { mode_ = mode; }

  /// Starts a stroke at pMm on the slice normal to viewNormal (patient direction) and paints the
  /// first disk. Returns false (nothing happens) without an active structure or off the CT.
  bool press(const core::Point3<core::Patient>& pMm, const core::Vector3<core::Patient>& viewNormal);
  /// Paints disks along the segment from the last point to pMm, close enough that the stroke has
  /// no gaps. Ignored without a stroke.
  void drag(const core::Point3<core::Patient>& pMm);
  /// Commits the stroke as one undoable edit.
  void release();
  bool stroking() const { return last_.has_value(); }

 private:
  StructureSetModel& structures_;
  double radiusMm_ = 5;
  structure::PaintMode mode_ = structure::PaintMode::Add;
  int normalAxis_ = 2;
  std::optional<core::Point3<core::Patient>> last_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_BRUSH_TOOL_MODEL_H
