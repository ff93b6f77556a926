#ifndef KERMA_STRUCTURE_CONTOUR_EXTRACTION_H
#define KERMA_STRUCTURE_CONTOUR_EXTRACTION_H

#include "kerma/structure/structure.h"

#include <vector>

namespace kerma::structure {

/// Largest distance, mm, by which simplification may move a contour away from the marching-
/// squares line: a fifth of a typical 1 mm pixel, well below what a planner can draw or see.
inline constexpr double DEFAULT_SIMPLIFY_TOLERANCE_MM = 0.2;

/// The outline of mask on every slice (constant k) as closed planar polygons in patient
/// coordinates, mm, ordered by slice then by first appearance in raster order (i fastest).
/// Marching squares at the 0.5 iso-level between voxel centres, with the grid surrounded by
/// empty voxels so that every polygon closes. Diagonally touching voxels belong to separate
/// polygons. Outer boundaries run counter-clockwise and holes clockwise when viewed with i to the
/// right and j up, and islands inside holes get their own polygons, so that rasterising all
/// polygons of a slice with the even-odd rule at voxel centres reproduces the mask. Each polygon
/// is then simplified by simplifyClosedContour with toleranceMm (0 keeps every vertex except
/// those on a straight run).
std::vector<PlanarContour> extractContours(const Mask& mask,
                                           double toleranceMm = DEFAULT_SIMPLIFY_TOLERANCE_MM);

/// Gives every structure whose contours are stale (stale[n]: its mask was edited since) or
/// missing (a structure restored from masks, or new) the contours of its mask, so that what DVHs,
/// reports and exports read from contours is what the mask holds. stale has one flag per
/// structure.
void refreshContours(std::vector<Structure>& structures, const std::vector<bool>& stale);

/// Douglas–Peucker simplification of a closed polygon: keeps a subset of its vertices such that
/// every removed vertex lies within toleranceMm of the simplified polygon. The two vertices
/// farthest apart along the ring anchor the split into two open chains. Polygons of three
/// vertices or fewer are returned unchanged.
PlanarContour simplifyClosedContour(const PlanarContour& contour, double toleranceMm);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_CONTOUR_EXTRACTION_H
