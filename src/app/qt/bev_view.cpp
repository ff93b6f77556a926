#include "bev_view.h"

#include "kerma/app/viewer_model.h"
#include "kerma/beams/beams_eye_view.h"
#include "kerma/beams/drr.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace kerma::app {

namespace {
constexpr int DRR_SIZE_PX = 512;
constexpr double DRR_FIELD_MM = 400;
// Structures are drawn, not planned with, from their projections: 1 mm is below a screen pixel
// at the usual zoom and 16 times cheaper than beams::BEV_RASTER_SPACING_MM.
constexpr double OUTLINE_SPACING_MM = 1.0;
// The view shows the jaw opening plus this much on every side, within these bounds.
constexpr double VIEW_MARGIN_MM = 40, MIN_VIEW_FIELD_MM = 120, MAX_VIEW_FIELD_MM = 400;
constexpr double GRAB_TOLERANCE_PX = 5;
// Length of the scale bar, mm at the isocentre plane.
constexpr double SCALE_BAR_MM = 50;
const QColor LEAF_COLOUR(70, 110, 200, 110), LEAF_EDGE(150, 180, 255, 200), JAW_COLOUR(40, 40, 40, 80);
const QColor FIELD_COLOUR(255, 230, 0);

QColor qColour(const structure::Rgb& c) { return QColor(c.r, c.g, c.b); }
}  // namespace

BevView::BevView(BeamPlanModel& beams, const StructureSetModel& structures, std::shared_ptr<const core::CtImage> ct,
                 QWidget* parent)
    : QWidget(parent), beams_(beams), structures_(structures), ct_(std::move(ct)) {
  setObjectName("bevView");
  setMinimumSize(200, 200);
  setMouseTracking(true);
  setAutoFillBackground(false);
  connect(&watcher_, &QFutureWatcher<TaskOutcome<BevImage>>::finished, this, &BevView::computationFinished);
  listenerId_ = beams_.addListener([this](BeamChange) { refresh(); });
}

BevView::~BevView() {
  beams_.removeListener(listenerId_);
  *stopRunning_ = true;
  watcher_.waitForFinished();
}

bool BevView::busy() const {
  return watcher_.isRunning() || (wanted_ && (!shown_ || shown_->key != *wanted_) && !failedFor(*wanted_));
}

bool BevView::failedFor(const BevImageKey& key) const { return failed_ && failed_->first == key; }

void BevView::refresh() {
  const auto selected = beams_.selectedIndex();
  if (!selected) {
    wanted_.reset();
    update();
    return;
  }
  const dose::Beam& beam = beams_.beam(*selected);
  const BevImageKey key{beam.gantryAngleDeg, beam.collimatorAngleDeg, beam.couchAngleDeg, beam.isocenterMm,
                        beam.patientPosition, structures_.revision()};
  if (!wanted_ || !(*wanted_ == key)) {
    if (!wanted_ || !wanted_->sameBeamGeometry(key)) {
      // A new beam or geometry: fit the view to its jaws (not while they are dragged).
      const dose::JawsMm& j = beam.jawsMm;
      const double half = std::max({std::abs(j.x1), std::abs(j.x2), std::abs(j.y1), std::abs(j.y2)}) + VIEW_MARGIN_MM;
      shownFieldMm_ = std::clamp(2 * half, MIN_VIEW_FIELD_MM, MAX_VIEW_FIELD_MM);
    }
    wanted_ = key;
    if (!watcher_.isRunning())
      startComputation();
    else if (!running_.sameBeamGeometry(key))
      *stopRunning_ = true;  // the wanted one starts when it has stopped
  }
  update();
}

void BevView::startComputation() {
  const auto selected = beams_.selectedIndex();
  if (!selected || !wanted_) return;
  const dose::Beam beam = beams_.beam(*selected);
  const double sad = beams_.machine().sadMm;
  // Copies, so that the worker sees a consistent state while edits go on.
  auto visible = std::make_shared<std::vector<structure::Structure>>();
  for (int n = 0; n < structures_.count(); ++n)
    if (structures_.visible(n)) visible->push_back(structureWithContours(structures_, n));
  const BevImageKey key = *wanted_;
  // After a structure edit only the projections are new.
  std::optional<QImage> drrShown;
  if (shown_ && shown_->key.sameBeamGeometry(key)) drrShown = shown_->drr;
  running_ = key;
  stopRunning_ = std::make_shared<std::atomic<bool>>(false);
  watcher_.setFuture(startTask([ct = ct_, beam, sad, visible, key, drrShown, stop = stopRunning_]() {
    BevImage computed;
    computed.key = key;
    computed.drrFieldMm = DRR_FIELD_MM;
    if (drrShown) {
      computed.drr = *drrShown;
    } else {
      beams::DrrOptions options;
      options.sizePx = DRR_SIZE_PX;
      options.fieldSizeMm = DRR_FIELD_MM;
      options.keepGoing = [stop] { return !*stop; };
      const std::optional<beams::DrrImage> result = beams::computeDrr(ct->hu, beam, sad, options);
      if (!result) {
        computed.stopped = true;
        return computed;
      }
      const beams::DrrImage& drr = *result;
      const std::vector<std::uint8_t> grey = beams::drrGreyLevels(drr);
      QImage image(drr.widthPx, drr.heightPx, QImage::Format_Grayscale8);
      for (int row = 0; row < drr.heightPx; ++row)
        std::copy_n(grey.begin() + std::ptrdiff_t(row) * drr.widthPx, drr.widthPx, image.scanLine(row));
      computed.drr = image;
    }
    for (const structure::Structure& s : *visible) {
      if (s.contours.empty()) continue;
      try {
        computed.outlines.push_back({qColour(s.colour), beams::projectStructure(s, beam, sad, OUTLINE_SPACING_MM)});
      } catch (const std::exception&) {
        // A structure reaching above the source has no shadow to draw; the others still do.
      }
    }
    return computed;
  }));
}

void BevView::computationFinished() {
  TaskOutcome<BevImage> outcome = watcher_.result();
  if (auto* computed = std::get_if<BevImage>(&outcome)) {
    failed_.reset();
    if (!computed->stopped) shown_ = std::move(*computed);
  } else {
    // An older image would pass for this beam's: none is shown, the view says why.
    shown_.reset();
    failed_ = {running_, QString::fromUtf8(std::get<Error>(outcome).what())};
  }
  if (wanted_ && !(shown_ && shown_->key == *wanted_) && !failedFor(*wanted_)) {
    startComputation();
  } else {
    emit imageReady();
  }
  update();
}

QTransform BevView::bevToWidget() const {
  const double scale = std::min(width(), height()) / shownFieldMm_;
  // x right, y up in the isocentre plane; y down on screen.
  return QTransform(scale, 0, 0, -scale, width() / 2.0, height() / 2.0);
}

QPointF BevView::widgetFromBev(const beams::BevPointMm& p) const { return bevToWidget().map(QPointF(p.x, p.y)); }

beams::BevPointMm BevView::bevFromWidget(const QPointF& p) const {
  const QPointF q = bevToWidget().inverted().map(p);
  return {q.x(), q.y()};
}

void BevView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::black);
  const auto selected = beams_.selectedIndex();
  if (!selected) {
    painter.setPen(Qt::lightGray);
    painter.drawText(rect(), Qt::AlignCenter, "Beam's-eye view: no beam\n(Plan → New plan from template…)");
    painter.drawText(QRectF(6, 4, width() - 12, height() - 8), Qt::AlignLeft | Qt::AlignBottom,
                     QString::fromStdString(patientLabel(structures_.ct().identity)));
    return;
  }
  const dose::Beam& beam = beams_.beam(*selected);
  const dose::MlcModel& mlc = beams_.machine().mlc;
  const QTransform transform = bevToWidget();
  painter.setRenderHint(QPainter::Antialiasing);
  if (shown_) {
    const double half = shown_->drrFieldMm / 2;
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(QRectF(transform.map(QPointF(-half, half)), transform.map(QPointF(half, -half))), shown_->drr);
    for (const BevOutline& outline : shown_->outlines) {
      QPainterPath path;
      for (const auto& polygon : outline.polygons) {
        QPolygonF points;
        for (const auto& p : polygon) points << transform.map(QPointF(p.x, p.y));
        path.addPolygon(points);
        path.closeSubpath();
      }
      painter.setPen(QPen(outline.colour, 1.5));
      painter.setBrush(Qt::NoBrush);
      painter.drawPath(path);
    }
  }
  // Leaves: from beyond the edge of the view to the tip, per pair, where the jaws leave them
  // something to shape. Under the jaws they only hid the jaws' edge and drew the line where the
  // closed pairs meet, which meant nothing to a user.
  if (beam.leaves) {
    painter.save();
    painter.setClipRect(transform.mapRect(QRectF(QPointF(beam.jawsMm.x1, beam.jawsMm.y1), QPointF(beam.jawsMm.x2, beam.jawsMm.y2))));
    painter.setPen(QPen(LEAF_EDGE, 0.8));
    painter.setBrush(LEAF_COLOUR);
    const double travel =
        std::max({std::abs(mlc.leafTravelMm.min), std::abs(mlc.leafTravelMm.max), shownFieldMm_}) + shownFieldMm_;
    for (int n = 0; n < mlc.pairCount(); ++n) {
      const double y1 = mlc.leafBoundariesMm[std::size_t(n)], y2 = mlc.leafBoundariesMm[std::size_t(n) + 1];
      const double x1 = beam.leaves->x1Mm[std::size_t(n)], x2 = beam.leaves->x2Mm[std::size_t(n)];
      painter.drawPolygon(transform.map(QPolygonF(QRectF(QPointF(-travel, y1), QPointF(x1, y2)))));
      painter.drawPolygon(transform.map(QPolygonF(QRectF(QPointF(x2, y1), QPointF(travel, y2)))));
    }
    painter.restore();
  }
  // Jaws: shade outside the jaw opening.
  {
    const dose::JawsMm& j = beam.jawsMm;
    QPainterPath outside;
    outside.addRect(QRectF(rect()));
    QPainterPath opening;
    opening.addPolygon(transform.map(QPolygonF(QRectF(QPointF(j.x1, j.y1), QPointF(j.x2, j.y2)))));
    painter.setPen(Qt::NoPen);
    painter.setBrush(JAW_COLOUR);
    painter.drawPath(outside.subtracted(opening));
    painter.setPen(QPen(QColor(255, 140, 0), 1.5, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(opening);
  }
  // The field outline: the union of the open rectangles.
  QPainterPath field;
  for (const BevRectMm& r : fieldApertures(beam, mlc)) field.addRect(QRectF(QPointF(r.x1, r.y1), QPointF(r.x2, r.y2)));
  painter.setPen(QPen(FIELD_COLOUR, 2));
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(transform.map(field.simplified()));
  // Central axis cross and labels.
  painter.setPen(QPen(Qt::white, 1));
  const QPointF centre = transform.map(QPointF(0, 0));
  painter.drawLine(centre + QPointF(-8, 0), centre + QPointF(8, 0));
  painter.drawLine(centre + QPointF(0, -8), centre + QPointF(0, 8));
  if (wanted_ && failedFor(*wanted_)) {
    painter.setPen(QColor(255, 120, 120));
    painter.drawText(rect().adjusted(12, 0, -12, 0), Qt::AlignCenter | Qt::TextWordWrap,
                     "No DRR for this beam: " + failed_->second);
    painter.setPen(QPen(Qt::white, 1));
  }
  painter.drawText(QRectF(6, 4, width() - 12, 40), Qt::AlignLeft | Qt::AlignTop,
                   QString("%1  G%2 C%3 T%4%5")
                       .arg(QString::fromStdString(beam.name))
                       .arg(beam.gantryAngleDeg, 0, 'f', 1)
                       .arg(beam.collimatorAngleDeg, 0, 'f', 1)
                       .arg(beam.couchAngleDeg, 0, 'f', 1)
                       .arg(busy() ? "   (computing DRR…)" : ""));
  // Under the beam's line: the bottom line holds the jaws.
  painter.drawText(QRectF(6, 4, width() - 12, 40), Qt::AlignLeft | Qt::AlignTop,
                   "\n" + QString::fromStdString(patientLabel(structures_.ct().identity)));
  // The collimator's axes (IEC 61217 beam-limiting-device frame) at the edges: X1 left, X2
  // right, Y2 up, Y1 down.
  const QRectF edges = QRectF(rect()).adjusted(6, 4, -6, -4);
  painter.drawText(edges, Qt::AlignLeft | Qt::AlignVCenter, "X1");
  painter.drawText(edges, Qt::AlignRight | Qt::AlignVCenter, "X2");
  painter.drawText(edges.adjusted(0, 2 * painter.fontMetrics().height(), 0, 0), Qt::AlignHCenter | Qt::AlignTop, "Y2");
  painter.drawText(edges.adjusted(0, 0, 0, -painter.fontMetrics().height()), Qt::AlignHCenter | Qt::AlignBottom, "Y1");
  // A scale bar at the isocentre plane, in the lower left.
  const double barPx = SCALE_BAR_MM * transform.m11();
  // Its label a line above the jaws line, so that the two never meet in a narrow view.
  const QPointF barStart(10, height() - 10 - 2 * painter.fontMetrics().height()), barEnd = barStart + QPointF(barPx, 0);
  painter.drawLine(barStart, barEnd);
  painter.drawLine(barStart, barStart - QPointF(0, 4));
  painter.drawLine(barEnd, barEnd - QPointF(0, 4));
  painter.drawText(QRectF(barStart.x(), barStart.y() + 1, width() / 2.0, painter.fontMetrics().height()),
                   Qt::AlignLeft | Qt::AlignVCenter, QString("%1 cm at the isocentre").arg(SCALE_BAR_MM / 10, 0, 'f', 0));
  painter.drawText(QRectF(6, 4, width() - 12, height() - 8), Qt::AlignRight | Qt::AlignBottom,
                   QString("X1 %1  X2 %2  Y1 %3  Y2 %4 mm")
                       .arg(beam.jawsMm.x1, 0, 'f', 1)
                       .arg(beam.jawsMm.x2, 0, 'f', 1)
                       .arg(beam.jawsMm.y1, 0, 'f', 1)
                       .arg(beam.jawsMm.y2, 0, 'f', 1));
}

void BevView::mousePressEvent(QMouseEvent* event) {
  const auto selected = beams_.selectedIndex();
  if (event->button() != Qt::LeftButton || !selected) return;
  const dose::Beam& beam = beams_.beam(*selected);
  const beams::BevPointMm p = bevFromWidget(event->position());
  const double toleranceMm = GRAB_TOLERANCE_PX * shownFieldMm_ / std::min(width(), height());
  // Leaves lie over the jaws' edges where both are near: the leaf is the finer control.
  draggedLeaf_ = leafAt(beam, beams_.machine().mlc, p, toleranceMm);
  draggedJaw_ = draggedLeaf_ ? std::nullopt : jawAt(beam.jawsMm, p, toleranceMm);
  if (draggedLeaf_ || draggedJaw_) beams_.beginFieldDrag(*selected);
}

void BevView::mouseMoveEvent(QMouseEvent* event) {
  if (!beams_.fieldDragActive()) return;
  const beams::BevPointMm p = bevFromWidget(event->position());
  if (draggedLeaf_) beams_.dragLeaf(draggedLeaf_->pair, draggedLeaf_->bank, p.x);
  if (draggedJaw_)
    beams_.dragJaw(*draggedJaw_, *draggedJaw_ == beams::Jaw::X1 || *draggedJaw_ == beams::Jaw::X2 ? p.x : p.y);
}

void BevView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !beams_.fieldDragActive()) return;
  mouseMoveEvent(event);
  draggedLeaf_.reset();
  draggedJaw_.reset();
  beams_.endFieldDrag();
}

}  // namespace kerma::app
