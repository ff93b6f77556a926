#include "kerma/structure/mask_editing.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kerma::structure {

using core::Patient;
using core::Point3;
using core::VoxelIndex;

namespace {

double component(const Point3<core::Voxel>& v, int axis) {
  return axis == 0 ? v.x : axis == 1 ? v.y : v.z;
}
std::int64_t& component(VoxelIndex& ijk, int axis) {
  return axis == 0 ? ijk.i : axis == 1 ? ijk.j : ijk.k;
}
std::int64_t component(const VoxelIndex& ijk, int axis) {
  return axis == 0 ? ijk.i : axis == 1 ? ijk.j : ijk.k;
}

// The two in-plane axes of a slice normal to normalAxis, lower first.
std::array<int, 2> planeAxes(int normalAxis) {
  assert(normalAxis >= 0 && normalAxis < 3 && "a grid axis is 0, 1 or 2");
  return normalAxis == 0 ? std::array{1, 2} : normalAxis == 1 ? std::array{0, 2} : std::array{0, 1};
}

std::uint8_t paintValue(PaintMode mode) {
  switch (mode) {
    case PaintMode::Add: return 1;
    case PaintMode::Erase: return 0;
  }
  assert(false && "unknown paint mode");
  return 0;
}

template <class Visit>
void forEachVoxel(const VoxelBox& box, Visit visit) {
  for (std::int64_t k = box.lo.k; k < box.hi.k; ++k)
    for (std::int64_t j = box.lo.j; j < box.hi.j; ++j)
      for (std::int64_t i = box.lo.i; i < box.hi.i; ++i) visit(VoxelIndex{i, j, k});
}

}  // namespace

std::size_t VoxelBox::voxelCount() const {
  if (empty()) return 0;
  return std::size_t(hi.i - lo.i) * std::size_t(hi.j - lo.j) * std::size_t(hi.k - lo.k);
}

VoxelBox gridBox(const core::VolumeGeometry& grid) {
  return {{0, 0, 0}, {grid.size()[0], grid.size()[1], grid.size()[2]}};
}

int nearestGridAxis(const core::VolumeGeometry& grid, const core::Vector3<Patient>& dir) {
  const Eigen::Vector3d alignment =
      grid.directionCosines().transpose() * Eigen::Vector3d(dir.x, dir.y, dir.z);
  int axis = 0;
  alignment.cwiseAbs().maxCoeff(&axis);
  return axis;
}

VoxelBox sliceBox(const core::VolumeGeometry& grid, int normalAxis, const Point3<Patient>& pointMm) {
  const double slice = std::round(component(grid.voxelFromPatient()(pointMm), normalAxis));
  if (!(slice >= 0 && slice < grid.size()[normalAxis])) return {};
  VoxelBox box = gridBox(grid);
  component(box.lo, normalAxis) = std::int64_t(slice);
  component(box.hi, normalAxis) = std::int64_t(slice) + 1;
  return box;
}

VoxelBox paintDisk(Mask& mask, const Point3<Patient>& centreMm, double radiusMm, int normalAxis,
                   PaintMode mode) {
  const core::VolumeGeometry& grid = mask.geometry();
  VoxelBox box = sliceBox(grid, normalAxis, centreMm);
  if (box.empty()) return {};
  const Point3<core::Voxel> centre = grid.voxelFromPatient()(centreMm);
  const auto axes = planeAxes(normalAxis);  // not a binding: lambdas capture a and b (clang 14)
  const int a = axes[0], b = axes[1];
  const double spacingA = grid.spacingMm()[a], spacingB = grid.spacingMm()[b];
  const double centreA = component(centre, a), centreB = component(centre, b);
  const double r = std::max(radiusMm, 0.0);
  // Clip the disk's bounding square to the grid.
  auto clip = [&](double lo, double hi, int axis) {
    component(box.lo, axis) = std::max<std::int64_t>(std::int64_t(std::ceil(lo)), 0);
    component(box.hi, axis) =
        std::min<std::int64_t>(std::int64_t(std::floor(hi)) + 1, grid.size()[axis]);
  };
  clip(centreA - r / spacingA, centreA + r / spacingA, a);
  clip(centreB - r / spacingB, centreB + r / spacingB, b);
  const std::uint8_t value = paintValue(mode);
  const VoxelIndex nearest{std::llround(centre.x), std::llround(centre.y), std::llround(centre.z)};
  bool paintedAny = false;
  forEachVoxel(box, [&](const VoxelIndex& ijk) {
    const double da = (double(component(ijk, a)) - centreA) * spacingA;
    const double db = (double(component(ijk, b)) - centreB) * spacingB;
    if (da * da + db * db > r * r) return;
    mask.at(ijk) = value;
    paintedAny = true;
  });
  if (paintedAny) return box;
  // A disk smaller than a voxel paints the voxel under its centre, so a tiny brush still draws.
  VoxelIndex ijk = nearest;
  component(ijk, normalAxis) = component(box.lo, normalAxis);
  if (!grid.contains(ijk)) return box;
  mask.at(ijk) = value;
  return {ijk, {ijk.i + 1, ijk.j + 1, ijk.k + 1}};
}

VoxelBox fillPolygon(Mask& mask, const std::vector<Point3<Patient>>& polygonMm, int normalAxis,
                     PaintMode mode) {
  if (polygonMm.size() < 3) return {};
  const core::VolumeGeometry& grid = mask.geometry();
  VoxelBox box = sliceBox(grid, normalAxis, polygonMm.front());
  if (box.empty()) return {};
  const auto axes = planeAxes(normalAxis);  // not a binding: lambdas capture a and b (clang 14)
  const int a = axes[0], b = axes[1];
  // Vertices in continuous voxel coordinates of the two in-plane axes.
  std::vector<std::array<double, 2>> vertices;
  vertices.reserve(polygonMm.size());
  for (const auto& p : polygonMm) {
    const Point3<core::Voxel> v = grid.voxelFromPatient()(p);
    vertices.push_back({component(v, a), component(v, b)});
  }
  const std::uint8_t value = paintValue(mode);
  const std::int64_t rows = grid.size()[b], columns = grid.size()[a];
  std::vector<double> crossings;
  for (std::int64_t row = 0; row < rows; ++row) {
    // Edges crossing the row's line of voxel centres, half-open in the row coordinate.
    crossings.clear();
    for (std::size_t n = 0; n < vertices.size(); ++n) {
      const auto& p0 = vertices[n];
      const auto& p1 = vertices[(n + 1) % vertices.size()];
      if ((p0[1] <= double(row)) == (p1[1] <= double(row))) continue;
      crossings.push_back(p0[0] + (double(row) - p0[1]) * (p1[0] - p0[0]) / (p1[1] - p0[1]));
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t n = 0; n + 1 < crossings.size(); n += 2) {
      const std::int64_t first = std::max<std::int64_t>(std::int64_t(std::ceil(crossings[n])), 0);
      const std::int64_t last =
          std::min<std::int64_t>(std::int64_t(std::ceil(crossings[n + 1])), columns);
      for (std::int64_t column = first; column < last; ++column) {
        VoxelIndex ijk = box.lo;
        component(ijk, a) = column;
        component(ijk, b) = row;
        mask.at(ijk) = value;
      }
    }
  }
  return box;
}

std::vector<std::uint8_t> copyBox(const Mask& mask, const VoxelBox& box) {
  std::vector<std::uint8_t> values;
  values.reserve(box.voxelCount());
  forEachVoxel(box, [&](const VoxelIndex& ijk) { values.push_back(mask.at(ijk)); });
  return values;
}

void pasteBox(Mask& mask, const VoxelBox& box, std::span<const std::uint8_t> values) {
  assert(values.size() == box.voxelCount() && "one value per voxel of the box");
  std::size_t n = 0;
  forEachVoxel(box, [&](const VoxelIndex& ijk) { mask.at(ijk) = values[n++]; });
}

namespace {
// The smallest box holding the voxels of within where differs(ijk) holds.
template <class Predicate>
VoxelBox boundingBoxWhere(const VoxelBox& within, Predicate differs) {
  VoxelBox found{within.hi, within.lo};
  forEachVoxel(within, [&](const VoxelIndex& ijk) {
    if (!differs(ijk)) return;
    found.lo = {std::min(found.lo.i, ijk.i), std::min(found.lo.j, ijk.j), std::min(found.lo.k, ijk.k)};
    found.hi = {std::max(found.hi.i, ijk.i + 1), std::max(found.hi.j, ijk.j + 1),
                std::max(found.hi.k, ijk.k + 1)};
  });
  return found.empty() ? VoxelBox{} : found;
}
}  // namespace

VoxelBox differingBox(const Mask& a, const Mask& b, const VoxelBox& within) {
  assert(a.geometry().size() == b.geometry().size() && "masks on the same grid");
  return boundingBoxWhere(within, [&](const VoxelIndex& ijk) { return a.at(ijk) != b.at(ijk); });
}

VoxelBox nonZeroBox(const Mask& mask) {
  return boundingBoxWhere(gridBox(mask.geometry()),
                          [&](const VoxelIndex& ijk) { return mask.at(ijk) != 0; });
}

}  // namespace kerma::structure
