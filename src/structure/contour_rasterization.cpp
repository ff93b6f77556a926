#include "kerma/structure/contour_rasterization.h"

#include "kerma/core/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace kerma::structure {

std::optional<int> contourSliceIndex(const PlanarContour& contour, const core::VolumeGeometry& grid) {
  if (contour.pointsMm.empty()) return std::nullopt;
  const auto voxelFromPatient = grid.voxelFromPatient();
  const double slice = std::round(voxelFromPatient(contour.pointsMm.front()).z);
  const double toleranceVoxels = SLICE_PLANE_TOLERANCE_MM / grid.spacingMm()[2];
  for (const auto& p : contour.pointsMm)
    if (std::abs(voxelFromPatient(p).z - slice) > toleranceVoxels) return std::nullopt;
  if (slice < 0 || slice >= grid.size()[2]) return std::nullopt;
  return int(slice);
}

Mask rasterizeContours(const std::vector<PlanarContour>& contours, const core::VolumeGeometry& grid) {
  const auto [nx, ny, nz] = grid.size();
  std::vector<std::vector<const PlanarContour*>> contoursOfSlice(nz);
  for (std::size_t c = 0; c < contours.size(); ++c) {
    if (contours[c].pointsMm.empty()) continue;
    const auto k = contourSliceIndex(contours[c], grid);
    if (!k) {
      const auto first = contours[c].pointsMm.front();
      throw Error(ErrorCode::BadInput,
                  "contour " + std::to_string(c) + " (first point " + std::to_string(first.x) + ", " +
                      std::to_string(first.y) + ", " + std::to_string(first.z) +
                      " mm): not on a slice plane of the grid; expected every point within " +
                      std::to_string(SLICE_PLANE_TOLERANCE_MM) + " mm of one of its " +
                      std::to_string(nz) + " slices");
    }
    contoursOfSlice[*k].push_back(&contours[c]);
  }

  Mask mask(grid, 0);
  const auto voxelFromPatient = grid.voxelFromPatient();
  std::vector<std::vector<double>> crossingsOfRow(ny);  // i at which the row j = const is crossed
  for (int k = 0; k < nz; ++k) {
    if (contoursOfSlice[k].empty()) continue;
    for (auto& crossings : crossingsOfRow) crossings.clear();
    for (const PlanarContour* contour : contoursOfSlice[k]) {
      const auto& points = contour->pointsMm;
      auto a = voxelFromPatient(points.back());
      for (const auto& p : points) {
        const auto b = voxelFromPatient(p);
        // Rows in [min y, max y): each edge counts once where two edges meet at a vertex.
        const double yLow = std::min(a.y, b.y), yHigh = std::max(a.y, b.y);
        const int jFirst = std::max(0, int(std::ceil(yLow)));
        const int jEnd = std::min(ny, int(std::ceil(yHigh)));
        for (int j = jFirst; j < jEnd; ++j)
          crossingsOfRow[j].push_back(a.x + (j - a.y) * (b.x - a.x) / (b.y - a.y));
        a = b;
      }
    }
    auto slice = mask.slice(k);
    for (int j = 0; j < ny; ++j) {
      auto& crossings = crossingsOfRow[j];
      std::sort(crossings.begin(), crossings.end());
      // Even-odd: the centre i is inside where an odd number of crossings lie at or before it.
      for (std::size_t m = 0; m + 1 < crossings.size(); m += 2) {
        const int iFirst = std::max(0, int(std::ceil(crossings[m])));
        const int iEnd = std::min(nx, int(std::ceil(crossings[m + 1])));
        for (int i = iFirst; i < iEnd; ++i) slice[std::size_t(j) * nx + i] = 1;
      }
    }
  }
  return mask;
}

}  // namespace kerma::structure
