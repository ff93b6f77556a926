#include "kerma/app/polygon_tool_model.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::smallModel;

TEST(PolygonToolModel, ClosedSquareIsAddedThenCutOnItsSlice) {
  StructureSetModel model = smallModel();
  model.replaceMask(0, structure::Mask(model.grid(), 0), "Clear");
  PolygonToolModel polygon(model);
  const core::Vector3<core::Patient> normal{0, 0, 1};
  polygon.addVertex({-4, -4, 0}, normal);
  polygon.addVertex({4, -4, 0}, normal);
  EXPECT_FALSE(polygon.close());  // two vertices are no polygon
  polygon.addVertex({4, 4, 0}, normal);
  polygon.addVertex({-4, 4, 0}, normal);
  ASSERT_TRUE(polygon.close());
  EXPECT_TRUE(polygon.vertices().empty());
  EXPECT_EQ(countSet(model.structure(0).mask), 64u);  // centres -4..3 on both axes
  polygon.setMode(structure::PaintMode::Erase);
  for (const auto& p : {core::Point3<core::Patient>{-2, -2, 0}, {2, -2, 0}, {2, 2, 0}, {-2, 2, 0}})
    polygon.addVertex(p, normal);
  ASSERT_TRUE(polygon.close());
  EXPECT_EQ(countSet(model.structure(0).mask), 48u);
}

}  // namespace
}  // namespace kerma::app
