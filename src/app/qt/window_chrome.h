#ifndef KERMA_APP_QT_WINDOW_CHROME_H
#define KERMA_APP_QT_WINDOW_CHROME_H

// What a patient window has around its views: the View and Help menus, the undo and redo keys,
// the window preset box, the docks' placement.

#include "kerma/app/viewer_model.h"

#include <QComboBox>
#include <QKeySequence>
#include <QList>

#include <functional>

class QDockWidget;
class QMainWindow;

namespace kerma::app {

/// What the View menu does beyond the viewer model: redraw the views, go to the plan's
/// isocentre, centre on the active structure.
struct ViewMenuActions {
  std::function<void()> refreshViews, goToIsocentre, centreOnActiveStructure;
};

/// Adds View (zoom in and out about the axial view's middle, fit, link the views' zoom, go to
/// the isocentre, centre on the active structure) to window's menu bar.
void addViewMenu(QMainWindow& window, ViewerModel& model, const ViewMenuActions& actions);
/// Adds Help (mouse and keys, about) to window's menu bar.
void addHelpMenu(QMainWindow& window);

/// The platform's redo keys (Ctrl+Shift+Z on X11) and both that users of other systems press,
/// each once: a key bound twice is an "ambiguous shortcut" that does nothing.
QList<QKeySequence> redoShortcuts();

/// Adds dock on window's right as a tab beside the first dock already there (the views keep
/// their width). Returns that dock, or nullptr when dock is the first.
QDockWidget* addRightDockTab(QMainWindow& window, QDockWidget* dock);

/// The window presets of the tool bar ("Soft tissue (W 400 / L 40)"): a choice sets the viewer's
/// window; "Custom" while the window matches none (dragged by hand).
class WindowPresetBox : public QComboBox {
  Q_OBJECT
 public:
  explicit WindowPresetBox(QWidget* parent = nullptr);
  /// Shows the preset that windowLevel is, or "Custom".
  void showWindowLevel(const WindowLevel& windowLevel);

 signals:
  void presetChosen(const WindowLevel& windowLevel);
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_WINDOW_CHROME_H
