#include "kerma/eval/isodose.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kerma::eval {

structure::Rgb washColour(double t) {
  t = std::clamp(t, 0.0, 1.0);
  // Piecewise linear through blue, cyan, green, yellow, red.
  static constexpr std::array<structure::Rgb, 5> stops{{{0, 0, 255}, {0, 255, 255}, {0, 255, 0}, {255, 255, 0}, {255, 0, 0}}};
  const double x = t * 4;
  const int n = std::min(3, int(x));
  const double f = x - n;
  auto mix = [&](std::uint8_t p, std::uint8_t q) { return std::uint8_t(std::lround(p + (q - p) * f)); };
  return {mix(stops[n].r, stops[n + 1].r), mix(stops[n].g, stops[n + 1].g), mix(stops[n].b, stops[n + 1].b)};
}

structure::Mask isodoseMask(const DoseDistribution& dose, double levelGy, const core::VolumeGeometry& grid) {
  structure::Mask mask(grid, 0);
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i)
        if (const auto gy = sampleDoseGy(dose, grid.patientPoint({i, j, k})); gy && *gy >= levelGy) mask.at({i, j, k}) = 1;
  return mask;
}

structure::Rgb isodoseColour(double percent) {
  return washColour((percent - DEFAULT_WASH_FROM_PERCENT) / (DEFAULT_WASH_TO_PERCENT - DEFAULT_WASH_FROM_PERCENT));
}

}  // namespace kerma::eval
