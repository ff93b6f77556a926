#include "kerma/structure/segmentation.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace kerma::structure {
namespace {

using core::Point3;
using core::Patient;

// A 60 x 60 x 20 mm CT at 1 mm: air, a body cylinder (r = 25 mm, 40 HU) with an air pocket
// (r = 5 mm at its centre) and a bone rod (r = 4 mm, 700 HU at x = 12), and a couch slab below
// the body that does not touch it.
core::CtVolume syntheticCt() {
  const core::VolumeGeometry grid({60, 60, 20}, {-29.5, -29.5, 0}, {1, 1, 1});
  core::CtVolume ct(grid, std::int16_t(-1000));
  for (int k = 0; k < 20; ++k)
    for (int j = 0; j < 60; ++j)
      for (int i = 0; i < 60; ++i) {
        const auto p = grid.patientPoint({i, j, k});
        const double r = std::hypot(p.x, p.y);
        std::int16_t hu = -1000;
        if (r <= 25) hu = 40;
        if (r <= 5) hu = -1000;
        if (std::hypot(p.x - 12, p.y) <= 4) hu = 700;
        if (p.y > 27) hu = 200;  // couch, 2 mm below the body's surface
        ct.at({i, j, k}) = hu;
      }
  return ct;
}

std::size_t count(const Mask& m) { return std::count(m.values().begin(), m.values().end(), 1); }

TEST(Segmentation, ThresholdKeepsTheRangeInsideTheRegion) {
  const auto ct = syntheticCt();
  const Mask bone = thresholdMask(ct, 150, 3000);
  EXPECT_EQ(bone.at({42, 30, 5}), 1);  // x = 12.5: the rod
  EXPECT_EQ(bone.at({30, 58, 5}), 1);  // the couch is above 150 HU too
  Mask region(ct.geometry(), 0);
  for (int k = 0; k < 20; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 60; ++i) region.at({i, j, k}) = 1;
  const Mask boneInRegion = thresholdMask(ct, 150, 3000, &region);
  EXPECT_EQ(boneInRegion.at({42, 30, 5}), 1);
  EXPECT_EQ(boneInRegion.at({30, 58, 5}), 0);
}

TEST(Segmentation, BodyOutlineDropsTheCouchAndFillsInternalAir) {
  const auto ct = syntheticCt();
  const Mask body = bodyOutline(ct);
  EXPECT_EQ(body.at({30, 30, 10}), 1);  // the air pocket is inside the body
  EXPECT_EQ(body.at({30, 58, 10}), 0);  // the couch is not
  EXPECT_EQ(body.at({2, 2, 10}), 0);
  const double expectedCc = std::numbers::pi * 25 * 25 * 20 / 1000;
  EXPECT_NEAR(volumeCc(body), expectedCc, 0.02 * expectedCc);
}

TEST(Segmentation, ConnectedThresholdGrowsOnlyTheConnectedRegion) {
  const auto ct = syntheticCt();
  const Mask rod = growConnectedThreshold(ct, {12, 0, 10}, 150, 3000);
  EXPECT_EQ(rod.at({42, 30, 5}), 1);
  EXPECT_EQ(rod.at({30, 58, 5}), 0);  // the couch has bone-like HU but is not connected
  const double expectedCc = std::numbers::pi * 16 * 20 / 1000;
  EXPECT_NEAR(volumeCc(rod), expectedCc, 0.1 * expectedCc);
  EXPECT_THROW(growConnectedThreshold(ct, {0, 0, 10}, 150, 3000), Error);  // seed in air
  EXPECT_THROW(growConnectedThreshold(ct, {0, 0, 500}, -2000, 3000), Error);  // outside the CT
}

TEST(Segmentation, ConfidenceConnectedFindsTheSoftTissue) {
  const auto ct = syntheticCt();
  const Mask tissue = growConfidenceConnected(ct, {-15, 0, 10}, 2.5, 3, 1);
  EXPECT_EQ(tissue.at({15, 30, 10}), 1);  // x = -14.5, soft tissue
  EXPECT_EQ(tissue.at({42, 30, 10}), 0);  // bone rod
  EXPECT_EQ(tissue.at({30, 30, 10}), 0);  // air pocket
  EXPECT_GT(count(tissue), 20u * 1500u);
}

TEST(Segmentation, ShapeBasedInterpolationBlendsTwoDiscs) {
  const core::VolumeGeometry grid({80, 80, 5}, {-39.5, -39.5, 0}, {1, 1, 2});
  Mask m(grid, 0);
  for (int j = 0; j < 80; ++j)
    for (int i = 0; i < 80; ++i) {
      const auto p = grid.patientPoint({i, j, 0});
      const double r = std::hypot(p.x, p.y);
      if (r <= 10) m.at({i, j, 0}) = 1;
      if (r <= 20) m.at({i, j, 4}) = 1;
    }
  const Mask filled = interpolateSlices(m);
  auto sliceArea = [&](int k) {
    const auto s = filled.slice(k);
    return double(std::count(s.begin(), s.end(), 1));
  };
  EXPECT_EQ(sliceArea(0), std::count(m.slice(0).begin(), m.slice(0).end(), 1));
  EXPECT_NEAR(sliceArea(2), std::numbers::pi * 15 * 15, 0.05 * std::numbers::pi * 15 * 15);
  EXPECT_NEAR(sliceArea(1), std::numbers::pi * 12.5 * 12.5, 0.06 * std::numbers::pi * 12.5 * 12.5);
  EXPECT_GT(sliceArea(3), sliceArea(2));
}

}  // namespace
}  // namespace kerma::structure
