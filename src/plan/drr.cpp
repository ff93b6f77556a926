#include "kerma/plan/drr.h"

#include "kerma/core/parallel.h"
#include "kerma/core/voxel_ray_iterator.h"

#include <algorithm>

namespace kerma::plan {

DrrImage computeDrr(const core::CtVolume& ct, const dose::Beam& beam, double sadMm, const DrrOptions& options) {
  const core::VolumeGeometry& grid = ct.geometry();
  // Attenuation per voxel once, so that each ray step is one load and one multiply-add.
  std::vector<float> mu(ct.values().size());
  std::transform(ct.values().begin(), ct.values().end(), mu.begin(), [&](std::int16_t hu) {
    return float(options.muWaterPerMm * std::max(0.0, 1.0 + hu / 1000.0));
  });

  const int n = options.sizePx;
  DrrImage image;
  image.widthPx = image.heightPx = n;
  image.pixelSpacingAtIsocenterMm = options.fieldSizeMm / n;
  image.pixelSpacingAtImagerMm = image.pixelSpacingAtIsocenterMm * options.sidMm / sadMm;
  image.lineIntegral.assign(std::size_t(n) * n, 0.0f);

  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  const core::Point3<core::Patient> pSource = core::sourcePositionMm(patientFromBld, sadMm);
  const double pitch = image.pixelSpacingAtIsocenterMm, centre = 0.5 * (n - 1);
  const std::size_t nx = std::size_t(grid.size()[0]), nxy = nx * std::size_t(grid.size()[1]);
  core::parallelFor(std::size_t(n), options.threads, [&](std::size_t row) {
    const double yb = (centre - double(row)) * pitch;
    for (int column = 0; column < n; ++column) {
      const core::Point3<core::Patient> pPixel =
          patientFromBld(core::Point3<core::IecBeamLimitingDevice>{(column - centre) * pitch, yb, 0});
      core::VoxelRayIterator ray(grid, pSource, (pPixel - pSource).normalized());
      double sum = 0;
      while (const auto segment = ray.next())
        sum += mu[std::size_t(segment->ijk.i) + nx * std::size_t(segment->ijk.j) + nxy * std::size_t(segment->ijk.k)] *
               segment->lengthMm();
      image.lineIntegral[row * std::size_t(n) + std::size_t(column)] = float(sum);
    }
  });
  return image;
}

}  // namespace kerma::plan
