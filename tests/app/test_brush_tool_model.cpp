#include "kerma/app/brush_tool_model.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::smallModel;

const core::Vector3<core::Patient> AXIAL_NORMAL{0, 0, 1};

TEST(BrushToolModel, ClickPaintsOneDiskOnTheAxialSlice) {
  StructureSetModel model = smallModel();
  model.replaceMask(0, structure::Mask(model.grid(), 0), "Clear");
  BrushToolModel brush(model);
  brush.setRadiusMm(2);
  ASSERT_TRUE(brush.press({0, 0, 0}, AXIAL_NORMAL));
  EXPECT_TRUE(brush.stroking());
  brush.release();
  // Lattice points within radius 2: 13, all on slice k = 5.
  EXPECT_EQ(countSet(model.structure(0).mask), 13u);
  EXPECT_EQ(model.structure(0).mask.at({20, 20, 5}), 1);
}

TEST(BrushToolModel, DragLeavesNoGapsAndEraserRemovesTheStroke) {
  StructureSetModel model = smallModel();
  model.replaceMask(0, structure::Mask(model.grid(), 0), "Clear");
  BrushToolModel brush(model);
  brush.setRadiusMm(1);
  brush.press({-10, 0, 0}, AXIAL_NORMAL);
  brush.drag({10, 0, 0});
  brush.release();
  for (int i = 10; i <= 30; ++i) EXPECT_EQ(model.structure(0).mask.at({i, 20, 5}), 1) << i;
  brush.setMode(structure::PaintMode::Erase);
  brush.setRadiusMm(3);
  brush.press({-10, 0, 0}, AXIAL_NORMAL);
  brush.drag({10, 0, 0});
  brush.release();
  EXPECT_EQ(countSet(model.structure(0).mask), 0u);
}

TEST(BrushToolModel, SagittalStrokePaintsThePlaneOfConstantI) {
  StructureSetModel model = smallModel();
  model.replaceMask(0, structure::Mask(model.grid(), 0), "Clear");
  BrushToolModel brush(model);
  brush.setRadiusMm(3);
  brush.press({0, 0, 0}, {1, 0, 0});
  brush.release();
  // j within 3 mm, k within one 3 mm slice: 7 + 1 + 1 voxels, all at i = 20.
  EXPECT_EQ(countSet(model.structure(0).mask), 9u);
  EXPECT_EQ(model.structure(0).mask.at({20, 20, 6}), 1);
}

TEST(BrushToolModel, RadiusIsClampedAndNothingHappensOffTheCt) {
  StructureSetModel model = smallModel();
  BrushToolModel brush(model);
  brush.setRadiusMm(1000);
  EXPECT_EQ(brush.radiusMm(), BrushToolModel::MAX_RADIUS_MM);
  brush.setRadiusMm(0);
  EXPECT_EQ(brush.radiusMm(), BrushToolModel::MIN_RADIUS_MM);
  EXPECT_FALSE(brush.press({0, 0, 500}, AXIAL_NORMAL));
  EXPECT_FALSE(brush.stroking());
}

}  // namespace
}  // namespace kerma::app
