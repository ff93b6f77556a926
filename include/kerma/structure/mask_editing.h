#ifndef KERMA_STRUCTURE_MASK_EDITING_H
#define KERMA_STRUCTURE_MASK_EDITING_H

#include "kerma/structure/structure.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kerma::structure {

/// A box of voxel indices, half-open on every axis: lo <= ijk < hi. Empty when hi <= lo on any
/// axis.
struct VoxelBox {
  core::VoxelIndex lo, hi;
  bool empty() const { return hi.i <= lo.i || hi.j <= lo.j || hi.k <= lo.k; }
  /// Number of voxels inside, 0 when empty.
  std::size_t voxelCount() const;
  friend bool operator==(const VoxelBox&, const VoxelBox&) = default;
};

/// Whether an edit sets voxels to 1 or clears them to 0.
enum class PaintMode { Add, Erase };

/// The grid axis (0 = i, 1 = j, 2 = k) most nearly parallel to dir: the axis whose slices a view
/// normal to dir shows.
int nearestGridAxis(const core::VolumeGeometry& grid, const core::Vector3<core::Patient>& dir);

/// The slice of grid normal to grid axis normalAxis through the voxel centre nearest pointMm:
/// a box one voxel thick along normalAxis, the whole grid along the other two. Empty when pointMm
/// lies more than half a voxel outside the grid along normalAxis.
VoxelBox sliceBox(const core::VolumeGeometry& grid, int normalAxis,
                  const core::Point3<core::Patient>& pointMm);

/// Sets (Add) or clears (Erase) the voxels of sliceBox(normalAxis, centreMm) whose centres lie
/// within radiusMm (closed) of centreMm's projection onto that slice, distances in mm with the
/// grid's spacing. A radius below half a voxel still paints the voxel nearest the centre.
/// Returns the box that was examined (clipped to the grid), which contains every changed voxel;
/// empty when the centre lies off the grid's slices.
VoxelBox paintDisk(Mask& mask, const core::Point3<core::Patient>& centreMm, double radiusMm,
                   int normalAxis, PaintMode mode);

/// Sets (Add) or clears (Erase) the voxels of the slice through the first vertex of polygonMm
/// (normal to grid axis normalAxis) whose centres lie inside the closed polygon projected onto
/// that slice, by the even-odd rule; a centre exactly on an edge counts as for a half-open
/// interval (inside towards higher index). Returns the box examined, empty for fewer than three
/// vertices or a slice off the grid.
VoxelBox fillPolygon(Mask& mask, const std::vector<core::Point3<core::Patient>>& polygonMm,
                     int normalAxis, PaintMode mode);

/// The values of mask inside box (which must lie in the grid), i fastest.
std::vector<std::uint8_t> copyBox(const Mask& mask, const VoxelBox& box);
/// Writes values (box.voxelCount() of them, i fastest) into mask inside box.
void pasteBox(Mask& mask, const VoxelBox& box, std::span<const std::uint8_t> values);

/// The smallest box inside within holding every voxel where a and b differ (same grid); empty
/// when they agree there.
VoxelBox differingBox(const Mask& a, const Mask& b, const VoxelBox& within);
/// The smallest box holding every non-zero voxel of mask; empty for an empty mask.
VoxelBox nonZeroBox(const Mask& mask);
/// The box of the whole grid.
VoxelBox gridBox(const core::VolumeGeometry& grid);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_MASK_EDITING_H
