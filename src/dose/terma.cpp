#include "kerma/dose/terma.h"

#include "kerma/core/parallel.h"
#include "kerma/core/voxel_ray_iterator.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kerma::dose {

double TermaDepthTable::at(double depthMm) const {
  assert(!cm2PerG.empty() && "table built");
  const double u = std::max(0.0, depthMm / stepMm);
  const std::size_t n = static_cast<std::size_t>(u);
  if (n + 1 >= cm2PerG.size()) return cm2PerG.back();
  const double f = u - static_cast<double>(n);
  return (1 - f) * cm2PerG[n] + f * cm2PerG[n + 1];
}

TermaDepthTable termaDepthTable(const BeamModel& model, double maxDepthMm, double stepMm) {
  constexpr int SPLIT = 5;
  std::vector<double> psi, mu;  // energy-fluence weight and μ/ρ (cm²/g) per energy
  for (const SpectrumBin& bin : model.spectrum) {
    const double width = (bin.eHighMeV - bin.eLowMeV) / SPLIT;
    for (int s = 0; s < SPLIT; ++s) {
      const double E = bin.eLowMeV + (s + 0.5) * width;
      psi.push_back(bin.photonsPerMeV * width * E);
      mu.push_back(model.attenuation.muOverRhoCm2PerG(E));
    }
  }
  double total = 0;
  for (double p : psi) total += p;
  TermaDepthTable table;
  table.stepMm = stepMm;
  const std::size_t count = static_cast<std::size_t>(std::ceil(maxDepthMm / stepMm)) + 1;
  table.cm2PerG.resize(count);
  for (std::size_t n = 0; n < count; ++n) {
    const double depthCm = 0.1 * stepMm * static_cast<double>(n);  // g/cm² at 1 g/cm³
    double t = 0;
    for (std::size_t e = 0; e < psi.size(); ++e) t += psi[e] / total * mu[e] * std::exp(-mu[e] * depthCm);
    table.cm2PerG[n] = t;
  }
  return table;
}

core::Volume<float> computeTerma(const core::Volume<float>& rho, const BeamFrame& frame,
                                 const FluenceMap& fluence, const TermaDepthTable& table,
                                 double offAxisSofteningPerMm, int threads) {
  const core::VolumeGeometry& grid = rho.geometry();
  core::Volume<float> terma(grid, 0.f);
  const auto bldFromPatient = frame.patientFromBld.inverse();
  const core::Point3<core::Patient> pSource = core::sourcePositionMm(frame.patientFromBld, frame.sadMm);
  const auto& size = grid.size();
  const double voxelMm = std::cbrt(grid.spacingMm()[0] * grid.spacingMm()[1] * grid.spacingMm()[2]);
  // Patient and BLD coordinates are affine in the voxel index: step along i by constant vectors.
  const core::Vector3<core::Patient> stepI = grid.patientFromVoxel()(core::Vector3<core::Voxel>{1, 0, 0});
  const core::Vector3<core::IecBeamLimitingDevice> stepIBld = bldFromPatient(stepI);
  const float* density = rho.values().data();
  core::parallelFor(static_cast<std::size_t>(size[2]), threads, [&](std::size_t kk) {
    const auto k = static_cast<std::int64_t>(kk);
    for (std::int64_t j = 0; j < size[1]; ++j) {
      const core::Point3<core::Patient> rowStart = grid.patientPoint({0, j, k});
      const core::Point3<core::IecBeamLimitingDevice> rowStartBld = bldFromPatient(rowStart);
      for (std::int64_t i = 0; i < size[0]; ++i) {
        const double di = static_cast<double>(i);
        const core::Point3<core::Patient> p = rowStart + stepI * di;
        const core::Point3<core::IecBeamLimitingDevice> b = rowStartBld + stepIBld * di;
        const double axialMm = frame.sadMm - b.z;  // source to the voxel's plane along the axis
        if (axialMm <= 1) continue;
        const double toIso = frame.sadMm / axialMm;
        const double xIso = b.x * toIso, yIso = b.y * toIso;
        const double psi = fluence.meanOver(xIso, yIso, 0.5 * voxelMm * toIso);
        if (psi <= 0) continue;
        // Radiological depth of the voxel centre, walking from it back to the source.
        const core::Vector3<core::Patient> toSource = pSource - p;
        const double distanceMm = toSource.length();
        core::VoxelRayIterator ray(grid, p, toSource / distanceMm, distanceMm);
        double depthMm = 0;
        while (const auto segment = ray.next()) depthMm += density[grid.linearIndex(segment->ijk)] * segment->lengthMm();
        const double soften = 1 + offAxisSofteningPerMm * std::sqrt(xIso * xIso + yIso * yIso);
        terma.at({i, j, k}) = static_cast<float>(psi * toIso * toIso * soften * table.at(soften * depthMm));
      }
    }
  });
  return terma;
}

}  // namespace kerma::dose
