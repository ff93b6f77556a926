#include "kerma/phantom/rescan.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kerma::phantom {

namespace {

constexpr std::int16_t AIR_HU = -1000;

}  // namespace

core::CtVolume rescanned(const core::CtVolume& ct, const Rescan& rescan) {
  core::CtVolume result = core::resample(ct, rescan.grid, AIR_HU, rescan.newFromOld.inverse());
  if (rescan.noiseHu <= 0) return result;
  std::uint32_t state = rescan.noiseSeed;
  for (std::int16_t& hu : result.values()) {
    state = state * 1664525u + 1013904223u;  // Numerical Recipes' LCG: the same noise on every platform
    const double noise = (double(state >> 8) / double(1u << 24) - 0.5) * 2 * rescan.noiseHu;
    hu = std::int16_t(std::clamp(std::lround(hu + noise), long(std::numeric_limits<std::int16_t>::min()),
                                 long(std::numeric_limits<std::int16_t>::max())));
  }
  return result;
}

}  // namespace kerma::phantom
