#ifndef KERMA_APP_QT_SLICE_VIEW_H
#define KERMA_APP_QT_SLICE_VIEW_H

#include "vtk_gl_widget.h"

#include "kerma/app/viewer_model.h"

#include <QPointF>
#include <QString>

#include <memory>
#include <optional>

class vtkImageProperty;
class vtkImageResliceMapper;
class vtkImageSlice;
class vtkRenderer;

namespace kerma::app {

class VtkCtImage;

/// One CT view (axial, sagittal or coronal) with its crosshair and annotations. Turns mouse
/// events into ViewerModel calls; draws what the model says: VTK draws the CT slice, QPainter
/// the crosshair and labels on top, so that moving the crosshair alone does not re-render the
/// slice. Interaction: wheel steps slices, left-drag changes window/level, a left click (or
/// right-drag) moves the crosshair.
class SliceView : public VtkGlWidget {
  Q_OBJECT

 public:
  /// model and image must outlive the view.
  SliceView(ViewOrientation orientation, ViewerModel& model, std::shared_ptr<VtkCtImage> image,
            QWidget* parent = nullptr);
  ~SliceView() override;

  ViewOrientation orientation() const { return orientation_; }
  /// Re-reads the model (plane, camera, window, crosshair, labels) and schedules a repaint.
  void refresh();

 signals:
  /// This view changed the shared model (slice, crosshair or window); the others must refresh.
  void modelChanged();
  /// Read-out of the voxel under the cursor, ViewerModel::probeText.
  void probed(const QString& text);

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void paintGL() override;

 private:
  // What the VTK scene depends on; when it is unchanged a repaint reuses VTK's last frame.
  struct SceneState {
    core::Point3<core::Patient> centreMm;
    double mmPerPixel = 0;
    int widthPx = 0, heightPx = 0;
    WindowLevel windowLevel;
    friend bool operator==(const SceneState&, const SceneState&) = default;
  };

  void updateCamera(const SliceViewport& viewport);
  void paintOverlay();
  void probeAt(const QPointF& position);

  ViewOrientation orientation_;
  ViewerModel& model_;
  std::shared_ptr<VtkCtImage> image_;

  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkImageResliceMapper> mapper_;
  vtkSmartPointer<vtkImageProperty> imageProperty_;
  vtkSmartPointer<vtkImageSlice> slice_;
  std::optional<SceneState> renderedScene_;

  // Left-button drag state: where it started and the window at that time.
  bool leftDown_ = false;
  bool dragging_ = false;
  QPointF pressPosition_;
  WindowLevel pressWindowLevel_;
  double wheelRemainder_ = 0;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_SLICE_VIEW_H
