#ifndef KERMA_APP_QT_CONTOURING_TOOLS_H
#define KERMA_APP_QT_CONTOURING_TOOLS_H

#include "kerma/app/brush_tool_model.h"
#include "kerma/app/polygon_tool_model.h"
#include "kerma/app/region_grow_tool_model.h"
#include "kerma/app/structure_set_model.h"
#include "kerma/app/threshold_tool_model.h"

#include <QFuture>
#include <QObject>

#include <memory>

class QWidget;

namespace kerma::app {

class SliceInteraction;
enum class ContouringTool;

/// The contouring tools of a window on one structure set: the tool models (Qt-free), the mouse
/// interactions the slice views hand events to, and the commands that run them with a dialog or
/// off the GUI thread (region growing, interpolation, margin, boolean). Errors are shown in
/// dialogs over the window; progress in its status line (status()).
class ContouringTools : public QObject {
  Q_OBJECT

 public:
  /// structures (on ct) and window must outlive the tools.
  ContouringTools(StructureSetModel& structures, std::shared_ptr<const core::CtImage> ct, QWidget* window);
  ~ContouringTools() override;

  BrushToolModel& brush() { return brush_; }
  PolygonToolModel& polygon() { return polygon_; }
  ThresholdToolModel& threshold() { return threshold_; }
  RegionGrowToolModel& regionGrow() { return grow_; }

  /// Makes tool the current one (its mode set) and returns the interaction the views hand left
  /// clicks to; nullptr: navigation.
  SliceInteraction* select(ContouringTool tool);
  /// Starts region growing from the seed on a worker thread, with a busy cursor; the result
  /// becomes the preview. The future is finished when the preview is shown or an error dialog
  /// was raised.
  QFuture<void> startRegionGrowing();
  /// Fills the empty slices of the active structure (structure::interpolateSlices), as an edit.
  void interpolateActive();
  /// The Margin… and Boolean… dialogs, applied as one edit each.
  void openMarginDialog();
  void openBooleanDialog();

 signals:
  /// A line for the status line; empty clears it.
  void status(const QString& text);

 private:
  StructureSetModel& structures_;
  std::shared_ptr<const core::CtImage> ct_;
  QWidget* window_;
  BrushToolModel brush_;
  PolygonToolModel polygon_;
  ThresholdToolModel threshold_;
  RegionGrowToolModel grow_;
  std::unique_ptr<SliceInteraction> brushInteraction_, polygonInteraction_, seedInteraction_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_CONTOURING_TOOLS_H
