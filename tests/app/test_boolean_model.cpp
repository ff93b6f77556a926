#include "kerma/app/boolean_model.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::smallModel;

TEST(BooleanModel, OperationsIntoNewAndExistingStructures) {
  StructureSetModel model = smallModel();
  structure::Mask slab(model.grid(), 0);
  for (int j = 0; j < 40; ++j)
    for (int i = 0; i < 40; ++i) slab.at({i, j, 5}) = 1;
  model.addStructure({"Slab", structure::RoiType::Control, {}}, &slab, "Add");
  BooleanSettings settings{0, 1, structure::BooleanOperation::Intersection, std::nullopt, ""};
  EXPECT_EQ(booleanResultName(model, settings), "Cube&Slab");
  const int intersection = applyBoolean(model, settings);
  EXPECT_EQ(intersection, 2);
  EXPECT_EQ(countSet(model.structure(2).mask), 100u);
  settings.operation = structure::BooleanOperation::Union;
  settings.targetIndex = 2;
  EXPECT_EQ(applyBoolean(model, settings), 2);
  EXPECT_EQ(countSet(model.structure(2).mask), 400u + 1600u - 100u);
  settings.operation = structure::BooleanOperation::Subtraction;
  EXPECT_EQ(booleanResultName(model, settings), "Cube-Slab");
  settings.operation = structure::BooleanOperation::SymmetricDifference;
  applyBoolean(model, settings);
  EXPECT_EQ(countSet(model.structure(2).mask), 300u + 1500u);
}

}  // namespace
}  // namespace kerma::app
