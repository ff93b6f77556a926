#include "window_chrome.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

#include <algorithm>

namespace kerma::app {

void addViewMenu(QMainWindow& window, ViewerModel& model, const ViewMenuActions& actions) {
  QMenu* viewMenu = window.menuBar()->addMenu("&View");
  viewMenu->setObjectName("viewMenu");
  auto zoomBy = [&model, actions](double factor) {
    const SliceViewport axial = model.viewport(ViewOrientation::Axial);
    model.zoomAt(ViewOrientation::Axial, {axial.widthPx() / 2.0, axial.heightPx() / 2.0}, factor);
    actions.refreshViews();
  };
  viewMenu->addAction("Zoom &in", QKeySequence::ZoomIn, &window, [zoomBy] { zoomBy(ViewerModel::ZOOM_STEP); });
  viewMenu->addAction("Zoom &out", QKeySequence::ZoomOut, &window, [zoomBy] { zoomBy(1 / ViewerModel::ZOOM_STEP); });
  viewMenu->addAction("&Fit the whole CT", QKeySequence(Qt::CTRL | Qt::Key_0), &window, [&model, actions] {
    model.fitAll();
    actions.refreshViews();
  });
  QAction* link = viewMenu->addAction("&Link the zoom of the three views");
  link->setCheckable(true);
  link->setChecked(model.zoomLinked());
  QObject::connect(link, &QAction::toggled, &window, [&model, actions](bool linked) {
    model.setZoomLinked(linked);
    actions.refreshViews();
  });
  viewMenu->addSeparator();
  QAction* isocentre = viewMenu->addAction("Go to &isocentre", QKeySequence(Qt::CTRL | Qt::Key_I), &window,
                                           actions.goToIsocentre);
  isocentre->setObjectName("goToIsocentreAction");
  viewMenu->addAction("&Centre on the active structure", QKeySequence(Qt::CTRL | Qt::Key_E), &window,
                      actions.centreOnActiveStructure);
}

void addHelpMenu(QMainWindow& window) {
  QMenu* help = window.menuBar()->addMenu("&Help");
  help->addAction("&Mouse and keys", &window, [&window] {
    QMessageBox::information(
        &window, "Kerma: mouse and keys",
        "In the CT views:\n"
        "  wheel, Up/Down, Page Up/Down: next slice\n"
        "  Ctrl + wheel: zoom about the cursor;  + / -: zoom;  0 or Home: fit\n"
        "  middle drag (or Shift + left drag): pan\n"
        "  left drag: window/level, or the selected contouring tool\n"
        "  left click or right drag: crosshair\n\n"
        "Undo Ctrl+Z, redo Ctrl+Shift+Z or Ctrl+Y; Ctrl+I goes to the isocentre, Ctrl+E to the active structure.");
  });
  help->addAction("&About Kerma", &window, [&window] {
    QMessageBox::about(&window, "About Kerma",
                       "Kerma: a radiotherapy treatment-planning workstation for 3D-conformal photon work.\n\n"
                       "Licensed under the Apache License 2.0. Research software, not a certified medical device.");
  });
}

QList<QKeySequence> redoShortcuts() {
  QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Redo);
  for (const QKeySequence& key : {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)})
    if (!keys.contains(key)) keys << key;
  return keys;
}

QDockWidget* addRightDockTab(QMainWindow& window, QDockWidget* dock) {
  window.addDockWidget(Qt::RightDockWidgetArea, dock);
  for (QDockWidget* other : window.findChildren<QDockWidget*>())
    if (other != dock && window.dockWidgetArea(other) == Qt::RightDockWidgetArea) {
      window.tabifyDockWidget(other, dock);
      return other;
    }
  return nullptr;
}

WindowPresetBox::WindowPresetBox(QWidget* parent) : QComboBox(parent) {
  for (const WindowPreset& preset : windowPresets())
    addItem(QString("%1  (W %2 / L %3)")
                .arg(QString::fromUtf8(preset.name.data(), qsizetype(preset.name.size())))
                .arg(preset.windowLevel.windowHu)
                .arg(preset.windowLevel.levelHu));
  setPlaceholderText("Custom");
  connect(this, &QComboBox::activated, this, [this](int index) {
    const auto presets = windowPresets();
    if (index >= 0 && std::size_t(index) < presets.size()) emit presetChosen(presets[std::size_t(index)].windowLevel);
  });
}

void WindowPresetBox::showWindowLevel(const WindowLevel& windowLevel) {
  const auto presets = windowPresets();
  const auto preset = std::find_if(presets.begin(), presets.end(),
                                   [&](const WindowPreset& p) { return p.windowLevel == windowLevel; });
  setCurrentIndex(preset == presets.end() ? -1 : int(preset - presets.begin()));
}

}  // namespace kerma::app
