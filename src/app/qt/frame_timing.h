#ifndef KERMA_APP_QT_FRAME_TIMING_H
#define KERMA_APP_QT_FRAME_TIMING_H

// `kerma --timing`: what a slice change and a brush move cost, measured on frames that reached
// the screen, so that it agrees with ../shared/tools/frame-time.sh, which drives the real program
// with X events from outside.

#include <array>
#include <ostream>

namespace kerma::app {

class MainWindow;

/// framesShown() of the axial, sagittal and coronal views.
using ShownFrames = std::array<int, 3>;
ShownFrames shownFrames(const MainWindow& window);

/// Runs the event loop until every view has shown a frame after before (painted, and composed
/// by Qt into the window), without polling; false when that has not happened within timeoutMs
/// (a hidden window, a view that was never asked to repaint).
bool waitForShownFrames(const MainWindow& window, const ShownFrames& before, int timeoutMs);

/// Steps the axial view through the CT with wheel events sent to it, then paints a brush stroke
/// one move at a time, each time waiting until the three views have shown the result; prints wall
/// time to that frame and CPU time per change and per move to out. Each event is followed by a
/// pause (as between a user's wheel notches) so that what it starts after its frame counts with it:
/// a status-bar update makes Qt compose the whole window again. The window must be shown. Returns
/// false (after saying so on out) when a frame did not arrive.
bool measureFrameTimes(MainWindow& window, std::ostream& out);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_FRAME_TIMING_H
