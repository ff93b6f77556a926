#include "kerma/plan/drr.h"

#include "kerma/core/parallel.h"
#include "kerma/core/voxel_ray_iterator.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace kerma::plan {

namespace {

/// Attenuation per voxel, 1/mm, on the smallest box of the CT holding every voxel with μ > 0:
/// rays gain nothing in air, so cropping it away changes no line integral.
struct AttenuationGrid {
  core::VolumeGeometry grid;
  std::vector<float> mu;
};

AttenuationGrid attenuationGrid(const core::CtVolume& ct, double muWaterPerMm, int threads) {
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
  std::array<int, 3> lo = size, hi = {-1, -1, -1};
  for (int k = 0; k < size[2]; ++k) {
    const std::array<int, 4>& box = sliceBoxes[std::size_t(k)];
    if (box[2] < 0) continue;
    lo = {std::min(lo[0], box[0]), std::min(lo[1], box[1]), std::min(lo[2], k)};
    hi = {std::max(hi[0], box[2]), std::max(hi[1], box[3]), std::max(hi[2], k)};
  }
  if (hi[0] < 0) lo = hi = {0, 0, 0};  // all air: a one-voxel grid of zero attenuation
  const std::array<int, 3> cropped = {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
  AttenuationGrid result{core::VolumeGeometry(cropped, ct.geometry().patientPoint({lo[0], lo[1], lo[2]}),
                                              ct.geometry().spacingMm(), ct.geometry().directionCosines()),
                         {}};
  result.mu.resize(result.grid.voxelCount());
  const std::size_t croppedSlice = std::size_t(cropped[0]) * std::size_t(cropped[1]);
  core::parallelFor(std::size_t(cropped[2]), threads, [&](std::size_t kk) {
    float* out = result.mu.data() + kk * croppedSlice;
    for (int j = lo[1]; j <= hi[1]; ++j) {
      const std::int16_t* row = &ct.at({lo[0], j, lo[2] + static_cast<int>(kk)});
      for (int i = 0; i < cropped[0]; ++i) *out++ = float(muWaterPerMm * std::max(0.0, 1.0 + row[i] / 1000.0));
    }
  });
  return result;
}

}  // namespace

DrrImage computeDrr(const core::CtVolume& ct, const dose::Beam& beam, double sadMm, const DrrOptions& options) {
  const AttenuationGrid attenuation = attenuationGrid(ct, options.muWaterPerMm, options.threads);
  const core::VolumeGeometry& grid = attenuation.grid;
  const std::vector<float>& mu = attenuation.mu;

  const int n = options.sizePx;
  DrrImage image;
  image.widthPx = image.heightPx = n;
  image.pixelSpacingAtIsocenterMm = options.fieldSizeMm / n;
  image.pixelSpacingAtImagerMm = image.pixelSpacingAtIsocenterMm * options.sidMm / sadMm;
  image.lineIntegral.assign(std::size_t(n) * n, 0.0f);

  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  const core::Point3<core::Patient> pSource = core::sourcePositionMm(patientFromBld, sadMm);
  const std::size_t nx = std::size_t(grid.size()[0]), nxy = nx * std::size_t(grid.size()[1]);
  core::parallelFor(std::size_t(n), options.threads, [&](std::size_t row) {
    for (int column = 0; column < n; ++column) {
      const BevPointMm pPlane = image.isocenterPlanePointMm(column, int(row));
      const core::Point3<core::Patient> pPixel =
          patientFromBld(core::Point3<core::IecBeamLimitingDevice>{pPlane.x, pPlane.y, 0});
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
