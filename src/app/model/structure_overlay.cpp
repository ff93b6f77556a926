#include "kerma/app/structure_overlay.h"

#include <algorithm>
#include <cmath>

namespace kerma::app {

GridSlice displayedSlice(const core::VolumeGeometry& grid, ViewOrientation orientation,
                         const core::Point3<core::Patient>& crosshairMm) {
  const int axis = structure::nearestGridAxis(grid, sliceStepDirection(orientation));
  const core::Point3<core::Voxel> v = grid.voxelFromPatient()(crosshairMm);
  const double c = axis == 0 ? v.x : axis == 1 ? v.y : v.z;
  return {axis, std::clamp(int(std::lround(c)), 0, grid.size()[axis] - 1)};
}

namespace {

// Source-over of a premultiplied colour of opacity alpha onto pixel.
void blend(std::uint32_t& pixel, const structure::Rgb& colour, double alpha) {
  const auto channel = [&](int shift, double value) {
    const double below = double((pixel >> shift) & 0xff);
    return std::uint32_t(std::lround(value * alpha + below * (1 - alpha))) << shift;
  };
  pixel = channel(24, 255) | channel(16, colour.r) | channel(8, colour.g) | channel(0, colour.b);
}

struct PlaneLayout {
  std::size_t base;        // linear index of (u, v) = (0, 0)
  std::size_t uStride, vStride;
  int width, height;
};

PlaneLayout planeLayout(const core::VolumeGeometry& grid, const GridSlice& slice, int uAxis, int vAxis) {
  const auto& size = grid.size();
  const std::size_t strides[3] = {1, std::size_t(size[0]), std::size_t(size[0]) * std::size_t(size[1])};
  return {strides[slice.normalAxis] * std::size_t(slice.index), strides[uAxis], strides[vAxis],
          size[uAxis], size[vAxis]};
}

void drawMask(SliceOverlay& overlay, const PlaneLayout& plane, const structure::Mask& mask,
              const structure::Rgb& colour, const OverlayStyle& style, double fillOpacity) {
  const auto values = mask.values();
  auto inside = [&](int u, int v) {
    if (u < 0 || v < 0 || u >= plane.width || v >= plane.height) return false;
    return values[plane.base + std::size_t(u) * plane.uStride + std::size_t(v) * plane.vStride] != 0;
  };
  for (int v = 0; v < plane.height; ++v) {
    for (int u = 0; u < plane.width; ++u) {
      if (!inside(u, v)) continue;
      std::uint32_t& pixel = overlay.argb[std::size_t(v) * std::size_t(plane.width) + std::size_t(u)];
      const bool boundary = !inside(u - 1, v) || !inside(u + 1, v) || !inside(u, v - 1) || !inside(u, v + 1);
      if (style.outline && boundary) {
        blend(pixel, colour, 1);
        continue;
      }
      if (style.fill) blend(pixel, colour, fillOpacity);
    }
  }
}

}  // namespace

bool sliceHasVoxels(const structure::Mask& mask, const GridSlice& slice) {
  const auto& size = mask.geometry().size();
  const int u = slice.normalAxis == 0 ? 1 : 0, v = slice.normalAxis == 2 ? 1 : 2;
  for (int b = 0; b < size[v]; ++b)
    for (int a = 0; a < size[u]; ++a) {
      int ijk[3];
      ijk[slice.normalAxis] = slice.index;
      ijk[u] = a;
      ijk[v] = b;
      if (mask.at({ijk[0], ijk[1], ijk[2]}) != 0) return true;
    }
  return false;
}

std::optional<core::Point3<core::Patient>> structureViewPoint(const structure::Mask& mask) {
  const auto centroid = structure::centroidMm(mask);
  if (!centroid) return std::nullopt;
  const auto& size = mask.geometry().size();
  const double centroidK = mask.geometry().voxelFromPatient()(*centroid).z;
  std::optional<int> nearest;
  for (int k = 0; k < size[2]; ++k)
    if (sliceHasVoxels(mask, {2, k}) && (!nearest || std::abs(k - centroidK) < std::abs(*nearest - centroidK)))
      nearest = k;
  double sumI = 0, sumJ = 0, count = 0;
  for (int j = 0; j < size[1]; ++j)
    for (int i = 0; i < size[0]; ++i)
      if (mask.at({i, j, *nearest}) != 0) {
        sumI += i;
        sumJ += j;
        ++count;
      }
  return mask.geometry().patientFromVoxel()(core::Point3<core::Voxel>{sumI / count, sumJ / count, double(*nearest)});
}

SliceOverlay transparentOverlay(const core::VolumeGeometry& grid, const GridSlice& slice) {
  SliceOverlay overlay;
  overlay.slice = slice;
  overlay.uAxis = slice.normalAxis == 0 ? 1 : 0;
  overlay.vAxis = slice.normalAxis == 2 ? 1 : 2;
  overlay.width = grid.size()[std::size_t(overlay.uAxis)];
  overlay.height = grid.size()[std::size_t(overlay.vAxis)];
  overlay.argb.assign(std::size_t(overlay.width) * std::size_t(overlay.height), 0);
  return overlay;
}

SliceOverlay renderSliceOverlay(const StructureSetModel& structures, const GridSlice& slice,
                                const OverlayStyle& style) {
  SliceOverlay overlay = transparentOverlay(structures.grid(), slice);
  const PlaneLayout plane = planeLayout(structures.grid(), slice, overlay.uAxis, overlay.vAxis);
  for (int n = 0; n < structures.count(); ++n) {
    if (!structures.visible(n)) continue;
    const auto& s = structures.structure(n);
    // The body outline would tint the whole patient: it is never filled.
    OverlayStyle own = style;
    if (s.type == structure::RoiType::External) own.fill = false;
    drawMask(overlay, plane, s.mask, s.colour, own, style.fillOpacity);
  }
  if (const structure::Mask* preview = structures.preview())
    drawMask(overlay, plane, *preview, PREVIEW_COLOUR, {true, true, 0.45}, 0.45);
  return overlay;
}

}  // namespace kerma::app
