#include "kerma/app/margin_model.h"

#include "kerma/structure/boolean.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::sameMask;
using testing::smallModel;

TEST(MarginModel, NewStructureHoldsExactlyTheExpandedMask) {
  StructureSetModel model = smallModel();
  MarginSettings settings;
  settings.margin = structure::MarginMm::isotropic(3);
  EXPECT_EQ(marginResultName(model, settings), "Cube+3mm");
  const int index = applyMargin(model, settings);
  EXPECT_EQ(index, 1);
  EXPECT_EQ(model.structure(1).name, "Cube+3mm");
  EXPECT_EQ(model.activeIndex(), 1);
  EXPECT_TRUE(sameMask(model.structure(1).mask,
                       structure::expand(model.structure(0).mask, structure::MarginMm::isotropic(3))));
}

TEST(MarginModel, ContractWithinAndReplace) {
  StructureSetModel model = smallModel();
  structure::Mask left(model.grid(), 0);
  for (int k = 0; k < 10; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 15; ++i) left.at({i, j, k}) = 1;
  model.addStructure({"Left", structure::RoiType::Control, {}}, &left, "Add");
  MarginSettings settings;
  settings.margin = {1, 1, 1, 1, 0, 0};
  settings.direction = MarginDirection::Contract;
  settings.withinIndex = 1;
  settings.replaceIndex = 0;
  EXPECT_EQ(marginResultName(model, settings), "Cube-aniso");
  const structure::Mask expected = structure::combine(
      structure::contract(model.structure(0).mask, settings.margin), left,
      structure::BooleanOperation::Intersection);
  EXPECT_EQ(applyMargin(model, settings), 0);
  EXPECT_EQ(model.count(), 2);
  EXPECT_TRUE(sameMask(model.structure(0).mask, expected));
}

}  // namespace
}  // namespace kerma::app
