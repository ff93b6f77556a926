#ifndef KERMA_APP_QT_WINDOW_MENUS_H
#define KERMA_APP_QT_WINDOW_MENUS_H

#include "kerma/app/viewer_model.h"

#include <functional>

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

}  // namespace kerma::app

#endif  // KERMA_APP_QT_WINDOW_MENUS_H
