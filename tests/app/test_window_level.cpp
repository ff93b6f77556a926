#include "kerma/app/window_level.h"

#include <gtest/gtest.h>

#include <string_view>

namespace kerma::app {
namespace {

constexpr double EXACT = 1e-12;

TEST(WindowLevel, TextInWholeHu) {
  EXPECT_EQ(windowLevelText({400, 40}), "W 400  L 40");
  EXPECT_EQ(windowLevelText({1500, -600}), "W 1500  L -600");
  EXPECT_EQ(windowLevelText({80.4, 39.6}), "W 80  L 40");
}

TEST(WindowLevel, GreyRampRunsFromLowToHighEdgeOfWindow) {
  const WindowLevel softTissue{400, 40};
  EXPECT_NEAR(greyFraction(softTissue, -160), 0.0, EXACT);
  EXPECT_NEAR(greyFraction(softTissue, 40), 0.5, EXACT);
  EXPECT_NEAR(greyFraction(softTissue, 240), 1.0, EXACT);
  EXPECT_NEAR(greyFraction(softTissue, 140), 0.75, EXACT);
}

TEST(WindowLevel, GreyIsClampedOutsideWindow) {
  const WindowLevel bone{1800, 400};
  EXPECT_EQ(greyFraction(bone, -1000), 0.0);
  EXPECT_EQ(greyFraction(bone, 3000), 1.0);
}

TEST(WindowLevel, ZeroWidthWindowDoesNotDivideByZero) {
  EXPECT_EQ(greyFraction({0, 40}, 39), 0.0);
  EXPECT_EQ(greyFraction({0, 40}, 41), 1.0);
}

TEST(WindowLevel, DragRightWidensAndDragUpRaisesLevel) {
  // 400 HU window: 400 / 256 HU per pixel, so 256 px change the window by its own width.
  const WindowLevel dragged = draggedWindowLevel({400, 40}, 256, -128);
  EXPECT_NEAR(dragged.windowHu, 800, EXACT);
  EXPECT_NEAR(dragged.levelHu, 240, EXACT);
}

TEST(WindowLevel, NarrowWindowsStillMoveOneHuPerPixel) {
  const WindowLevel dragged = draggedWindowLevel({80, 40}, 10, 5);
  EXPECT_NEAR(dragged.windowHu, 90, EXACT);
  EXPECT_NEAR(dragged.levelHu, 35, EXACT);
}

TEST(WindowLevel, DragNeverMakesWindowNarrowerThanMinimum) {
  EXPECT_EQ(draggedWindowLevel({400, 40}, -10000, 0).windowHu, MIN_WINDOW_HU);
}

TEST(WindowLevel, PresetsAreTheClinicalOnes) {
  auto find = [](std::string_view name) {
    for (const WindowPreset& preset : windowPresets())
      if (preset.name == name) return preset.windowLevel;
    ADD_FAILURE() << "no preset " << name;
    return WindowLevel{};
  };
  EXPECT_EQ(find("Soft tissue"), (WindowLevel{400, 40}));
  EXPECT_EQ(find("Bone"), (WindowLevel{1800, 400}));
  EXPECT_EQ(find("Lung"), (WindowLevel{1500, -600}));
  EXPECT_EQ(find("Pelvis"), (WindowLevel{500, 50}));
  EXPECT_EQ(windowPresets().front().name, "Soft tissue");
}

}  // namespace
}  // namespace kerma::app
