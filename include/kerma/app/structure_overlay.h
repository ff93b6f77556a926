#ifndef KERMA_APP_STRUCTURE_OVERLAY_H
#define KERMA_APP_STRUCTURE_OVERLAY_H

#include "kerma/app/slice_viewport.h"
#include "kerma/app/structure_set_model.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace kerma::app {

/// How structures are drawn over the CT.
struct OverlayStyle {
  bool fill = true;           ///< semi-transparent interior
  bool outline = true;        ///< opaque boundary voxels
  double fillOpacity = 0.35;  ///< 0..1
  friend bool operator==(const OverlayStyle&, const OverlayStyle&) = default;
};

/// Colour of a tool's preview mask (threshold, region growing).
inline constexpr structure::Rgb PREVIEW_COLOUR{255, 230, 0};

/// One slice of the CT grid: the voxels whose index along normalAxis is index.
struct GridSlice {
  int normalAxis = 2;
  int index = 0;
  friend bool operator==(const GridSlice&, const GridSlice&) = default;
};

/// The grid slice a view of orientation shows when its plane passes through crosshairMm (a
/// voxel centre, as ViewerModel keeps it).
GridSlice displayedSlice(const core::VolumeGeometry& grid, ViewOrientation orientation,
                         const core::Point3<core::Patient>& crosshairMm);

/// Whether mask has a voxel on slice.
bool sliceHasVoxels(const structure::Mask& mask, const GridSlice& slice);

/// Where to look at mask: the centroid of its voxels on the slice (constant k) nearest its
/// centroid that holds any, so that the point lies in the structure's slices even when it is
/// curved (a rectum); nullopt for an empty mask.
std::optional<core::Point3<core::Patient>> structureViewPoint(const structure::Mask& mask);

/// The visible structures (and the preview) on one grid slice as an image with one pixel per
/// voxel: pixel (u, v) is the voxel with index u along uAxis and v along vAxis, the two in-plane
/// grid axes in increasing order. Pixels are premultiplied 0xAARRGGBB (Qt's
/// Format_ARGB32_Premultiplied); transparent where no structure is. Structures later in the
/// list are drawn over earlier ones (each structure's outline over its own fill), the preview
/// last. External structures (the body) are drawn as outline only, so they do not tint the
/// whole patient.
struct SliceOverlay {
  GridSlice slice;
  int uAxis = 0, vAxis = 1;
  int width = 0, height = 0;
  std::vector<std::uint32_t> argb;  ///< width * height, u fastest
  /// The pixel at (u, v).
  std::uint32_t at(int u, int v) const { return argb[std::size_t(v) * std::size_t(width) + std::size_t(u)]; }
};

/// A transparent image of slice of grid, laid out as SliceOverlay says: what every image drawn on
/// a grid slice (structures, dose wash, fused prior CT) starts from.
SliceOverlay transparentOverlay(const core::VolumeGeometry& grid, const GridSlice& slice);

/// Builds the overlay of slice. Cost: one pass over the slice's voxels per visible structure.
SliceOverlay renderSliceOverlay(const StructureSetModel& structures, const GridSlice& slice,
                                const OverlayStyle& style);

}  // namespace kerma::app

#endif  // KERMA_APP_STRUCTURE_OVERLAY_H
