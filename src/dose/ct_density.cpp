#include "kerma/dose/ct_density.h"

#include "csv_rows.h"

#include "kerma/core/error.h"
#include "kerma/core/parallel.h"

#include <algorithm>
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

core::Volume<float> densityOnGrid(const core::CtVolume& ct, const structure::Mask& body, const CtDensityCurve& curve,
                                  const core::VolumeGeometry& doseGrid, int threads) {
  assert(body.geometry().sameGridAs(ct.geometry()) && "BODY mask on the CT grid");
  core::Volume<float> rho(doseGrid, static_cast<float>(AIR_DENSITY_G_PER_CM3));
  const auto ctFromDose = ct.geometry().voxelFromPatient() * doseGrid.patientFromVoxel();
  const auto& ctSize = ct.geometry().size();
  const auto& size = doseGrid.size();
  auto inBody = [&](const core::Point3<core::Voxel>& c) {
    const core::VoxelIndex ijk{std::llround(c.x), std::llround(c.y), std::llround(c.z)};
    return body.geometry().contains(ijk) && body.at(ijk) != 0;
  };
  core::parallelFor(static_cast<std::size_t>(size[2]), threads, [&](std::size_t kk) {
    const auto k = static_cast<std::int64_t>(kk);
    for (std::int64_t j = 0; j < size[1]; ++j)
      for (std::int64_t i = 0; i < size[0]; ++i) {
        double sum = 0;
        for (int s = 0; s < 8; ++s) {
          const core::Point3<core::Voxel> sub{i + ((s & 1) ? 0.25 : -0.25), j + ((s & 2) ? 0.25 : -0.25),
                                              k + ((s & 4) ? 0.25 : -0.25)};
          const core::Point3<core::Voxel> c = ctFromDose(sub);
          std::optional<double> hu;
          if (inBody(c)) {
            // Clamped into the span of CT centres: a body voxel at the scan's edge keeps its value.
            const core::Point3<core::Voxel> inside{std::clamp(c.x, 0.0, ctSize[0] - 1.0),
                                                   std::clamp(c.y, 0.0, ctSize[1] - 1.0),
                                                   std::clamp(c.z, 0.0, ctSize[2] - 1.0)};
            hu = core::sampleTrilinear(ct, ct.geometry().patientFromVoxel()(inside));
          }
          sum += hu ? curve.densityAt(*hu) : AIR_DENSITY_G_PER_CM3;
        }
        rho.at({i, j, k}) = static_cast<float>(sum / 8);
      }
  });
  return rho;
}

}  // namespace kerma::dose
