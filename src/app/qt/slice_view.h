#ifndef KERMA_APP_QT_SLICE_VIEW_H
#define KERMA_APP_QT_SLICE_VIEW_H

#include "vtk_gl_widget.h"

#include "kerma/app/beam_plan_model.h"
#include "kerma/app/dose_wash.h"
#include "kerma/app/fusion_model.h"
#include "kerma/app/structure_overlay.h"
#include "kerma/app/viewer_model.h"

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <optional>

class vtkImageProperty;
class vtkImageResliceMapper;
class vtkImageSlice;
class vtkRenderer;

namespace kerma::app {

class SliceInteraction;
class VtkCtImage;

/// One CT view (axial, sagittal or coronal) with its crosshair, structures and annotations.
/// Turns mouse events into ViewerModel calls, or into a contouring tool's calls while one is
/// set; draws what the models say: VTK draws the CT slice, QPainter the structures (an image of
/// the displayed grid slice, renderSliceOverlay, rebuilt only when the structures or the slice
/// changed), the crosshair and labels on top, so that neither moving the crosshair nor painting
/// re-renders the CT. Interaction: wheel steps slices, left-drag changes window/level (or
/// drives the tool), a left click (or right-drag) moves the crosshair; Ctrl + wheel zooms about
/// the cursor, + and - zoom, 0 or Home fits, a middle (or Shift + left) drag pans.
class SliceView : public VtkGlWidget {
  Q_OBJECT

 public:
  /// model and image must outlive the view.
  SliceView(ViewOrientation orientation, ViewerModel& model, const StructureSetModel& structures,
            std::shared_ptr<VtkCtImage> image, QWidget* parent = nullptr);
  ~SliceView() override;

  ViewOrientation orientation() const { return orientation_; }
  /// Re-reads the model (plane, camera, window, crosshair, labels) and schedules a repaint.
  void refresh();
  /// The tool that left-button events go to; nullptr: navigation (window/level, crosshair).
  /// The interaction must outlive its use here.
  void setInteraction(SliceInteraction* interaction);
  void setOverlayStyle(const OverlayStyle& style);
  /// The dose drawn under the structures (colour wash, isodose lines and their legend) and read
  /// out under the cursor; nullptr removes it. The dose must be on this CT's patient.
  void setDose(std::shared_ptr<const eval::DoseDistribution> dose, const DoseWashStyle& style);
  /// The dose drawn, nullptr for none.
  const eval::DoseDistribution* shownDose() const { return dose_.get(); }
  /// The beams drawn over the slice (field edges where the divergent field cuts the plane,
  /// central axis); nullptr: none. The model must outlive its use here.
  void setBeams(const BeamPlanModel* beams);
  /// The prior CT of a fusion review drawn over the CT as its display says (under the dose and the
  /// structures); nullptr: none. The model must outlive its use here; call update() after it changed.
  void setFusion(const FusionModel* fusion);
  /// The dose's global maximum, marked where it lies in the shown slice; nullopt: no mark.
  void setGlobalMaximum(const std::optional<core::Point3<core::Patient>>& pointMm);
  /// Where the isodose legend was last painted, logical pixels; nullopt when it was not (no
  /// isodose lines, or a view too narrow for it beside the window label).
  std::optional<QRectF> doseLegendRect() const { return doseLegendRect_; }

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
  void mouseDoubleClickEvent(QMouseEvent* event) override;
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
  void paintStructures(QPainter& painter, const SliceViewport& viewport);
  void paintFusion(QPainter& painter, const SliceViewport& viewport);
  void paintDose(QPainter& painter, const SliceViewport& viewport);
  void paintDoseLegend(QPainter& painter);
  // The bands the labels take along the edges, which the fitted image leaves free.
  ViewInsets labelInsets() const;
  // Maps pixel (u, v) of an image of a grid slice, one pixel per voxel, onto the view.
  QTransform sliceTransform(const SliceViewport& viewport, const GridSlice& slice, int uAxis, int vAxis) const;
  void paintBeams(QPainter& painter, const SliceViewport& viewport);
  void paintGlobalMaximum(QPainter& painter, const SliceViewport& viewport);
  // Half the CT's largest spacing: a point within it of the view plane lies in the shown slice.
  double halfSliceThicknessMm() const;
  void probeAt(const QPointF& position);
  // Up/Down step one slice, Page Up/Down ten.
  void stepSliceByKey(QKeyEvent* event);

  ViewOrientation orientation_;
  ViewerModel& model_;
  const StructureSetModel& structures_;
  std::shared_ptr<VtkCtImage> image_;
  SliceInteraction* interaction_ = nullptr;
  const BeamPlanModel* beams_ = nullptr;
  std::optional<core::Point3<core::Patient>> globalMaximumMm_;
  std::optional<QRectF> doseLegendRect_;
  bool toolDown_ = false;
  QPointF cursor_;

  // The structures of the displayed slice as an image, and what it was built from.
  struct OverlayKey {
    std::uint64_t revision = 0;
    GridSlice slice;
    OverlayStyle style;
    friend bool operator==(const OverlayKey&, const OverlayKey&) = default;
  };
  OverlayStyle overlayStyle_;
  std::optional<OverlayKey> overlayKey_;
  QImage overlayImage_;
  int overlayUAxis_ = 0, overlayVAxis_ = 1;

  // The dose and its wash of the displayed slice, rebuilt when the dose, style or slice changed.
  struct DoseKey {
    const eval::DoseDistribution* dose = nullptr;
    GridSlice slice;
    DoseWashStyle style;
    friend bool operator==(const DoseKey&, const DoseKey&) = default;
  };
  std::shared_ptr<const eval::DoseDistribution> dose_;
  DoseWashStyle doseStyle_;
  std::optional<DoseKey> doseKey_;
  QImage doseImage_;
  std::vector<IsodoseLine> isodoses_;
  int doseUAxis_ = 0, doseVAxis_ = 1;

  // The prior CT on the displayed slice, rebuilt when the map, the slice, the window or the
  // checkerboard changed.
  struct FusionKey {
    std::uint64_t revision = 0;
    GridSlice slice;
    WindowLevel window;
    FusionMode mode = FusionMode::Blend;
    double checkerMm = 0;
    friend bool operator==(const FusionKey&, const FusionKey&) = default;
  };
  const FusionModel* fusion_ = nullptr;
  std::optional<FusionKey> fusionKey_;
  QImage fusionImage_;
  int fusionUAxis_ = 0, fusionVAxis_ = 1;

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
  // Where the last move of a pan drag was; nullopt when not panning.
  std::optional<QPointF> panFrom_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_SLICE_VIEW_H
