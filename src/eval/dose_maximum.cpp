#include "kerma/eval/dose_maximum.h"

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

}  // namespace kerma::eval
