#include "kerma/app/window_level.h"

#include "kerma/core/number_text.h"

#include <algorithm>
#include <array>

namespace kerma::app {

namespace {
// The pelvis window is a little wider than soft tissue so that fat and muscle stay apart while
// the bladder wall and rectum remain visible.
constexpr std::array<WindowPreset, 5> PRESETS = {{
    {"Soft tissue", {400, 40}},
    {"Bone", {1800, 400}},
    {"Lung", {1500, -600}},
    {"Pelvis", {500, 50}},
    {"Brain", {80, 40}},
}};

// Pixels of drag that change the window by its own width; see draggedWindowLevel.
constexpr double DRAG_PX_PER_WINDOW = 256;
}  // namespace

std::span<const WindowPreset> windowPresets() { return PRESETS; }

std::string windowLevelText(const WindowLevel& windowLevel) {
  return "W " + core::fixedText(windowLevel.windowHu, 0) + "  L " + core::fixedText(windowLevel.levelHu, 0);
}

double greyFraction(const WindowLevel& windowLevel, double huValue) {
  const double width = std::max(windowLevel.windowHu, MIN_WINDOW_HU);
  const double lowHu = windowLevel.levelHu - width / 2;
  return std::clamp((huValue - lowHu) / width, 0.0, 1.0);
}

WindowLevel draggedWindowLevel(const WindowLevel& start, double dxPx, double dyPx) {
  const double huPerPx = std::max(start.windowHu / DRAG_PX_PER_WINDOW, 1.0);
  return {std::max(start.windowHu + dxPx * huPerPx, MIN_WINDOW_HU), start.levelHu - dyPx * huPerPx};
}

}  // namespace kerma::app
