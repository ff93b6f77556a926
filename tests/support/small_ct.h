// A small synthetic patient for headless tests: 40 x 40 x 10 voxels of 1 x 1 x 3 mm, water
// (0 HU) with a 200 HU cube over i, j in [10, 20), k in [3, 7), and a structure "Cube" holding
// exactly that cube.
#ifndef KERMA_TESTS_SUPPORT_SMALL_CT_H
#define KERMA_TESTS_SUPPORT_SMALL_CT_H

#include "kerma/core/image_series.h"
#include "kerma/structure/structure.h"

#include <algorithm>
#include <memory>

namespace kerma::testing {

inline constexpr int CUBE_LO = 10, CUBE_HI = 20, CUBE_K_LO = 3, CUBE_K_HI = 7;

inline std::shared_ptr<const core::CtImage> smallCt() {
  const core::VolumeGeometry grid({40, 40, 10}, {-20, -20, -15}, {1, 1, 3});
  core::CtImage ct{{}, core::CtVolume(grid, 0)};
  for (int k = CUBE_K_LO; k < CUBE_K_HI; ++k)
    for (int j = CUBE_LO; j < CUBE_HI; ++j)
      for (int i = CUBE_LO; i < CUBE_HI; ++i) ct.hu.at({i, j, k}) = 200;
  return std::make_shared<const core::CtImage>(std::move(ct));
}

inline structure::Structure cubeStructure(const core::VolumeGeometry& grid) {
  structure::Mask mask(grid, 0);
  for (int k = CUBE_K_LO; k < CUBE_K_HI; ++k)
    for (int j = CUBE_LO; j < CUBE_HI; ++j)
      for (int i = CUBE_LO; i < CUBE_HI; ++i) mask.at({i, j, k}) = 1;
  return {"Cube", structure::RoiType::Organ, {255, 0, 0}, std::move(mask), {}};
}

inline std::size_t countSet(const structure::Mask& mask) {
  return std::size_t(std::count(mask.values().begin(), mask.values().end(), 1));
}

inline bool sameMask(const structure::Mask& a, const structure::Mask& b) {
  return std::equal(a.values().begin(), a.values().end(), b.values().begin(), b.values().end());
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_SUPPORT_SMALL_CT_H
