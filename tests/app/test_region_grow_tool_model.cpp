#include "kerma/app/region_grow_tool_model.h"

#include "kerma/core/error.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::smallModel;

TEST(RegionGrowToolModel, HuRangeFromTheCubeCentreFindsTheCube) {
  StructureSetModel model = smallModel();
  const int target = model.addStructure({"Grown", structure::RoiType::Organ, {}}, nullptr, "Add");
  RegionGrowToolModel grow(model);
  EXPECT_FALSE(grow.apply());  // nothing grown yet
  GrowSettings settings;
  settings.method = GrowMethod::HuRange;
  settings.lowHu = 100;
  settings.highHu = 300;
  grow.setSettings(settings);
  grow.setSeed({-5, -5, 0});
  ASSERT_TRUE(grow.hasSeed());
  grow.showResult(growRegion(model.ct().hu, grow.settings()));
  ASSERT_NE(model.preview(), nullptr);
  EXPECT_EQ(countSet(*model.preview()), 400u);
  ASSERT_TRUE(grow.apply());
  EXPECT_EQ(model.preview(), nullptr);
  EXPECT_EQ(countSet(model.structure(target).mask), 400u);
}

TEST(RegionGrowToolModel, SeedOutsideTheRangeIsRefused) {
  const StructureSetModel model = smallModel();
  GrowSettings settings;
  settings.method = GrowMethod::HuRange;
  settings.lowHu = 100;
  settings.highHu = 300;
  settings.seedMm = {15, 15, 0};  // water
  EXPECT_THROW(growRegion(model.ct().hu, settings), Error);
}

}  // namespace
}  // namespace kerma::app
