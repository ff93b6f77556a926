#include "kerma/structure/boolean.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::structure {
namespace {

TEST(Boolean, EachOperationCountsTheRightVoxels) {
  // Two 4-voxel runs overlapping in 2 voxels on a 10-voxel line.
  const core::VolumeGeometry grid({10, 1, 1}, {0, 0, 0}, {1, 1, 1});
  Mask a(grid, 0), b(grid, 0);
  for (int i = 2; i < 6; ++i) a.at({i, 0, 0}) = 1;
  for (int i = 4; i < 8; ++i) b.at({i, 0, 0}) = 1;
  auto count = [](const Mask& m) { return std::count(m.values().begin(), m.values().end(), 1); };
  EXPECT_EQ(count(combine(a, b, BooleanOperation::Union)), 6);
  EXPECT_EQ(count(combine(a, b, BooleanOperation::Intersection)), 2);
  EXPECT_EQ(count(combine(a, b, BooleanOperation::Subtraction)), 2);
  EXPECT_EQ(combine(a, b, BooleanOperation::Subtraction).at({3, 0, 0}), 1);
  EXPECT_EQ(count(combine(a, b, BooleanOperation::SymmetricDifference)), 4);
}

TEST(Boolean, RefusesMasksOnDifferentGrids) {
  const Mask a(core::VolumeGeometry({4, 4, 4}, {0, 0, 0}, {1, 1, 1}), 1);
  const Mask b(core::VolumeGeometry({4, 4, 4}, {0, 0, 1}, {1, 1, 1}), 1);
  EXPECT_THROW(combine(a, b, BooleanOperation::Union), Error);
}

}  // namespace
}  // namespace kerma::structure
