#ifndef KERMA_APP_WINDOW_LEVEL_H
#define KERMA_APP_WINDOW_LEVEL_H

#include <span>
#include <string>
#include <string_view>

namespace kerma::app {

/// A CT display window: CT numbers in [levelHu - windowHu/2, levelHu + windowHu/2] map linearly
/// from black to white; below is black, above is white.
struct WindowLevel {
  double windowHu = 400;  ///< width of the grey ramp, HU; at least MIN_WINDOW_HU
  double levelHu = 40;    ///< centre of the grey ramp, HU
  friend bool operator==(const WindowLevel&, const WindowLevel&) = default;
};

/// Narrowest window the viewer allows, HU; a zero width would divide by zero in the grey ramp.
inline constexpr double MIN_WINDOW_HU = 1;

/// A named window for a clinical task, offered in the workstation's preset menu.
struct WindowPreset {
  std::string_view name;  ///< shown to the user, e.g. "Soft tissue"
  WindowLevel windowLevel;
};

/// The presets in menu order: soft tissue W400/L40, bone W1800/L400, lung W1500/L-600,
/// pelvis W500/L50, brain W80/L40. The first is the default.
std::span<const WindowPreset> windowPresets();

/// "W 400  L 40": the window as the views and the status line show it, whole HU.
std::string windowLevelText(const WindowLevel& windowLevel);

/// Grey value of huValue in the window: 0 (black) to 1 (white), clamped.
double greyFraction(const WindowLevel& windowLevel, double huValue);

/// The window after a mouse drag of (dxPx, dyPx) screen pixels (x right, y down) that started at
/// start: dragging right widens the window, dragging up raises the level. One pixel changes
/// either by start.windowHu / 256 HU (at least 1 HU), so the feel is the same in a narrow brain
/// window and a wide lung window. The width never falls below MIN_WINDOW_HU.
WindowLevel draggedWindowLevel(const WindowLevel& start, double dxPx, double dyPx);

}  // namespace kerma::app

#endif  // KERMA_APP_WINDOW_LEVEL_H
