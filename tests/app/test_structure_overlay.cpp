#include "kerma/app/structure_overlay.h"

#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using testing::smallModel;

constexpr std::uint32_t alphaOf(std::uint32_t argb) { return argb >> 24; }
constexpr std::uint32_t redOf(std::uint32_t argb) { return (argb >> 16) & 0xff; }

TEST(StructureOverlay, DisplayedSliceFollowsTheCrosshair) {
  const StructureSetModel model = smallModel();
  EXPECT_EQ(displayedSlice(model.grid(), ViewOrientation::Axial, {0, 0, 0}), (GridSlice{2, 5}));
  EXPECT_EQ(displayedSlice(model.grid(), ViewOrientation::Sagittal, {-5, 0, 0}), (GridSlice{0, 15}));
  EXPECT_EQ(displayedSlice(model.grid(), ViewOrientation::Coronal, {0, 100, 0}), (GridSlice{1, 39}));
}

TEST(StructureOverlay, OutlineOpaqueFillTranslucentOutsideClear) {
  StructureSetModel model = smallModel();
  const SliceOverlay axial = renderSliceOverlay(model, {2, 5}, OverlayStyle{});
  EXPECT_EQ(axial.width, 40);
  EXPECT_EQ(axial.height, 40);
  EXPECT_EQ(axial.at(10, 15), 0xffff0000u);  // boundary voxel of the red cube
  EXPECT_EQ(alphaOf(axial.at(15, 15)), 89u);  // 0.35 * 255, premultiplied red
  EXPECT_EQ(redOf(axial.at(15, 15)), 89u);
  EXPECT_EQ(axial.at(5, 5), 0u);
  // Sagittal: u runs along j, v along k.
  const SliceOverlay sagittal = renderSliceOverlay(model, {0, 15}, OverlayStyle{});
  EXPECT_EQ(sagittal.width, 40);
  EXPECT_EQ(sagittal.height, 10);
  EXPECT_EQ(sagittal.at(10, 3), 0xffff0000u);
  EXPECT_EQ(sagittal.at(15, 8), 0u);
  // Outline only leaves the interior clear; hidden structures vanish.
  EXPECT_EQ(renderSliceOverlay(model, {2, 5}, {false, true, 0.35}).at(15, 15), 0u);
  model.setVisible(0, false);
  EXPECT_EQ(renderSliceOverlay(model, {2, 5}, OverlayStyle{}).at(10, 15), 0u);
}

TEST(StructureOverlay, PreviewIsDrawnInItsOwnColour) {
  StructureSetModel model = smallModel();
  model.setVisible(0, false);
  model.setPreview(std::make_shared<const structure::Mask>(model.structure(0).mask));
  const SliceOverlay overlay = renderSliceOverlay(model, {2, 5}, OverlayStyle{});
  EXPECT_EQ(overlay.at(10, 15), 0xff000000u | (PREVIEW_COLOUR.r << 16) | (PREVIEW_COLOUR.g << 8) |
                                    PREVIEW_COLOUR.b);
}

}  // namespace
}  // namespace kerma::app
