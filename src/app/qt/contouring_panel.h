#ifndef KERMA_APP_QT_CONTOURING_PANEL_H
#define KERMA_APP_QT_CONTOURING_PANEL_H

#include "kerma/app/brush_tool_model.h"
#include "kerma/app/region_grow_tool_model.h"
#include "kerma/app/structure_overlay.h"
#include "kerma/app/threshold_tool_model.h"

#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace kerma::app {

/// What a left click in a view does.
enum class ContouringTool { Navigate, Brush, Eraser, Polygon, PolygonCut, RegionGrow };

/// The contouring tools' settings: the tool buttons, brush size, the threshold tool (range,
/// optional region, live preview, apply), region growing (method, range or multiplier, apply),
/// the commands (interpolate, margin, boolean) and the display style. Each control is bound to
/// its Qt-free model; the panel holds no state of its own.
class ContouringPanel : public QWidget {
  Q_OBJECT

 public:
  ContouringPanel(StructureSetModel& structures, BrushToolModel& brush,
                  ThresholdToolModel& threshold, RegionGrowToolModel& grow,
                  QWidget* parent = nullptr);

  /// Re-reads the structure names into the region menus and the brush radius from its model.
  void refresh();
  /// Selects tool as if its button was clicked.
  void selectTool(ContouringTool tool);

 signals:
  void toolSelected(ContouringTool tool);
  void overlayStyleChanged(const OverlayStyle& style);
  void interpolateRequested();
  void marginRequested();
  void booleanRequested();
  /// The region growing settings changed and a seed is set: run again.
  void regrowRequested();

 private:
  void updateThresholdPreview();
  void readGrowSettings();

  StructureSetModel& structures_;
  BrushToolModel& brush_;
  ThresholdToolModel& threshold_;
  RegionGrowToolModel& grow_;
  QButtonGroup* tools_ = nullptr;
  QDoubleSpinBox* brushRadius_ = nullptr;
  QComboBox* thresholdRegion_ = nullptr;
  QCheckBox* thresholdPreview_ = nullptr;
  QDoubleSpinBox* thresholdLow_ = nullptr;
  QDoubleSpinBox* thresholdHigh_ = nullptr;
  QComboBox* growMethod_ = nullptr;
  QDoubleSpinBox* growLow_ = nullptr;
  QDoubleSpinBox* growHigh_ = nullptr;
  QDoubleSpinBox* growMultiplier_ = nullptr;
  QCheckBox* fill_ = nullptr;
  QCheckBox* outline_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_CONTOURING_PANEL_H
