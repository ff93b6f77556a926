#ifndef KERMA_APP_QT_SLICE_INTERACTION_H
#define KERMA_APP_QT_SLICE_INTERACTION_H

#include "kerma/app/brush_tool_model.h"
#include "kerma/app/fusion_model.h"
#include "kerma/app/polygon_tool_model.h"
#include "kerma/app/region_grow_tool_model.h"
#include "kerma/app/slice_viewport.h"

#include <QObject>
#include <QPointF>

#include <functional>

class QKeyEvent;
class QMouseEvent;
class QPainter;
class QWidget;

namespace kerma::app {

/// A contouring tool's mouse handling in a slice view: turns left-button events, already mapped
/// to patient points in the view's plane, into calls on the tool's Qt-free model. Errors from the
/// model (kerma::Error) become a dialog. The view keeps its wheel, right-drag and keys.
class SliceInteraction {
 public:
  virtual ~SliceInteraction() = default;
  /// Left press at pMm in the view of orientation.
  virtual void press(QWidget* view, ViewOrientation orientation,
                     const core::Point3<core::Patient>& pMm, const QMouseEvent& event) = 0;
  /// Mouse move with the left button down.
  virtual void drag(const core::Point3<core::Patient>&) {}
  /// Left release.
  virtual void release() {}
  /// Double click: polygon tools close their polygon.
  virtual void doubleClick() {}
  /// Draws the tool's hint (brush outline, polygon so far) over the view; cursor in view pixels.
  virtual void paint(QPainter&, const SliceViewport&, const QPointF& /*cursor*/) const {}
  /// A key pressed in the view of orientation; true when the tool used it (the view then does not).
  virtual bool key(ViewOrientation, const QKeyEvent&) { return false; }
};

/// Brush and eraser (one model, its mode decides).
class BrushInteraction : public SliceInteraction {
 public:
  explicit BrushInteraction(BrushToolModel& model) : model_(model) {}
  void press(QWidget* view, ViewOrientation orientation, const core::Point3<core::Patient>& pMm,
             const QMouseEvent& event) override;
  void drag(const core::Point3<core::Patient>& pMm) override;
  void release() override;
  void paint(QPainter& painter, const SliceViewport& viewport, const QPointF& cursor) const override;

 private:
  BrushToolModel& model_;
};

/// Polygon (clicks) and freehand (drag) drawing: a click adds a vertex, dragging adds the path's
/// points, a double click closes and fills the polygon.
class PolygonInteraction : public SliceInteraction {
 public:
  explicit PolygonInteraction(PolygonToolModel& model) : model_(model) {}
  void press(QWidget* view, ViewOrientation orientation, const core::Point3<core::Patient>& pMm,
             const QMouseEvent& event) override;
  void drag(const core::Point3<core::Patient>& pMm) override;
  void doubleClick() override;
  void paint(QPainter& painter, const SliceViewport& viewport, const QPointF& cursor) const override;

 private:
  PolygonToolModel& model_;
  core::Vector3<core::Patient> normal_{0, 0, 1};
};

/// Region growing: a click sets the seed and asks for a run (which the main window starts off
/// the GUI thread).
class SeedInteraction : public SliceInteraction {
 public:
  SeedInteraction(RegionGrowToolModel& model, std::function<void()> grow)
      : model_(model), grow_(std::move(grow)) {}
  void press(QWidget* view, ViewOrientation orientation, const core::Point3<core::Patient>& pMm,
             const QMouseEvent& event) override;

 private:
  RegionGrowToolModel& model_;
  std::function<void()> grow_;
};

/// Fusion review by hand: a left drag moves the prior CT over the current one in the view's plane,
/// with Ctrl it turns it about the crosshair (about the view's normal); the arrow keys move it by
/// 1 mm along the screen's axes, [ and ] turn it by 0.5 degrees. moved() follows every change.
class FusionInteraction : public SliceInteraction {
 public:
  /// KEY_STEP_MM and KEY_STEP_DEGREES: what one key press moves.
  static constexpr double KEY_STEP_MM = 1, KEY_STEP_DEGREES = 0.5;
  FusionInteraction(FusionModel& model, std::function<core::Point3<core::Patient>()> pivot, std::function<void()> moved)
      : model_(model), pivot_(std::move(pivot)), moved_(std::move(moved)) {}
  void press(QWidget* view, ViewOrientation orientation, const core::Point3<core::Patient>& pMm,
             const QMouseEvent& event) override;
  void drag(const core::Point3<core::Patient>& pMm) override;
  bool key(ViewOrientation orientation, const QKeyEvent& event) override;

 private:
  FusionModel& model_;
  std::function<core::Point3<core::Patient>()> pivot_;
  std::function<void()> moved_;
  ViewOrientation orientation_ = ViewOrientation::Axial;
  core::Point3<core::Patient> last_;
  bool turning_ = false;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_SLICE_INTERACTION_H
