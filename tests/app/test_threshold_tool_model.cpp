#include "kerma/app/threshold_tool_model.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::smallModel;

TEST(ThresholdToolModel, PreviewShowsTheRangeAndApplyAddsIt) {
  StructureSetModel model = smallModel();
  const int target = model.addStructure({"Dense", structure::RoiType::Organ, {}}, nullptr, "Add");
  ThresholdToolModel threshold(model);
  threshold.setRange(300, 100);  // swapped into [100, 300]
  EXPECT_EQ(threshold.lowHu(), 100);
  threshold.updatePreview();
  ASSERT_NE(model.preview(), nullptr);
  EXPECT_EQ(countSet(*model.preview()), 400u);
  ASSERT_TRUE(threshold.apply());
  EXPECT_EQ(model.preview(), nullptr);
  EXPECT_EQ(countSet(model.structure(target).mask), 400u);
}

TEST(ThresholdToolModel, RegionLimitsTheResult) {
  StructureSetModel model = smallModel();
  structure::Mask half(model.grid(), 0);
  for (int k = 0; k < 10; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 15; ++i) half.at({i, j, k}) = 1;
  const int region = model.addStructure({"Half", structure::RoiType::Control, {}}, &half, "Add");
  model.addStructure({"Result", structure::RoiType::Organ, {}}, nullptr, "Add");
  ThresholdToolModel threshold(model);
  threshold.setRange(100, 300);
  threshold.setRegionIndex(region);
  ASSERT_TRUE(threshold.apply());
  // The cube's columns i = 10..14 only.
  EXPECT_EQ(countSet(model.structure(2).mask), 200u);
}

}  // namespace
}  // namespace kerma::app
