#include "kerma/eval/dose_maximum.h"

#include "kerma/core/number_text.h"

namespace kerma::eval {

std::optional<DoseMaximum> doseMaximumWithin(const core::Volume<float>& doseGy, const structure::Mask& region) {
  const core::VolumeGeometry& grid = doseGy.geometry();
  std::optional<DoseMaximum> hottest;
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const double gy = doseGy.at({i, j, k});
        if (hottest && gy <= hottest->gy) continue;
        const auto centre = grid.patientPoint({i, j, k});
        if (structure::insideMask(region, centre)) hottest = DoseMaximum{gy, centre};
      }
  return hottest;
}

std::string describe(const DoseMaximum& maximum, double prescribedGy) {
  const auto& p = maximum.positionMm;
  return core::fixedText(maximum.gy, 2) + " Gy (" + core::fixedText(maximum.percentOf(prescribedGy), 1) + " % of " +
         core::shortestText(prescribedGy) + " Gy) at (" + core::fixedText(p.x, 1) + ", " + core::fixedText(p.y, 1) +
         ", " + core::fixedText(p.z, 1) + ") mm";
}

}  // namespace kerma::eval
