#include "kerma/app/structure_edit.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

TEST(StructureEdit, PatchHoldsOnlyTheDifferingBox) {
  const core::VolumeGeometry grid({20, 20, 5}, {0, 0, 0}, {1, 1, 2});
  const structure::Mask before(grid, 0);
  structure::Mask after = before;
  after.at({3, 4, 1}) = 1;
  after.at({5, 4, 2}) = 1;
  const auto patch = maskPatch(7, before, after);
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->index, 7);
  EXPECT_EQ(patch->box, (structure::VoxelBox{{3, 4, 1}, {6, 5, 3}}));
  EXPECT_EQ(patch->before.size(), 6u);
  EXPECT_EQ(patch->after[0], 1);
  const StructureEdit edit{"test", {*patch, PropertyChange{}}};
  EXPECT_EQ(edit.undoBytes(), 12u);
  EXPECT_FALSE(maskPatch(0, before, before));
}

}  // namespace
}  // namespace kerma::app
