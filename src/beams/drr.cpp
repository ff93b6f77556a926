#include "kerma/beams/drr.h"

#include "kerma/core/parallel.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace kerma::beams {

namespace {

/// Inclusive index bounds of a box of voxels.
struct VoxelBox {
  std::array<int, 3> lo, hi;
};

/// Where rays can gain anything (μ > 0 only where HU > −1000): the smallest box holding every such
/// voxel, and a coarse grid over it of BRICK³-voxel bricks marking those that may hold one
/// (every voxel between a row's first and last non-air voxel counts, so interior air is kept,
/// which is safe). Walking only the box and only the part of each ray between its first and last
/// marked brick changes no line integral.
struct NonAirVoxels {
  static constexpr int BRICK = 8;
  VoxelBox box;                        ///< hi[0] < lo[0]: the CT is all air
  VoxelBox bricks;                     ///< {0, 0, 0} to the last brick on each axis
  std::vector<std::uint8_t> occupied;  ///< per brick, i fastest
};

NonAirVoxels nonAirVoxels(const core::CtVolume& ct, int threads) {
  const auto& size = ct.geometry().size();
  const auto hu = ct.values();
  const std::size_t nx = std::size_t(size[0]), ny = std::size_t(size[1]);
  // Per row (j, k), its first and last non-air voxel ({-1, -1}: none); per slice, their box
  // {iLo, jLo, iHi, jHi} (iHi = -1: none).
  std::vector<std::array<int, 2>> rows(ny * std::size_t(size[2]), {-1, -1});
  std::vector<std::array<int, 4>> sliceBoxes(std::size_t(size[2]), {size[0], size[1], -1, -1});
  core::parallelFor(std::size_t(size[2]), threads, [&](std::size_t k) {
    std::array<int, 4>& box = sliceBoxes[k];
    for (int j = 0; j < size[1]; ++j) {
      const std::int16_t* row = hu.data() + (k * ny + std::size_t(j)) * nx;
      int first = 0, last = size[0] - 1;
      while (first < size[0] && row[first] <= -1000) ++first;
      if (first == size[0]) continue;
      while (row[last] <= -1000) --last;
      rows[k * ny + std::size_t(j)] = {first, last};
      box = {std::min(box[0], first), std::min(box[1], j), std::max(box[2], last), std::max(box[3], j)};
    }
  });
  NonAirVoxels result{{size, {-1, -1, -1}}, {}, {}};
  VoxelBox& box = result.box;
  for (int k = 0; k < size[2]; ++k) {
    const std::array<int, 4>& slice = sliceBoxes[std::size_t(k)];
    if (slice[2] < 0) continue;
    box.lo = {std::min(box.lo[0], slice[0]), std::min(box.lo[1], slice[1]), std::min(box.lo[2], k)};
    box.hi = {std::max(box.hi[0], slice[2]), std::max(box.hi[1], slice[3]), std::max(box.hi[2], k)};
  }
  if (box.hi[0] < box.lo[0]) return result;
  constexpr int B = NonAirVoxels::BRICK;
  const std::array<int, 3> count = {(box.hi[0] - box.lo[0]) / B + 1, (box.hi[1] - box.lo[1]) / B + 1,
                                    (box.hi[2] - box.lo[2]) / B + 1};
  result.bricks = {{0, 0, 0}, {count[0] - 1, count[1] - 1, count[2] - 1}};
  result.occupied.assign(std::size_t(count[0]) * std::size_t(count[1]) * std::size_t(count[2]), 0);
  // One layer of bricks per task, so that no two tasks mark the same brick.
  core::parallelFor(std::size_t(count[2]), threads, [&](std::size_t layer) {
    const int kEnd = std::min(box.hi[2] + 1, box.lo[2] + int(layer + 1) * B);
    for (int k = box.lo[2] + int(layer) * B; k < kEnd; ++k)
      for (int j = box.lo[1]; j <= box.hi[1]; ++j) {
        const std::array<int, 2>& row = rows[std::size_t(k) * ny + std::size_t(j)];
        if (row[0] < 0) continue;
        const std::size_t brickRow = layer * std::size_t(count[1]) + std::size_t((j - box.lo[1]) / B);
        std::uint8_t* bricks = result.occupied.data() + brickRow * std::size_t(count[0]);
        std::fill(bricks + (row[0] - box.lo[0]) / B, bricks + (row[1] - box.lo[0]) / B + 1, std::uint8_t(1));
      }
  });
  return result;
}

/// A ray u(t) = u0 + t·du in continuous index coordinates, with 1/du per axis (each ray is walked
/// three times: divisions once).
struct IndexRay {
  std::array<double, 3> u0, du, inverse;
};

IndexRay indexRay(const std::array<double, 3>& u0, const std::array<double, 3>& du) {
  return {u0, du, {1 / du[0], 1 / du[1], 1 / du[2]}};
}

/// The part [tEnter, tExit] of the ray, t ≥ tFrom, inside box's voxels (slab method); tEnter ≥
/// tExit when it misses.
std::array<double, 2> clipToBox(const VoxelBox& box, const IndexRay& ray, double tFrom) {
  const auto& [u0, du, inverse] = ray;
  double tEnter = tFrom, tExit = std::numeric_limits<double>::infinity();
  for (int axis = 0; axis < 3; ++axis) {
    const double lo = box.lo[axis] - 0.5, hi = box.hi[axis] + 0.5;
    if (du[axis] == 0) {
      if (u0[axis] < lo || u0[axis] > hi) return {0, 0};
      continue;
    }
    const double t0 = (lo - u0[axis]) * inverse[axis], t1 = (hi - u0[axis]) * inverse[axis];
    tEnter = std::max(tEnter, std::min(t0, t1));
    tExit = std::min(tExit, std::max(t0, t1));
  }
  return {tEnter, tExit};
}

/// The exact voxel walk of docs/methods/drr.md §1 through box for the ray from t = tFrom: calls visit(offset, t0, t1) for each voxel
/// crossed, in order, offset = Σ index·stride, until visit returns false, the first face at or
/// beyond tTo (the voxel holding tTo is visited whole, and perhaps one more) or the box's exit.
/// Written for the DRR rather than with core::VoxelRayIterator because a 512² image takes tens of
/// millions of steps and this loop takes half the time per step: it carries the voxel's offset
/// instead of its indices, and each axis counts the faces left to cross, so a step is one
/// comparison chain, one load and one multiply-add, and no voxel outside the box is visited.
/// Zero-length segments (a ray through an edge) are visited too.
template <class Visit>
void walkVoxels(const VoxelBox& box, const std::array<std::ptrdiff_t, 3>& stride, const IndexRay& ray, double tFrom,
                double tTo, Visit&& visit) {
  constexpr double INFINITE = std::numeric_limits<double>::infinity();
  const auto& [u0, du, inverse] = ray;
  const auto [tEnter, tExit] = clipToBox(box, ray, tFrom);
  if (!(tEnter < tExit)) return;

  std::ptrdiff_t offset = 0;
  std::array<double, 3> tNext{}, tDelta{};    // t of the next face on each axis; t between faces
  std::array<std::ptrdiff_t, 3> step{};       // offset per face crossed
  std::array<std::int64_t, 3> facesLeft{};    // faces to cross on each axis
  for (int axis = 0; axis < 3; ++axis) {
    const double x = u0[axis] + tEnter * du[axis];
    const int index = std::clamp(int(std::floor(x + 0.5)), box.lo[axis], box.hi[axis]);
    offset += index * stride[axis];
    if (du[axis] == 0) {
      tNext[axis] = INFINITE;
      facesLeft[axis] = std::numeric_limits<std::int64_t>::max();
      continue;
    }
    const int sign = du[axis] > 0 ? 1 : -1;
    step[axis] = sign * stride[axis];
    tDelta[axis] = std::abs(inverse[axis]);
    tNext[axis] = (index + 0.5 * sign - u0[axis]) * inverse[axis];
    facesLeft[axis] = sign > 0 ? box.hi[axis] - index + 1 : index - box.lo[axis] + 1;
    // Faces before tTo, plus the first one beyond it (plus one for rounding).
    if (tTo < tExit)
      facesLeft[axis] = std::min(
          facesLeft[axis], std::max<std::int64_t>(1, std::int64_t(std::floor((tTo - tNext[axis]) * std::abs(du[axis]))) + 2));
  }

  double t = tEnter;
  // Constant axis indices keep the walk's state in registers.
  const auto cross = [&](auto axisConstant) {
    constexpr int AXIS = decltype(axisConstant)::value;
    if (!visit(offset, t, tNext[AXIS])) return true;
    t = tNext[AXIS];
    offset += step[AXIS];
    tNext[AXIS] += tDelta[AXIS];
    return --facesLeft[AXIS] == 0;
  };
  constexpr std::integral_constant<int, 0> X;
  constexpr std::integral_constant<int, 1> Y;
  constexpr std::integral_constant<int, 2> Z;
  for (;;) {
    const bool left = tNext[0] < tNext[1] ? (tNext[0] < tNext[2] ? cross(X) : cross(Z))
                                          : (tNext[1] < tNext[2] ? cross(Y) : cross(Z));
    if (left) return;
  }
}

}  // namespace

std::optional<DrrImage> computeDrr(const core::CtVolume& ct, const dose::Beam& beam, double sadMm, const DrrOptions& options) {
  const int n = options.sizePx;
  DrrImage image;
  image.widthPx = image.heightPx = n;
  image.pixelSpacingAtIsocenterMm = options.fieldSizeMm / n;
  image.pixelSpacingAtImagerMm = image.pixelSpacingAtIsocenterMm * options.sidMm / sadMm;
  image.lineIntegral.assign(std::size_t(n) * n, 0.0f);
  const NonAirVoxels nonAir = nonAirVoxels(ct, options.threads);
  if (nonAir.box.hi[0] < nonAir.box.lo[0]) return image;

  // Rays in voxel index coordinates: u(t) = source + t · (pixel − source), so that t = 1 at the
  // pixel on the isocentre plane and a step Δt is Δt · |pixel − source| mm long. Brick
  // coordinates w = (u − lo + ½) / BRICK − ½ put brick b's centre at w = b, as for voxels.
  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  const auto voxelFromPatient = ct.geometry().voxelFromPatient();
  const core::Point3<core::Patient> pSource = core::sourcePositionMm(patientFromBld, sadMm);
  const core::Point3<core::Voxel> uSource = voxelFromPatient(pSource);
  const std::array<double, 3> u0 = {uSource.x, uSource.y, uSource.z};
  constexpr double B = NonAirVoxels::BRICK;
  std::array<double, 3> w0{};
  for (int axis = 0; axis < 3; ++axis) w0[axis] = (u0[axis] - nonAir.box.lo[axis] + 0.5) / B - 0.5;
  const auto& size = ct.geometry().size();
  const std::array<std::ptrdiff_t, 3> stride = {1, size[0], std::ptrdiff_t(size[0]) * size[1]};
  const std::array<std::ptrdiff_t, 3> brickStride = {1, nonAir.bricks.hi[0] + 1,
                                                     std::ptrdiff_t(nonAir.bricks.hi[0] + 1) * (nonAir.bricks.hi[1] + 1)};
  const double muPerHuStep = options.muWaterPerMm / 1000;  // μ = μ_water · (1000 + HU) / 1000
  const std::int16_t* hu = ct.values().data();
  // Rows are handed out one at a time, so rays through the body (longer walks) and rays through
  // air balance between threads; each pixel is written by one thread whatever their number.
  std::atomic<bool> stopped{false};
  core::parallelFor(std::size_t(n), options.threads, [&](std::size_t row) {
    if (stopped || (options.keepGoing && !options.keepGoing())) {
      stopped = true;
      return;
    }
    float* out = image.lineIntegral.data() + row * std::size_t(n);
    for (int column = 0; column < n; ++column) {
      const BevPointMm pPlane = image.isocenterPlanePointMm(column, int(row));
      const core::Vector3<core::Patient> ray =
          patientFromBld(core::Point3<core::IecBeamLimitingDevice>{pPlane.x, pPlane.y, 0}) - pSource;
      const core::Vector3<core::Voxel> du = voxelFromPatient(ray);
      // The stretch of the ray from its first to its last brick that may hold tissue, found by
      // walking the bricks from either end to the first such brick ...
      const IndexRay voxelRay = indexRay(u0, {du.x, du.y, du.z});
      const std::array<double, 3>& inverse = voxelRay.inverse;
      const IndexRay brickRay{w0, {du.x / B, du.y / B, du.z / B}, {inverse[0] * B, inverse[1] * B, inverse[2] * B}};
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const std::array<double, 2> clipped = clipToBox(nonAir.bricks, brickRay, 0);
      const double tIn = clipped[0], tOut = clipped[1];
      if (!(tIn < tOut)) {
        out[column] = 0;
        continue;
      }
      const auto occupied = [&](std::ptrdiff_t brick) { return nonAir.occupied[std::size_t(brick)] != 0; };
      double tFirst = tOut, tLast = tIn;
      walkVoxels(nonAir.bricks, brickStride, brickRay, tIn, tOut, [&](std::ptrdiff_t brick, double t0, double) {
        if (occupied(brick)) tFirst = t0;
        return !occupied(brick);
      });
      const std::array<double, 3>& dw = brickRay.du;
      const IndexRay backwards{{w0[0] + tOut * dw[0], w0[1] + tOut * dw[1], w0[2] + tOut * dw[2]},
                               {-dw[0], -dw[1], -dw[2]},
                               {-inverse[0] * B, -inverse[1] * B, -inverse[2] * B}};
      walkVoxels(nonAir.bricks, brickStride, backwards, 0, tOut - tIn,
                 [&](std::ptrdiff_t brick, double s0, double) {
                   if (occupied(brick)) tLast = tOut - s0;
                   return !occupied(brick);
                 });
      // ... and the exact walk through its voxels.
      double sum = 0;
      if (tFirst < tLast)
        walkVoxels(nonAir.box, stride, voxelRay, tFirst, tLast,
                   [&](std::ptrdiff_t voxel, double t0, double t1) {
                     sum += double(std::max(0, 1000 + hu[voxel])) * (t1 - t0);
                     return true;
                   });
      out[column] = float(muPerHuStep * ray.length() * sum);
    }
  });
  if (stopped) return std::nullopt;
  return image;
}

std::vector<std::uint8_t> drrGreyLevels(const DrrImage& image) {
  if (image.lineIntegral.empty()) return {};
  std::vector<float> sorted = image.lineIntegral;
  const std::size_t at = std::min(sorted.size() - 1, std::size_t(0.995 * double(sorted.size())));
  std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(at), sorted.end());
  const float white = std::max(sorted[at], 1e-6f);
  std::vector<std::uint8_t> grey(image.lineIntegral.size());
  std::transform(image.lineIntegral.begin(), image.lineIntegral.end(), grey.begin(), [&](float v) {
    return static_cast<std::uint8_t>(std::lround(255 * std::clamp(v / white, 0.0f, 1.0f)));
  });
  return grey;
}

}  // namespace kerma::beams
