#include "kerma/app/margin_model.h"

#include "kerma/structure/boolean.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::sameMask;
using testing::smallModel;

TEST(MarginModel, NewStructureHoldsExactlyTheExpandedMask) {
  StructureSetModel model = smallModel();
  MarginSettings settings;
  settings.margin = structure::MarginMm::isotropic(3);
  EXPECT_EQ(marginResultName(model, settings), "Cube+3mm");
  const int index = applyMargin(model, settings).index;
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
  EXPECT_EQ(applyMargin(model, settings).index, 0);
  EXPECT_EQ(model.count(), 2);
  EXPECT_TRUE(sameMask(model.structure(0).mask, expected));
}

// The clinical case's CTV in the margin dialog's model: a GTV half in bone grown within bone keeps
// all of the GTV, is typed CTV, gets a colour of its own, and the user is told.
TEST(MarginModel, ExpandWithinKeepsTheSourceAndTypesTheResultByItsRole) {
  StructureSetModel model = smallModel();
  structure::Mask bone(model.grid(), 0);
  for (int k = 0; k < 10; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 15; i < 40; ++i) bone.at({i, j, k}) = 1;
  model.addStructure({"GTV", structure::RoiType::Gtv, {255, 0, 255}}, &model.structure(0).mask, "Add");
  model.addStructure({"Bone", structure::RoiType::Organ, {255, 255, 255}}, &bone, "Add");
  MarginSettings settings;
  settings.sourceIndex = 1;
  settings.margin = structure::MarginMm::isotropic(3);
  settings.withinIndex = 2;
  const AppliedMargin applied = applyMargin(model, settings);
  const structure::Structure& ctv = model.structure(applied.index);
  EXPECT_EQ(ctv.name, "GTV+3mm");
  EXPECT_EQ(ctv.type, structure::RoiType::Ctv);
  for (int other = 0; other < applied.index; ++other) EXPECT_NE(ctv.colour, model.structure(other).colour);
  EXPECT_TRUE(sameMask(ctv.mask, structure::expandWithin(model.structure(1).mask, settings.margin, bone)));
  EXPECT_EQ(countSet(structure::combine(model.structure(1).mask, ctv.mask, structure::BooleanOperation::Subtraction)), 0u);
  ASSERT_EQ(applied.notes.size(), 1u);
  EXPECT_NE(applied.notes[0].find("lie outside Bone and are kept in GTV+3mm"), std::string::npos) << applied.notes[0];

  // A CTV grown to a PTV; a name the user types decides the type.
  settings.sourceIndex = applied.index;
  settings.withinIndex.reset();
  EXPECT_EQ(marginResultType(model, settings), structure::RoiType::Ptv);
  settings.newName = "GTV_shell";
  EXPECT_EQ(marginResultType(model, settings), structure::RoiType::Gtv);
  settings.newName.clear();
  settings.direction = MarginDirection::Contract;
  EXPECT_EQ(marginResultType(model, settings), structure::RoiType::Ctv) << "a contraction keeps its source's type";
}

}  // namespace
}  // namespace kerma::app
