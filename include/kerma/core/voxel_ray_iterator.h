#ifndef KERMA_CORE_VOXEL_RAY_ITERATOR_H
#define KERMA_CORE_VOXEL_RAY_ITERATOR_H

#include "kerma/core/geometry.h"
#include "kerma/core/volume_geometry.h"

#include <array>
#include <limits>
#include <optional>

namespace kerma::core {

/// The part of a ray inside one voxel: the ray p(t) = pSource + t · dir crosses voxel ijk for
/// t in [tEnterMm, tExitMm]; t is the distance from the source in mm since dir is a unit vector.
struct VoxelSegment {
  VoxelIndex ijk;
  double tEnterMm = 0, tExitMm = 0;
  double lengthMm() const { return tExitMm - tEnterMm; }
};

/// Exact voxel traversal of a ray through a grid (Siddon 1985; Amanatides & Woo 1987, see
/// docs/methods/drr.md): yields, in order of increasing t, every voxel the ray passes through
/// with a segment of positive length, for t in [0, tEndMm] and inside the grid's box (voxel
/// faces half a spacing beyond the outer voxel centres). The lengths sum to the length of the
/// chord of the ray through the box. Works for any VolumeGeometry, oblique directions included;
/// the source may lie inside or outside the grid.
class VoxelRayIterator {
 public:
  /// dir must be a unit vector in patient coordinates (asserted); tEndMm bounds the ray.
  VoxelRayIterator(const VolumeGeometry& grid, Point3<Patient> pSource, Vector3<Patient> dir,
                   double tEndMm = std::numeric_limits<double>::infinity());

  /// The next voxel segment; nullopt once the ray has left the grid or reached tEndMm.
  std::optional<VoxelSegment> next() {
    while (!done_) {
      VoxelSegment segment{{index_[0], index_[1], index_[2]}, t_, 0};
      // Leave through the axis whose next face comes first. Constant indices only, so that
      // the compiler can keep the state in registers when the iterator is a local.
      if (tNextFace_[0] < tNextFace_[1]) {
        if (tNextFace_[0] < tNextFace_[2]) crossFace<0>(segment);
        else crossFace<2>(segment);
      } else {
        if (tNextFace_[1] < tNextFace_[2]) crossFace<1>(segment);
        else crossFace<2>(segment);
      }
      t_ = segment.tExitMm;
      // A ray through an edge or corner crosses two faces at once: skip the empty segment.
      if (segment.tExitMm > segment.tEnterMm) return segment;
    }
    return std::nullopt;
  }

 private:
  template <int Axis>
  void crossFace(VoxelSegment& segment) {
    segment.tExitMm = tNextFace_[Axis];
    if (segment.tExitMm >= tEndMm_) {
      segment.tExitMm = tEndMm_;
      done_ = true;
      return;
    }
    index_[Axis] += step_[Axis];
    tNextFace_[Axis] += tDelta_[Axis];
    if (index_[Axis] == exitIndex_[Axis]) done_ = true;
  }

  std::array<double, 3> tNextFace_{};  // t of the next face crossed on each axis (inf: never)
  std::array<double, 3> tDelta_{};     // t between successive faces on each axis, mm
  std::array<std::int64_t, 3> index_{};
  std::array<std::int64_t, 3> step_{};       // +1, -1 or 0
  std::array<std::int64_t, 3> exitIndex_{};  // index reached on leaving the grid: -1 or size
  double t_ = 0;
  double tEndMm_ = 0;
  bool done_ = true;
};

}  // namespace kerma::core

#endif  // KERMA_CORE_VOXEL_RAY_ITERATOR_H
