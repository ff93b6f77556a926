#ifndef KERMA_BEAMS_BEAMS_EYE_VIEW_H
#define KERMA_BEAMS_BEAMS_EYE_VIEW_H

#include "kerma/core/geometry.h"
#include "kerma/core/iec61217.h"
#include "kerma/dose/beam.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <vector>

namespace kerma::beams {

/// A point of the isocentre plane (Zb = 0) in IEC beam-limiting-device coordinates, mm.
struct BevPointMm {
  double x = 0, y = 0;
  friend bool operator==(const BevPointMm&, const BevPointMm&) = default;
};

/// A closed polygon in the isocentre plane, BLD mm; the last point joins the first.
using BevPolygon = std::vector<BevPointMm>;

/// Raster pitch, mm, on which projected polygons are combined before their outline is traced:
/// small against leaf widths (5 mm) and against a planner's margins.
inline constexpr double BEV_RASTER_SPACING_MM = 0.25;

/// Central projection of a point through the source onto the isocentre plane:
/// (x, y) = sadMm / (sadMm − zb) · (xb, yb) with (xb, yb, zb) = bldFromPatient(p)
/// (docs/methods/beam-geometry.md, eq. 3). nullopt when the point is not below the source
/// (zb ≥ sadMm), where the projection does not exist.
std::optional<BevPointMm> projectToIsocenterPlane(
    const core::Transform<core::IecBeamLimitingDevice, core::Patient>& bldFromPatient, double sadMm,
    const core::Point3<core::Patient>& p);

/// Beam's-eye-view outline of a structure: the shadow, cast from the source onto the isocentre
/// plane, of the solid its planar contours describe, each contour standing for a slab one slice
/// thick (as its voxels do). The shadow of a solid is the union of the shadows of its faces:
/// each slab's top and bottom faces (even-odd over the slice's contours, so holes stay holes) and
/// its side quadrilaterals are projected, filled on a raster of spacingMm and the union's outline
/// traced by marching squares. Outer outlines run counter-clockwise (x right, y up), holes
/// clockwise. Outlines are exact to within about half of spacingMm. Throws kerma::Error
/// (BadInput) naming the structure when a point lies at or above the source plane.
std::vector<BevPolygon> projectStructure(const structure::Structure& structure, const dose::Beam& beam,
                                         double sadMm, double spacingMm = BEV_RASTER_SPACING_MM);

/// Whether p lies in beam's field: inside the jaws and, where the beam has leaves, between the
/// tips of the leaf pair whose span along Yb (leafBoundariesMm, as dose::MlcModel) holds p.y.
/// Edges count as inside; outside the MLC's span the field is closed.
bool insideField(const dose::Beam& beam, const std::vector<double>& leafBoundariesMm, const BevPointMm& p);

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_BEAMS_EYE_VIEW_H
