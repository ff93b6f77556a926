#ifndef KERMA_APP_QT_SLICE_INTERACTION_H
#define KERMA_APP_QT_SLICE_INTERACTION_H

#include "kerma/app/brush_tool_model.h"
#include "kerma/app/polygon_tool_model.h"
#include "kerma/app/region_grow_tool_model.h"
#include "kerma/app/slice_viewport.h"

#include <QObject>
#include <QPointF>

#include <functional>

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

}  // namespace kerma::app

#endif  // KERMA_APP_QT_SLICE_INTERACTION_H
