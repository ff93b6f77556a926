#include "kerma/dose/ct_density.h"

#include "csv_rows.h"

#include "kerma/core/error.h"
#include "kerma/core/parallel.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <cassert>
#include <cmath>
#include <string>

namespace kerma::dose {

double CtDensityCurve::densityAt(double huValue) const {
  assert(hu.size() >= 2 && hu.size() == densityGPerCm3.size() && "curve of two points or more");
  if (huValue <= hu.front()) return densityGPerCm3.front();
  const std::size_t last = hu.size() - 1;
  // Above the last point the last segment continues: upper is then `last`.
  const std::size_t upper = std::min<std::size_t>(
      static_cast<std::size_t>(std::upper_bound(hu.begin(), hu.end(), huValue) - hu.begin()), last);
  const double slope = (densityGPerCm3[upper] - densityGPerCm3[upper - 1]) / (hu[upper] - hu[upper - 1]);
  const double rho = densityGPerCm3[upper - 1] + slope * (huValue - hu[upper - 1]);
  return huValue > hu[last] ? std::min(rho, std::max(MAX_EXTRAPOLATED_DENSITY_G_PER_CM3, densityGPerCm3[last])) : rho;
}

CtDensityCurve loadCtDensityCurve(const std::filesystem::path& file) {
  CtDensityCurve curve;
  for (const auto& row : readCsv(file, 2)) {
    curve.hu.push_back(row[0]);
    curve.densityGPerCm3.push_back(row[1]);
  }
  auto bad = [&](const std::string& what) { return Error(ErrorCode::BadInput, file.string() + ": " + what); };
  if (curve.hu.size() < 2)
    throw bad("has " + std::to_string(curve.hu.size()) + " point; expected at least two (HU, g/cm3) points");
  for (std::size_t n = 0; n < curve.hu.size(); ++n) {
    const std::string point = "point " + std::to_string(n + 1) + " (" + std::to_string(curve.hu[n]) + " HU)";
    if (!(curve.densityGPerCm3[n] >= 0) || !std::isfinite(curve.densityGPerCm3[n]))
      throw bad(point + " has density " + std::to_string(curve.densityGPerCm3[n]) + "; expected 0 g/cm3 or more");
    if (n == 0) continue;
    if (!(curve.hu[n] > curve.hu[n - 1])) throw bad(point + ": HU not increasing; expected strictly increasing HU");
    if (curve.densityGPerCm3[n] < curve.densityGPerCm3[n - 1])
      throw bad(point + ": density decreases; expected density non-decreasing with HU");
  }
  return curve;
}

namespace {

/// Lower neighbour and upper weight of continuous index c on an axis of n voxels, clamped into
/// the span of centres (a single voxel: itself).
std::pair<std::int64_t, double> axisSample(double c, int n) {
  if (n == 1) return {0, 0.0};
  const double clamped = std::clamp(c, 0.0, n - 1.0);
  const std::int64_t lower = std::min<std::int64_t>(static_cast<std::int64_t>(clamped), n - 2);
  return {lower, clamped - static_cast<double>(lower)};
}

}  // namespace

core::Volume<float> densityOnGrid(const core::CtVolume& ct, const structure::Mask& body, const CtDensityCurve& curve,
                                  const core::VolumeGeometry& doseGrid, int threads) {
  assert(body.geometry().sameGridAs(ct.geometry()) && "BODY mask on the CT grid");
  core::Volume<float> rho(doseGrid, static_cast<float>(AIR_DENSITY_G_PER_CM3));
  const auto ctFromDose = ct.geometry().voxelFromPatient() * doseGrid.patientFromVoxel();
  const auto& n = ct.geometry().size();
  const auto& size = doseGrid.size();
  const std::size_t strideJ = static_cast<std::size_t>(n[0]), strideK = strideJ * n[1];
  const std::int16_t* hu = ct.values().data();
  const std::uint8_t* inside = body.values().data();
  // The sub-samples' offsets from the dose voxel's centre, in CT voxel units.
  std::array<core::Vector3<core::Voxel>, 8> offsets;
  for (int s = 0; s < 8; ++s)
    offsets[s] = ctFromDose(core::Vector3<core::Voxel>{(s & 1) ? 0.25 : -0.25, (s & 2) ? 0.25 : -0.25,
                                                       (s & 4) ? 0.25 : -0.25});
  const core::Vector3<core::Voxel> stepI = ctFromDose(core::Vector3<core::Voxel>{1, 0, 0});
  auto densityAt = [&](const core::Point3<core::Voxel>& c) {
    const std::int64_t i = std::llround(c.x), j = std::llround(c.y), k = std::llround(c.z);
    if (i < 0 || j < 0 || k < 0 || i >= n[0] || j >= n[1] || k >= n[2] || !inside[i + j * strideJ + k * strideK])
      return AIR_DENSITY_G_PER_CM3;
    // Trilinear in the CT, clamped into the span of centres: a BODY voxel at the scan's edge keeps its value.
    const auto [i0, fx] = axisSample(c.x, n[0]);
    const auto [j0, fy] = axisSample(c.y, n[1]);
    const auto [k0, fz] = axisSample(c.z, n[2]);
    const std::size_t di = n[0] > 1 ? 1 : 0, dj = n[1] > 1 ? strideJ : 0, dk = n[2] > 1 ? strideK : 0;
    const std::int16_t* v = hu + i0 + j0 * strideJ + k0 * strideK;
    // An init-capture: clang 14 (the fuzz build) cannot capture a structured binding.
    auto line = [v, di, wx = fx](std::size_t o) { return v[o] * (1 - wx) + v[o + di] * wx; };
    const double value = (line(0) * (1 - fy) + line(dj) * fy) * (1 - fz) + (line(dk) * (1 - fy) + line(dk + dj) * fy) * fz;
    return curve.densityAt(value);
  };
  core::parallelFor(static_cast<std::size_t>(size[2]), threads, [&](std::size_t kk) {
    const auto k = static_cast<std::int64_t>(kk);
    for (std::int64_t j = 0; j < size[1]; ++j) {
      const core::Point3<core::Voxel> rowStart =
          ctFromDose(core::Point3<core::Voxel>{0, static_cast<double>(j), static_cast<double>(k)});
      for (std::int64_t i = 0; i < size[0]; ++i) {
        const core::Point3<core::Voxel> centre = rowStart + stepI * static_cast<double>(i);
        double sum = 0;
        for (const auto& offset : offsets) sum += densityAt(centre + offset);
        rho.at({i, j, k}) = static_cast<float>(sum / 8);
      }
    }
  });
  return rho;
}

}  // namespace kerma::dose
