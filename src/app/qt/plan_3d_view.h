#ifndef KERMA_APP_QT_PLAN_3D_VIEW_H
#define KERMA_APP_QT_PLAN_3D_VIEW_H

#include "vtk_gl_widget.h"

#include "kerma/app/beam_plan_model.h"

#include <QPointF>

#include <cstdint>
#include <memory>
#include <optional>

class vtkActor;
class vtkRenderer;

class QPainter;

namespace kerma::app {

class VtkCtImage;

/// The 3D view of the plan (VTK through VtkGlWidget): surfaces of the visible EXTERNAL
/// structure (translucent) and targets (PTV, CTV, GTV) in their colours, every beam's central
/// axis from the source through the isocentre and its divergent field edges (rays from the
/// source through the corners of the jaws ∩ MLC outline, and that outline at the isocentre
/// plane), the selected beam in yellow. Left-drag rotates, the wheel zooms. Surfaces are
/// rebuilt when the structures changed and the view is shown.
class Plan3dView : public VtkGlWidget {
  Q_OBJECT

 public:
  Plan3dView(BeamPlanModel& beams, const StructureSetModel& structures, std::shared_ptr<VtkCtImage> image,
             QWidget* parent = nullptr);
  ~Plan3dView() override;

  /// Re-reads beams and (when changed) structures and re-renders.
  void refresh();

 protected:
  void paintGL() override;
  void showEvent(QShowEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  void rebuildSurfaces();
  // The patient's axes as the camera shows them, with their letters, in the lower left corner.
  void paintOrientationMarker(QPainter& painter);
  void rebuildBeams();

  BeamPlanModel& beams_;
  const StructureSetModel& structures_;
  std::shared_ptr<VtkCtImage> image_;
  int listenerId_ = 0;
  std::optional<std::uint64_t> surfaceRevision_;
  bool cameraPlaced_ = false;
  QPointF lastMouse_;
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkActor> beamActor_;
  std::vector<vtkSmartPointer<vtkActor>> surfaceActors_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_PLAN_3D_VIEW_H
