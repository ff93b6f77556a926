#ifndef KERMA_APP_QT_BEV_VIEW_H
#define KERMA_APP_QT_BEV_VIEW_H

#include "kerma/app/beam_field.h"
#include "kerma/app/beam_plan_model.h"
#include "kerma/core/image_series.h"

#include "background_task.h"

#include <QColor>
#include <QFutureWatcher>
#include <QImage>
#include <QPointF>
#include <QTransform>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace kerma::app {

/// What a beam's-eye image (its DRR and projections) depends on.
struct BevImageKey {
  double gantryDeg = 0, collimatorDeg = 0, couchDeg = 0;
  core::Point3<core::Patient> isocenterMm;
  core::PatientPosition position = core::PatientPosition::Hfs;
  std::uint64_t structureRevision = 0;
  friend bool operator==(const BevImageKey&, const BevImageKey&) = default;
  /// Whether a DRR of one key serves the other (the DRR does not depend on structures).
  bool sameBeamGeometry(const BevImageKey& other) const {
    return gantryDeg == other.gantryDeg && collimatorDeg == other.collimatorDeg && couchDeg == other.couchDeg &&
           isocenterMm == other.isocenterMm && position == other.position;
  }
};
/// A structure's shadow in the beam's-eye view, in its colour.
struct BevOutline {
  QColor colour;
  std::vector<beams::BevPolygon> polygons;
};
/// What the beam's-eye view shows under the leaves and jaws, computed on a worker thread.
struct BevImage {
  BevImageKey key;
  bool stopped = false;  ///< the DRR was stopped: nothing to show
  QImage drr;
  double drrFieldMm = 0;
  std::vector<BevOutline> outlines;
};

/// The beam's-eye view of the selected beam, as seen from the source (image right +Xb, up +Yb,
/// as beams::computeDrr and beams::projectStructure use): the DRR, the visible structures'
/// projections in their colours, the MLC leaves and the jaws (shaded where they block), and the
/// field outline (jaws ∩ MLC) in yellow. Left-drag on a leaf tip or a jaw edge moves it through
/// BeamPlanModel's field drag (clamped to the machine's limits, one undoable edit per drag).
/// The DRR and the projections are computed on a worker thread when the beam's geometry or the
/// structures change, with "computing DRR…" in the view meanwhile; the leaves and jaws are drawn
/// at once. The last complete image stays shown until the next one is complete: a DRR whose
/// geometry is no longer wanted (the beam moved again) or whose view is destroyed is stopped
/// between rows and dropped.
class BevView : public QWidget {
  Q_OBJECT

 public:
  BevView(BeamPlanModel& beams, const StructureSetModel& structures, std::shared_ptr<const core::CtImage> ct,
          QWidget* parent = nullptr);
  ~BevView() override;

  /// Re-reads the models: starts a DRR and projections if the selected beam's geometry changed
  /// (projections alone if only the structures did), repaints.
  void refresh();
  /// Whether a DRR or projection computation is running or waiting.
  bool busy() const;
  /// Where the isocentre-plane point p (BLD mm) is drawn, widget pixels.
  QPointF widgetFromBev(const beams::BevPointMm& p) const;
  beams::BevPointMm bevFromWidget(const QPointF& p) const;
  /// Side of the square of the isocentre plane the view shows, mm.
  double shownFieldMm() const { return shownFieldMm_; }

 signals:
  /// A DRR and the projections of the current geometry are shown.
  void imageReady();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void startComputation();
  void computationFinished();
  bool failedFor(const BevImageKey& key) const;
  QTransform bevToWidget() const;

  BeamPlanModel& beams_;
  const StructureSetModel& structures_;
  std::shared_ptr<const core::CtImage> ct_;
  int listenerId_ = 0;
  double shownFieldMm_ = 400;

  std::optional<BevImage> shown_;
  std::optional<BevImageKey> wanted_;
  QFutureWatcher<TaskOutcome<BevImage>> watcher_;
  BevImageKey running_;  ///< of the computation the watcher runs
  // The geometry whose DRR failed, and why: shown instead of an image until the beam changes.
  std::optional<std::pair<BevImageKey, QString>> failed_;
  std::shared_ptr<std::atomic<bool>> stopRunning_ = std::make_shared<std::atomic<bool>>(false);

  // Drag state.
  std::optional<LeafHit> draggedLeaf_;
  std::optional<beams::Jaw> draggedJaw_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_BEV_VIEW_H
