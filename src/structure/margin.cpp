#include "kerma/structure/margin.h"

#include "kerma/core/error.h"
#include "kerma/core/parallel.h"
#include "kerma/structure/boolean.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace kerma::structure {

namespace {

constexpr float UNREACHED = std::numeric_limits<float>::infinity();
constexpr double AXIS_ALIGNMENT_TOLERANCE = 1e-6;

// The margins along one grid axis: towards increasing index and towards decreasing index, in
// voxels of that axis.
struct AxisMargin {
  double upVoxels = 0, downVoxels = 0;
};

std::array<AxisMargin, 3> axisMargins(const core::VolumeGeometry& grid, const MarginMm& m) {
  for (const double v : {m.right, m.left, m.anterior, m.posterior, m.superior, m.inferior})
    if (!(v >= 0) || !std::isfinite(v))
      throw Error(ErrorCode::BadInput, "margin of " + std::to_string(v) + " mm; expected a finite value >= 0");
  // Margin towards -axis and +axis of each patient axis (x: right/left, y: anterior/posterior,
  // z: inferior/superior).
  const double towardsNegative[3] = {m.right, m.anterior, m.inferior};
  const double towardsPositive[3] = {m.left, m.posterior, m.superior};
  std::array<AxisMargin, 3> result;
  const Eigen::Matrix3d& d = grid.directionCosines();
  for (int a = 0; a < 3; ++a) {
    Eigen::Index patientAxis = 0;
    const double along = d.col(a).cwiseAbs().maxCoeff(&patientAxis);
    const bool aligned = std::abs(along - 1) < AXIS_ALIGNMENT_TOLERANCE;
    if (!aligned && !m.isIsotropic())
      throw Error(ErrorCode::BadInput, "an anisotropic margin needs a grid along the patient axes; this grid is oblique");
    const bool increasingIsPositive = d(patientAxis, a) > 0;
    const double up = increasingIsPositive ? towardsPositive[patientAxis] : towardsNegative[patientAxis];
    const double down = increasingIsPositive ? towardsNegative[patientAxis] : towardsPositive[patientAxis];
    // A margin is measured from the structure's surface, which lies beyond the outermost voxel
    // centres: by half a voxel on average for a face along the grid, by almost nothing where a
    // curved surface passes many centres. Reaching a quarter voxel further splits the two: a box
    // face moves by its margin within a quarter voxel, and a 20 mm sphere grown by 15 mm on a
    // 1 x 1 x 3 mm grid is within 1 % of a 35 mm sphere (tests/structure/test_margin.cpp).
    auto voxels = [&](double mm) { return mm > 0 ? mm / grid.spacingMm()[a] + 0.25 : 0.0; };
    result[a] = {voxels(up), voxels(down)};
  }
  return result;
}

// Whole voxels a margin of `voxels` reaches along an axis of n voxels. Beyond n + 1 it reaches no
// further in effect (every voxel of the grid is nearer to the grid's edge and to the outside next
// to it), so the count is capped there: a margin of 1e300 mm costs what one of the grid's size
// does, and stays an int.
int reachVoxels(double voxels, int n) { return int(std::min(std::floor(voxels), double(n) + 1)); }

// A box of voxels [lo, lo + size) in the grid's index space; it may reach beyond the grid.
struct Block {
  std::array<int, 3> lo{}, size{};
  std::size_t count() const { return std::size_t(size[0]) * size[1] * size[2]; }
  std::size_t index(int i, int j, int k) const { return std::size_t(i) + std::size_t(size[0]) * (j + std::size_t(size[1]) * k); }
};

// Smallest box holding every voxel of mask; nullopt for an empty mask.
std::optional<Block> boundingBlock(const Mask& mask) {
  const auto& n = mask.geometry().size();
  std::array<int, 3> lo{n[0], n[1], n[2]}, hi{-1, -1, -1};
  const auto v = mask.values();
  std::size_t at = 0;
  for (int k = 0; k < n[2]; ++k)
    for (int j = 0; j < n[1]; ++j)
      for (int i = 0; i < n[0]; ++i, ++at) {
        if (!v[at]) continue;
        lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
        hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
      }
  if (hi[0] < 0) return std::nullopt;
  return Block{lo, {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}};
}

// One separable pass along axis: out(x) = min over sources y on the same line of
// in(y) + ((x - y) / margin)^2, where margin is the up or down margin by the sign of x - y; results
// above 1 are unreached. Sources scatter into the band they can reach.
void passAlongAxis(const Block& block, int axis, const AxisMargin& m, std::vector<float>& values) {
  const int n = block.size[axis];
  const int reachUp = reachVoxels(m.upVoxels, n), reachDown = reachVoxels(m.downVoxels, n);
  const int other1 = axis == 0 ? 1 : 0, other2 = axis == 2 ? 1 : 2;
  const std::size_t lines = std::size_t(block.size[other1]) * block.size[other2];
  std::array<std::size_t, 3> strides{1, std::size_t(block.size[0]), std::size_t(block.size[0]) * block.size[1]};
  const double upWeight = m.upVoxels > 0 ? 1 / (m.upVoxels * m.upVoxels) : 0;
  const double downWeight = m.downVoxels > 0 ? 1 / (m.downVoxels * m.downVoxels) : 0;
  core::parallelFor(lines, 0, [&](std::size_t line) {
    const int a = int(line % block.size[other1]), b = int(line / block.size[other1]);
    const std::size_t base = a * strides[other1] + b * strides[other2];
    const std::size_t stride = strides[axis];
    std::vector<float> in(n), out(n, UNREACHED);
    for (int x = 0; x < n; ++x) in[x] = values[base + x * stride];
    for (int y = 0; y < n; ++y) {
      if (!(in[y] <= 1)) continue;
      out[y] = std::min(out[y], in[y]);
      // A neighbour with a value no larger reaches every target beyond it at a lower cost, so
      // the inside of a structure scatters nothing and the work stays in the band.
      if (!(y + 1 < n && in[y + 1] <= in[y]))
        for (int x = y + 1; x <= std::min(n - 1, y + reachUp); ++x) {
          const float f = float(in[y] + (x - y) * double(x - y) * upWeight);
          if (f <= 1) out[x] = std::min(out[x], f);
        }
      if (!(y > 0 && in[y - 1] <= in[y]))
        for (int x = y - 1; x >= std::max(0, y - reachDown); --x) {
          const float f = float(in[y] + (y - x) * double(y - x) * downWeight);
          if (f <= 1) out[x] = std::min(out[x], f);
        }
    }
    for (int x = 0; x < n; ++x) values[base + x * stride] = out[x];
  });
}

enum class Sources { Inside, Outside };

// Which voxels of the mask's bounding box, padded by the margin's reach, lie within the margin
// of a source voxel: of the mask's voxels (Inside), or of the voxels not in the mask, the grid's
// outside included (Outside). Voxels beyond the padded box are not needed by either caller.
struct Reached {
  Block block;
  std::vector<float> distance;  // normalised squared distance; <= 1 where reached
};

std::optional<Reached> reach(const Mask& mask, const MarginMm& margin, Sources sources) {
  const auto& grid = mask.geometry();
  const auto m = axisMargins(grid, margin);
  const auto box = boundingBlock(mask);
  if (!box) return std::nullopt;
  Reached r{*box, {}};
  for (int a = 0; a < 3; ++a) {
    // Below the box lie targets reached downwards, above it targets reached upwards; one more
    // voxel keeps a source of the outside next to the box.
    int lo = box->lo[a] - reachVoxels(m[a].downVoxels, grid.size()[a]) - 1;
    int hi = box->lo[a] + box->size[a] + reachVoxels(m[a].upVoxels, grid.size()[a]) + 1;
    if (sources == Sources::Inside) lo = std::max(0, lo), hi = std::min(grid.size()[a], hi);
    r.block.lo[a] = lo;
    r.block.size[a] = hi - lo;
  }
  r.distance.assign(r.block.count(), UNREACHED);
  const auto v = mask.values();
  const bool wantInside = sources == Sources::Inside;
  for (int k = 0; k < r.block.size[2]; ++k)
    for (int j = 0; j < r.block.size[1]; ++j)
      for (int i = 0; i < r.block.size[0]; ++i) {
        const core::VoxelIndex ijk{r.block.lo[0] + i, r.block.lo[1] + j, r.block.lo[2] + k};
        const bool inside = grid.contains(ijk) && v[grid.linearIndex(ijk)] != 0;
        if (inside == wantInside) r.distance[r.block.index(i, j, k)] = 0;
      }
  for (int a = 0; a < 3; ++a) passAlongAxis(r.block, a, m[a], r.distance);
  return r;
}

// The mask of the grid voxels of r's block whose reached state equals `reached`.
Mask maskOfReached(const core::VolumeGeometry& grid, const Reached& r, bool reached) {
  Mask result(grid, 0);
  auto out = result.values();
  for (int k = 0; k < r.block.size[2]; ++k)
    for (int j = 0; j < r.block.size[1]; ++j)
      for (int i = 0; i < r.block.size[0]; ++i) {
        const core::VoxelIndex ijk{r.block.lo[0] + i, r.block.lo[1] + j, r.block.lo[2] + k};
        if (grid.contains(ijk) && (r.distance[r.block.index(i, j, k)] <= 1) == reached)
          out[grid.linearIndex(ijk)] = 1;
      }
  return result;
}

}  // namespace

Mask expand(const Mask& mask, const MarginMm& margin) {
  const auto r = reach(mask, margin, Sources::Inside);
  return r ? maskOfReached(mask.geometry(), *r, /*reached=*/true) : Mask(mask.geometry(), 0);
}

Mask contract(const Mask& mask, const MarginMm& margin) {
  const auto r = reach(mask, margin, Sources::Outside);
  if (!r) return Mask(mask.geometry(), 0);
  // Unreached voxels of the padded box all lie inside the mask: every other one is a source.
  return maskOfReached(mask.geometry(), *r, /*reached=*/false);
}

Mask expandWithin(const Mask& mask, const MarginMm& margin, const Mask& limit) {
  return combine(mask, combine(expand(mask, margin), limit, BooleanOperation::Intersection), BooleanOperation::Union);
}

std::optional<std::string> keptOutsideLimitNote(const Structure& source, const Structure& limit,
                                                std::string_view resultName) {
  const double outsideCc = volumeCc(combine(source.mask, limit.mask, BooleanOperation::Subtraction));
  if (outsideCc == 0) return std::nullopt;
  char volumes[96];
  std::snprintf(volumes, sizeof volumes, "%.2f cm³ of its %.2f cm³", outsideCc, volumeCc(source.mask));
  return source.name + ": " + volumes + " lie outside " + limit.name + " and are kept in " + std::string(resultName) +
         " (a margin result always contains its source)";
}

}  // namespace kerma::structure
