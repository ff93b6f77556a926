#include "kerma/plan/drr.h"

#include "kerma/core/parallel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <type_traits>

namespace kerma::plan {

namespace {

/// Inclusive index bounds of the smallest box of the CT holding every voxel with HU > −1000
/// (μ > 0): rays gain nothing in air, so walking only this box changes no line integral.
/// hi[0] < lo[0] when the CT is all air.
struct VoxelBox {
  std::array<int, 3> lo, hi;
};

VoxelBox nonAirBox(const core::CtVolume& ct, int threads) {
  const auto& size = ct.geometry().size();
  const auto hu = ct.values();
  const std::size_t nx = std::size_t(size[0]), nxy = nx * std::size_t(size[1]);
  // Per slice, the box {iLo, jLo, iHi, jHi} of non-air voxels (iHi = -1: none).
  std::vector<std::array<int, 4>> sliceBoxes(std::size_t(size[2]), {size[0], size[1], -1, -1});
  core::parallelFor(std::size_t(size[2]), threads, [&](std::size_t k) {
    std::array<int, 4>& box = sliceBoxes[k];
    for (int j = 0; j < size[1]; ++j) {
      const std::int16_t* row = hu.data() + k * nxy + std::size_t(j) * nx;
      int first = 0, last = size[0] - 1;
      while (first < size[0] && row[first] <= -1000) ++first;
      if (first == size[0]) continue;
      while (row[last] <= -1000) --last;
      box = {std::min(box[0], first), std::min(box[1], j), std::max(box[2], last), std::max(box[3], j)};
    }
  });
  VoxelBox result{size, {-1, -1, -1}};
  for (int k = 0; k < size[2]; ++k) {
    const std::array<int, 4>& box = sliceBoxes[std::size_t(k)];
    if (box[2] < 0) continue;
    result.lo = {std::min(result.lo[0], box[0]), std::min(result.lo[1], box[1]), std::min(result.lo[2], k)};
    result.hi = {std::max(result.hi[0], box[2]), std::max(result.hi[1], box[3]), std::max(result.hi[2], k)};
  }
  return result;
}

/// Σ max(0, 1000 + HU) · Δt over the voxels of box crossed by the ray u(t) = u0 + t·du, t ≥ 0, in
/// continuous voxel index coordinates: the exact voxel walk of docs/methods/drr.md §1. Written
/// for this one sum rather than with core::VoxelRayIterator because a 512² image takes 70 million
/// steps and this loop takes half the time per step: it carries the current voxel's offset
/// instead of its indices, and each axis counts the faces left before the box's, so a step is one
/// comparison chain, one load and one multiply-add, and no voxel outside the box is read.
/// Zero-length segments (a ray through an edge) add nothing and need no test.
double rayIntegral(const std::int16_t* hu, const std::array<std::ptrdiff_t, 3>& stride, const VoxelBox& box,
                   const std::array<double, 3>& u0, const std::array<double, 3>& du) {
  constexpr double INFINITE = std::numeric_limits<double>::infinity();
  std::array<double, 3> inverse{};
  double tEnter = 0, tExit = INFINITE;
  for (int axis = 0; axis < 3; ++axis) {
    const double lo = box.lo[axis] - 0.5, hi = box.hi[axis] + 0.5;
    if (du[axis] == 0) {
      if (u0[axis] < lo || u0[axis] > hi) return 0;
      continue;
    }
    inverse[axis] = 1 / du[axis];
    const double t0 = (lo - u0[axis]) * inverse[axis], t1 = (hi - u0[axis]) * inverse[axis];
    tEnter = std::max(tEnter, std::min(t0, t1));
    tExit = std::min(tExit, std::max(t0, t1));
  }
  if (!(tEnter < tExit)) return 0;

  std::ptrdiff_t offset = 0;
  std::array<double, 3> tNext{}, tDelta{};    // t of the next face on each axis; t between faces
  std::array<std::ptrdiff_t, 3> step{};       // voxel offset per face crossed
  std::array<std::int64_t, 3> facesLeft{};    // faces before the box's own
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
  }

  double t = tEnter, sum = 0;
  // Constant axis indices keep the walk's state in registers.
  const auto cross = [&](auto axisConstant) {
    constexpr int AXIS = decltype(axisConstant)::value;
    sum += double(std::max(0, 1000 + hu[offset])) * (tNext[AXIS] - t);
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
    if (left) return sum;
  }
}

}  // namespace

DrrImage computeDrr(const core::CtVolume& ct, const dose::Beam& beam, double sadMm, const DrrOptions& options) {
  const int n = options.sizePx;
  DrrImage image;
  image.widthPx = image.heightPx = n;
  image.pixelSpacingAtIsocenterMm = options.fieldSizeMm / n;
  image.pixelSpacingAtImagerMm = image.pixelSpacingAtIsocenterMm * options.sidMm / sadMm;
  image.lineIntegral.assign(std::size_t(n) * n, 0.0f);
  const VoxelBox box = nonAirBox(ct, options.threads);
  if (box.hi[0] < box.lo[0]) return image;

  // Rays in voxel index coordinates: u(t) = source + t · (pixel − source), so that t = 1 at the
  // pixel on the isocentre plane and a step Δt is Δt · |pixel − source| mm long.
  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  const auto voxelFromPatient = ct.geometry().voxelFromPatient();
  const core::Point3<core::Patient> pSource = core::sourcePositionMm(patientFromBld, sadMm);
  const core::Point3<core::Voxel> uSource = voxelFromPatient(pSource);
  const auto& size = ct.geometry().size();
  const std::array<std::ptrdiff_t, 3> stride = {1, size[0], std::ptrdiff_t(size[0]) * size[1]};
  const double muPerHuStep = options.muWaterPerMm / 1000;  // μ = μ_water · (1000 + HU) / 1000
  const std::array<double, 3> u0 = {uSource.x, uSource.y, uSource.z};
  const std::int16_t* hu = ct.values().data();
  // Rows are handed out one at a time, so rays through the body (longer walks) and rays through
  // air balance between threads; each pixel is written by one thread whatever their number.
  core::parallelFor(std::size_t(n), options.threads, [&](std::size_t row) {
    float* out = image.lineIntegral.data() + row * std::size_t(n);
    for (int column = 0; column < n; ++column) {
      const BevPointMm pPlane = image.isocenterPlanePointMm(column, int(row));
      const core::Vector3<core::Patient> ray =
          patientFromBld(core::Point3<core::IecBeamLimitingDevice>{pPlane.x, pPlane.y, 0}) - pSource;
      const core::Vector3<core::Voxel> du = voxelFromPatient(ray);
      out[column] = float(muPerHuStep * ray.length() * rayIntegral(hu, stride, box, u0, {du.x, du.y, du.z}));
    }
  });
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

}  // namespace kerma::plan
