#include "kerma/eval/gamma.h"

#include "kerma/core/parallel.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace kerma::eval {

namespace {

struct Offset {
  double x, y, z, distanceSquared;
};

/// Search lattice within radiusMm, by increasing distance (ties in a fixed order).
std::vector<Offset> searchOffsets(double stepMm, double radiusMm) {
  const int n = static_cast<int>(std::floor(radiusMm / stepMm));
  std::vector<Offset> out;
  for (int k = -n; k <= n; ++k)
    for (int j = -n; j <= n; ++j)
      for (int i = -n; i <= n; ++i) {
        const Offset o{i * stepMm, j * stepMm, k * stepMm,
                       stepMm * stepMm * (double(i) * i + double(j) * j + double(k) * k)};
        if (o.distanceSquared <= radiusMm * radiusMm) out.push_back(o);
      }
  std::stable_sort(out.begin(), out.end(),
                   [](const Offset& a, const Offset& b) { return a.distanceSquared < b.distanceSquared; });
  return out;
}

}  // namespace

GammaResult gammaIndex(const core::Volume<float>& reference, const core::Volume<float>& evaluated,
                       const GammaCriteria& criteria, int threads) {
  const core::VolumeGeometry& grid = reference.geometry();
  GammaResult result{core::Volume<float>(grid, -1.f)};
  float maxDose = 0;
  for (float v : reference.values()) maxDose = std::max(maxDose, v);
  if (maxDose <= 0) return result;
  const double doseTolerance = criteria.dosePercent / 100 * maxDose;
  const double threshold = criteria.thresholdPercent / 100 * maxDose;
  const double step = criteria.searchStepMm > 0 ? criteria.searchStepMm : criteria.dtaMm / 5;
  const std::vector<Offset> offsets = searchOffsets(step, criteria.gammaMax * criteria.dtaMm);
  const double gammaMaxSquared = criteria.gammaMax * criteria.gammaMax;
  const double dta2 = criteria.dtaMm * criteria.dtaMm;
  const auto& size = grid.size();

  core::parallelFor(static_cast<std::size_t>(size[2]), threads, [&](std::size_t kk) {
    const auto k = static_cast<std::int64_t>(kk);
    for (std::int64_t j = 0; j < size[1]; ++j)
      for (std::int64_t i = 0; i < size[0]; ++i) {
        const double dRef = reference.at({i, j, k});
        if (dRef < threshold) continue;
        const core::Point3<core::Patient> p = grid.patientPoint({i, j, k});
        auto gammaSquaredAt = [&](double x, double y, double z) -> std::optional<double> {
          const auto dEval = core::sampleTrilinear(evaluated, {p.x + x, p.y + y, p.z + z});
          if (!dEval) return std::nullopt;
          const double dd = (*dEval - dRef) / doseTolerance;
          return (x * x + y * y + z * z) / dta2 + dd * dd;
        };
        double best = gammaMaxSquared;
        Offset bestOffset{0, 0, 0, -1};
        for (const Offset& o : offsets) {
          if (o.distanceSquared / dta2 >= best) break;
          const auto g2 = gammaSquaredAt(o.x, o.y, o.z);
          if (g2 && *g2 < best) {
            best = *g2;
            bestOffset = o;
          }
        }
        // A failing voxel may pass between lattice points: search a 4× finer lattice around the
        // best point (γ only decreases, so passing voxels need no refinement).
        if (best > 1 && bestOffset.distanceSquared >= 0) {
          const double fine = step / 4;
          for (int c = -4; c <= 4; ++c)
            for (int b = -4; b <= 4; ++b)
              for (int a = -4; a <= 4; ++a)
                if (const auto g2 = gammaSquaredAt(bestOffset.x + a * fine, bestOffset.y + b * fine,
                                                   bestOffset.z + c * fine))
                  best = std::min(best, *g2);
        }
        result.gamma.at({i, j, k}) = static_cast<float>(std::sqrt(best));
      }
  });
  for (float g : result.gamma.values()) {
    if (g < 0) continue;
    ++result.evaluated;
    if (g <= 1) ++result.passed;
  }
  return result;
}

}  // namespace kerma::eval
