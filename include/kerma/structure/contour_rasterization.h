#ifndef KERMA_STRUCTURE_CONTOUR_RASTERIZATION_H
#define KERMA_STRUCTURE_CONTOUR_RASTERIZATION_H

#include "kerma/structure/structure.h"

#include <optional>
#include <vector>

namespace kerma::structure {

/// Largest distance, mm, of a contour point from a slice plane for the contour to count as lying
/// on it: DICOM decimal strings carry coordinates to about 1e-4 mm.
inline constexpr double SLICE_PLANE_TOLERANCE_MM = 0.01;

/// The slice k of grid whose plane (constant k) holds every point of contour within
/// SLICE_PLANE_TOLERANCE_MM; nullopt when the contour is empty, not planar along k, or its
/// plane is not one of the grid's slices.
std::optional<int> contourSliceIndex(const PlanarContour& contour, const core::VolumeGeometry& grid);

/// Mask on grid of the voxels whose centres lie inside contours. Contours on the same slice are
/// combined by the even-odd rule, so a contour inside another cuts a hole, whatever the
/// orientation of either. A voxel centre exactly on an edge is inside where the polygon lies
/// towards higher i (or higher j) and outside otherwise, as for a half-open interval, so that two
/// polygons sharing an edge cover each centre once. Empty contours add nothing. Throws
/// kerma::Error (BadInput) naming the contour when one does not lie on a slice plane of grid.
Mask rasterizeContours(const std::vector<PlanarContour>& contours, const core::VolumeGeometry& grid);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_CONTOUR_RASTERIZATION_H
