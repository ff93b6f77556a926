#ifndef KERMA_APP_QT_CONTOURING_SCRIPT_H
#define KERMA_APP_QT_CONTOURING_SCRIPT_H

#include <optional>

namespace kerma::app {

class MainWindow;

/// Scripted contouring for the kill tests (docs/validation/reliability.md, "No lost work"):
/// paints strokes brush strokes, one every STROKE_INTERVAL_MS, each into a new structure
/// "Stroke n" on the axial slice through the crosshair, through the brush tool's model as a
/// mouse does, so every stroke is a committed edit on the undo stack that the autosave sees.
/// Prints to stdout "kerma: stroke n: V voxels, edit E" after each, "kerma: autosaved edit E"
/// after each autosave, and after stroke saveAfter "kerma: saving to the patient store", then
/// (File → Save to patient store) "kerma: saved to the patient store" before it goes on.
void startContouringScript(MainWindow& window, int strokes, std::optional<int> saveAfter);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_CONTOURING_SCRIPT_H
