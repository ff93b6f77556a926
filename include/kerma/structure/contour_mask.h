#ifndef KERMA_STRUCTURE_CONTOUR_MASK_H
#define KERMA_STRUCTURE_CONTOUR_MASK_H

#include "kerma/structure/structure.h"

#include <optional>
#include <vector>

namespace kerma::structure {

/// Unit normal of a closed planar polygon by Newell's method, oriented so that the polygon runs
/// counter-clockwise around it; nullopt for a polygon without area.
std::optional<core::Vector3<core::Patient>> contourNormal(const PlanarContour& contour);

/// Two edges of a polygon that cross: edge n runs from vertex n to vertex n + 1 (the last back to
/// the first).
struct EdgeCrossing {
  std::size_t firstEdge = 0, secondEdge = 0;  ///< firstEdge < secondEdge
  core::Point3<core::Patient> pointMm;        ///< where they cross
};

/// The first pair of edges of a closed planar polygon that cross each other properly (each passes
/// through the other's interior), in its own plane; nullopt for a simple polygon. Edges that only
/// touch or run along each other (a keyhole drawn in and out along one line) are not crossings.
/// A self-intersecting contour has no defined inside: the even-odd rule would make a hole of its
/// overlap.
std::optional<EdgeCrossing> firstEdgeCrossing(const PlanarContour& contour);

/// How far outside an image a contour vertex may lie before it is taken for a corrupted
/// coordinate: structures are drawn past the edge of a scan by a few millimetres (a BODY at the
/// edge of the field of view), never by centimetres.
inline constexpr double STRAY_VERTEX_MARGIN_MM = 50.0;

/// A contour vertex farther than the margin outside an image.
struct StrayVertex {
  std::size_t contour = 0, vertex = 0;  ///< indices into the contours and into that contour's points
  core::Point3<core::Patient> pointMm;
  double outsideMm = 0;  ///< distance from the image's box (the outer faces of its voxels)
};

/// The vertices of contours that lie more than marginMm outside grid's box, in contour and vertex
/// order: a corrupted coordinate (10^30 mm) would otherwise stretch its contour over the whole
/// slice and change the structure's volume without a word.
std::vector<StrayVertex> strayVertices(const std::vector<PlanarContour>& contours, const core::VolumeGeometry& grid,
                                       double marginMm = STRAY_VERTEX_MARGIN_MM);

/// Mask on grid of closed planar contours drawn on any set of parallel planes: on the grid's
/// slices, between them (a structure set drawn on another CT of the same Frame of Reference), or
/// on planes of another orientation. Each grid slice takes the contours of the nearest contour
/// plane when that plane lies within half a contour-plane spacing (half a grid slice for a
/// single plane) and combines them by the even-odd rule. Contours on planes not parallel to the
/// grid slices are rasterised on a grid of their own planes and resampled onto grid. Throws
/// kerma::Error (BadInput) when the contours do not all lie on parallel planes.
Mask maskFromContours(const std::vector<PlanarContour>& contours, const core::VolumeGeometry& grid);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_CONTOUR_MASK_H
