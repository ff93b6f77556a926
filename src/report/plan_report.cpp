#include "kerma/report/plan_report.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"
#include "kerma/eval/isodose.h"
#include "kerma/beams/beams_eye_view.h"

#include <QtGui/QColor>
#include <QtGui/QFont>
#include <QtGui/QFontMetricsF>
#include <QtGui/QGuiApplication>
#include <QtGui/QImage>
#include <QtGui/QPageSize>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtGui/QPdfWriter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace kerma::report {

namespace {

constexpr int DPI = 300;
constexpr double MM = DPI / 25.4;  // device pixels per mm of paper
constexpr double MARGIN_MM = 15;
// Colour wash as the workstation's views draw it (eval/isodose.h): from
// DEFAULT_WASH_FROM_PERCENT to DEFAULT_WASH_TO_PERCENT of the prescription, this opaque.
constexpr double WASH_OPACITY = 0.4;
// Length of the scale bar on the images, mm in the patient (at the isocentre for beam's-eye views).
constexpr double SCALE_BAR_MM = 50;
// CT display window (soft tissue), HU.
constexpr double WINDOW_CENTRE_HU = 40, WINDOW_WIDTH_HU = 400;
// Pixel pitch of the slice images, mm.
constexpr double SLICE_PIXEL_MM = 1.5;

QString q(const std::string& text) { return QString::fromStdString(text); }

QString number(double value, int decimals) { return QString::fromStdString(core::fixedText(value, decimals)); }

// A structure's display colour; white ones (sets without ROI Display Color) take a colour of a
// fixed palette by index, so that they stay visible on white paper and apart from each other.
QColor colourOf(const structure::Structure& structure, std::size_t index) {
  static const QColor PALETTE[] = {QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                                   QColor(230, 159, 0), QColor(86, 180, 233), QColor(120, 120, 120)};
  if (structure.colour == structure::Rgb{}) return PALETTE[index % std::size(PALETTE)];
  return {structure.colour.r, structure.colour.g, structure.colour.b};
}

QColor qColour(const structure::Rgb& c) { return QColor(c.r, c.g, c.b); }

// The wash colour of a dose at fraction of the prescription; invalid below the wash.
QColor washColour(double fraction) {
  const double percent = 100 * fraction;
  if (percent < eval::DEFAULT_WASH_FROM_PERCENT) return {};
  return qColour(eval::washColour((percent - eval::DEFAULT_WASH_FROM_PERCENT) /
                                  (eval::DEFAULT_WASH_TO_PERCENT - eval::DEFAULT_WASH_FROM_PERCENT)));
}

// Index of the highest default isodose level that fraction (of the prescription) reaches; -1 below
// them all. The levels are in descending order.
int isodoseBand(double fraction) {
  for (std::size_t n = 0; n < eval::DEFAULT_ISODOSE_PERCENT.size(); ++n)
    if (100 * fraction >= eval::DEFAULT_ISODOSE_PERCENT[n]) return int(n);
  return -1;
}

// Letters at the middle of each edge of an image box (device pixels), white on a dark halo.
void drawEdgeLetters(QPainter& painter, const QRectF& box, char left, char right, char top, char bottom) {
  QFont font("Helvetica");
  font.setPointSizeF(9);
  font.setBold(true);
  painter.setFont(font);
  const double inset = 1 * MM, size = 5 * MM;
  const std::pair<QRectF, char> letters[] = {
      {QRectF(box.left() + inset, box.center().y() - size / 2, size, size), left},
      {QRectF(box.right() - inset - size, box.center().y() - size / 2, size, size), right},
      {QRectF(box.center().x() - size / 2, box.top() + inset, size, size), top},
      {QRectF(box.center().x() - size / 2, box.bottom() - inset - size, size, size), bottom}};
  for (const auto& [rect, letter] : letters) {
    painter.setPen(Qt::black);
    painter.drawText(rect.translated(0.3 * MM, 0.3 * MM), Qt::AlignCenter, QString(QChar(letter)));
    painter.setPen(Qt::white);
    painter.drawText(rect, Qt::AlignCenter, QString(QChar(letter)));
  }
}

// A bar of SCALE_BAR_MM in the lower right of an image box; pixelsPerMm: device pixels per mm of
// what the image shows.
void drawScaleBar(QPainter& painter, const QRectF& box, double pixelsPerMm) {
  const double length = SCALE_BAR_MM * pixelsPerMm;
  const QPointF end(box.right() - 3 * MM, box.bottom() - 3 * MM), start = end - QPointF(length, 0);
  painter.setPen(QPen(Qt::white, 0.4 * MM));
  painter.drawLine(start, end);
  painter.drawLine(start, start - QPointF(0, 1.2 * MM));
  painter.drawLine(end, end - QPointF(0, 1.2 * MM));
  QFont font("Helvetica");
  font.setPointSizeF(7);
  painter.setFont(font);
  painter.drawText(QRectF(start.x(), start.y() - 5 * MM, length, 3.5 * MM), Qt::AlignCenter,
                   QString("%1 cm").arg(SCALE_BAR_MM / 10, 0, 'f', 0));
}

// Paper layout helper: a cursor moving down the page in mm.
class Page {
 public:
  Page(QPainter& painter, const QRectF& areaMm) : painter_(painter), area_(areaMm), yMm_(areaMm.top()) {}

  void heading(const QString& text) {
    yMm_ += 3;
    line(text, 13, /*bold=*/true);
    yMm_ += 1;
  }
  void line(const QString& text, double pointSize = 9.5, bool bold = false) {
    QFont font("Helvetica");
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    painter_.setFont(font);
    painter_.setPen(Qt::black);
    // A line longer than the page wraps at word boundaries instead of running off the paper.
    const double lineMm = pointSize * 0.3528 * 1.45;
    const QRectF widthOfPage(area_.left() * MM, yMm_ * MM, area_.width() * MM, 1e6);
    const double textHeight = painter_.boundingRect(widthOfPage, Qt::AlignLeft | Qt::TextWordWrap, text).height();
    const int lines = std::max(1, int(std::lround(textHeight / QFontMetricsF(font, painter_.device()).lineSpacing())));
    painter_.drawText(QRectF(area_.left() * MM, yMm_ * MM, area_.width() * MM, lines * lineMm * MM),
                      Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, text);
    yMm_ += lines * lineMm;
  }
  // A table: columns of the given widths (mm), one row per entry; the first row bold.
  void table(const std::vector<double>& widthsMm, const std::vector<QStringList>& rows, double pointSize = 8.5) {
    const double heightMm = pointSize * 0.3528 * 1.5;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      QFont font("Helvetica");
      font.setPointSizeF(pointSize);
      font.setBold(r == 0);
      painter_.setFont(font);
      double x = area_.left();
      for (int c = 0; c < rows[r].size() && c < int(widthsMm.size()); ++c) {
        painter_.drawText(QRectF(x * MM, yMm_ * MM, widthsMm[c] * MM, heightMm * MM), Qt::AlignLeft | Qt::AlignVCenter,
                          rows[r][c]);
        x += widthsMm[c];
      }
      yMm_ += heightMm;
      if (r == 0) {
        painter_.setPen(QPen(Qt::black, 0.2 * MM));
        painter_.drawLine(QPointF(area_.left() * MM, yMm_ * MM), QPointF(x * MM, yMm_ * MM));
      }
    }
  }
  double yMm() const { return yMm_; }
  void skipMm(double mm) { yMm_ += mm; }

 private:
  QPainter& painter_;
  QRectF area_;
  double yMm_;
};

// The dose at each reference point: per beam and per fraction, and the course's total.
void referencePointTable(Page& page, const PlanReport& report) {
  if (report.referencePoints.empty()) return;
  page.heading("Reference points");
  QStringList header{"point", "position (mm)"};
  for (const ReportBeam& beam : report.beams) header << q(beam.beam.name);
  header << "per fraction" << "total";
  std::vector<QStringList> rows{header};
  for (std::size_t n = 0; n < report.referencePoints.size(); ++n) {
    const auto& p = report.referencePoints[n].positionMm;
    QStringList row{q(report.referencePoints[n].name),
                    number(p.x, 1) + ", " + number(p.y, 1) + ", " + number(p.z, 1)};
    if (const auto& dose = report.pointDoses[n]) {
      for (const double gy : dose->beamGyPerFraction) row << number(gy, 2);
      row << number(dose->fractionGy, 2) + " Gy" << number(dose->totalGy, 2) + " Gy";
    } else {  // the table's note says what a dash means
      for (std::size_t b = 0; b < report.beams.size() + 2; ++b) row << "–";
    }
    rows.push_back(row);
  }
  std::vector<double> widthsMm{34, 38};
  for (std::size_t b = 0; b < report.beams.size(); ++b) widthsMm.push_back(std::min(16.0, 60.0 / report.beams.size()));
  widthsMm.push_back(22);
  widthsMm.push_back(22);
  page.table(widthsMm, rows);
  page.line("Gy per fraction from each beam, its sum, and the course's total; – : outside the dose grid.", 7.5);
}

// The plan's global maximum and, above the limit, whether the approval accepted it: a hot spot
// outside the target is what the target's statistics do not show.
void globalMaximumLines(Page& page, const PlanReport& report) {
  const double prescribedGy = report.prescription.totalDoseGy;
  if (!report.globalMax) {
    page.line("Global maximum: none found (no BODY on the dose grid)");
    return;
  }
  page.line("Global maximum (inside BODY): " + q(eval::describe(*report.globalMax, prescribedGy)));
  if (report.globalMax->percentOf(prescribedGy) <= eval::GLOBAL_MAX_LIMIT_PERCENT) return;
  const QString limit = number(eval::GLOBAL_MAX_LIMIT_PERCENT, 0) + " %";
  page.line(report.acceptedGlobalMaxPercent
                ? "Hot spot above " + limit + " of the prescription, accepted at approval (" +
                      number(*report.acceptedGlobalMaxPercent, 0) + " %)"
                : "Hot spot above " + limit + " of the prescription: not accepted by a reviewer",
            9.5, /*bold=*/true);
}

// Grey CT image of a plane through pCentre spanned by unit vectors right and down (patient
// frame), sizeMm wide and high, with the dose wash and the structures' outlines.
QImage sliceImage(const core::CtImage& ct, const eval::DoseDistribution& dose,
                  const std::vector<structure::Structure>& structures, double prescriptionGy,
                  const core::Point3<core::Patient>& pCentre, const core::Vector3<core::Patient>& right,
                  const core::Vector3<core::Patient>& down, double widthMm, double heightMm) {
  const int w = int(widthMm / SLICE_PIXEL_MM), h = int(heightMm / SLICE_PIXEL_MM);
  QImage image(w, h, QImage::Format_RGB32);
  const auto& grid = ct.hu.geometry();
  const auto voxelFromPatient = grid.voxelFromPatient();
  std::vector<int> label(std::size_t(w) * h, -1);  // the last structure containing the pixel
  std::vector<int> band(std::size_t(w) * h, -1);   // isodoseBand of the pixel's dose
  for (int v = 0; v < h; ++v)
    for (int u = 0; u < w; ++u) {
      const core::Point3<core::Patient> p =
          pCentre + right * ((u - 0.5 * (w - 1)) * SLICE_PIXEL_MM) + down * ((v - 0.5 * (h - 1)) * SLICE_PIXEL_MM);
      const core::Point3<core::Voxel> x = voxelFromPatient(p);
      const core::VoxelIndex ijk{int(std::lround(x.x)), int(std::lround(x.y)), int(std::lround(x.z))};
      if (!grid.contains(ijk)) {
        image.setPixel(u, v, qRgb(0, 0, 0));
        continue;
      }
      const double hu = ct.hu.at(ijk);
      const int grey = int(std::clamp((hu - (WINDOW_CENTRE_HU - WINDOW_WIDTH_HU / 2)) / WINDOW_WIDTH_HU, 0.0, 1.0) * 255);
      QColor colour(grey, grey, grey);
      const double fraction = eval::sampleDoseGy(dose, p).value_or(0) / prescriptionGy;
      band[std::size_t(v) * w + u] = isodoseBand(fraction);
      if (const QColor wash = washColour(fraction); wash.isValid()) {
        colour = QColor(int(grey * (1 - WASH_OPACITY) + wash.red() * WASH_OPACITY),
                        int(grey * (1 - WASH_OPACITY) + wash.green() * WASH_OPACITY),
                        int(grey * (1 - WASH_OPACITY) + wash.blue() * WASH_OPACITY));
      }
      image.setPixel(u, v, colour.rgb());
      for (std::size_t s = 0; s < structures.size(); ++s)
        if (structures[s].mask.geometry().contains(ijk) && structures[s].mask.at(ijk)) label[std::size_t(v) * w + u] = int(s);
    }
  // Isodose lines: a pixel above a level whose neighbour is below it takes the level's colour,
  // as the views draw the lines.
  for (int v = 1; v + 1 < h; ++v)
    for (int u = 1; u + 1 < w; ++u) {
      const std::size_t n = std::size_t(v) * w + u;
      const int b = band[n];
      if (b < 0) continue;
      // Bands count down from the highest level; -1 is below them all.
      auto below = [b](int neighbour) { return neighbour < 0 || neighbour > b; };
      if (below(band[n - 1]) || below(band[n + 1]) || below(band[n - std::size_t(w)]) || below(band[n + std::size_t(w)]))
        image.setPixel(u, v, qColour(eval::isodoseColour(eval::DEFAULT_ISODOSE_PERCENT[std::size_t(b)])).rgb());
    }
  // Outlines: a pixel whose label differs from a neighbour's takes the colour of its structure.
  for (int v = 1; v + 1 < h; ++v)
    for (int u = 1; u + 1 < w; ++u) {
      const int s = label[std::size_t(v) * w + u];
      if (s < 0) continue;
      const bool edge = label[std::size_t(v) * w + u - 1] != s || label[std::size_t(v) * w + u + 1] != s ||
                        label[std::size_t(v - 1) * w + u] != s || label[std::size_t(v + 1) * w + u] != s;
      if (edge) image.setPixel(u, v, colourOf(structures[std::size_t(s)], std::size_t(s)).rgb());
    }
  return image;
}

void drawBeamsEyeView(QPainter& painter, const QRectF& boxMm, const ReportBeam& beam, const PlanReport& report,
                      const structure::Structure* target) {
  // The view shows the field with room around it (at least 10 cm, at most the DRR), mm at the
  // isocentre plane; the DRR is drawn to scale about the central axis and clipped to the view.
  const dose::JawsMm& jaws = beam.beam.jawsMm;
  const double drrMm = beam.drr.widthPx > 0 ? beam.drr.widthPx * beam.drr.pixelSpacingAtIsocenterMm : 300.0;
  const double fieldExtentMm = 2 * std::max({std::abs(jaws.x1), std::abs(jaws.x2), std::abs(jaws.y1), std::abs(jaws.y2)});
  const double fieldMm = std::clamp(2.5 * fieldExtentMm, 100.0, drrMm);
  const double scale = boxMm.width() * MM / fieldMm;  // device pixels per mm at the isocentre
  const QPointF centre = boxMm.center() * MM;
  const auto at = [&](double xMm, double yMm) { return QPointF(centre.x() + xMm * scale, centre.y() - yMm * scale); };
  const QRectF box(boxMm.topLeft() * MM, boxMm.size() * MM);
  painter.save();
  painter.setClipRect(box);
  painter.fillRect(box, Qt::black);
  if (beam.drr.widthPx > 0) {
    QImage image(beam.drr.widthPx, beam.drr.heightPx, QImage::Format_Grayscale8);
    const float maxValue = *std::max_element(beam.drr.lineIntegral.begin(), beam.drr.lineIntegral.end());
    for (int row = 0; row < beam.drr.heightPx; ++row)
      for (int column = 0; column < beam.drr.widthPx; ++column)
        image.scanLine(row)[column] = uchar(maxValue > 0 ? 255 * beam.drr.at(column, row) / maxValue : 0);
    painter.drawImage(QRectF(at(-drrMm / 2, drrMm / 2), at(drrMm / 2, -drrMm / 2)), image);
  }
  const dose::Beam& b = beam.beam;
  // MLC: each leaf drawn from the edge of the view to its tip, within its pair.
  if (b.leaves) {
    painter.setPen(QPen(QColor(80, 140, 255), 0.15 * MM));
    painter.setBrush(QColor(80, 140, 255, 90));
    for (std::size_t n = 0; n < b.leaves->x1Mm.size() && n + 1 < report.leafBoundariesMm.size(); ++n) {
      const double y0 = report.leafBoundariesMm[n], y1 = report.leafBoundariesMm[n + 1];
      painter.drawRect(QRectF(at(-fieldMm, y1), at(b.leaves->x1Mm[n], y0)));
      painter.drawRect(QRectF(at(b.leaves->x2Mm[n], y1), at(fieldMm, y0)));
    }
  }
  if (target) {
    painter.setPen(QPen(QColor(255, 60, 60), 0.3 * MM));
    painter.setBrush(Qt::NoBrush);
    for (const beams::BevPolygon& polygon : beams::projectStructure(*target, b, report.sadMm, 1.0)) {
      QPolygonF shape;
      for (const auto& p : polygon) shape << at(p.x, p.y);
      painter.drawPolygon(shape);
    }
  }
  painter.setPen(QPen(QColor(255, 220, 0), 0.3 * MM));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(QRectF(at(b.jawsMm.x1, b.jawsMm.y2), at(b.jawsMm.x2, b.jawsMm.y1)));
  // The collimator's axes (IEC 61217 beam-limiting-device frame): X1 left, X2 right, Y2 up.
  QFont font("Helvetica");
  font.setPointSizeF(8);
  painter.setFont(font);
  painter.setPen(QColor(255, 220, 0));
  const double labelMm = 6;
  painter.drawText(QRectF(box.left(), box.center().y() - labelMm * MM / 2, labelMm * MM, labelMm * MM), Qt::AlignCenter, "X1");
  painter.drawText(QRectF(box.right() - labelMm * MM, box.center().y() - labelMm * MM / 2, labelMm * MM, labelMm * MM),
                   Qt::AlignCenter, "X2");
  painter.drawText(QRectF(box.center().x() - labelMm * MM / 2, box.top(), labelMm * MM, labelMm * MM), Qt::AlignCenter, "Y2");
  painter.drawText(QRectF(box.center().x() - labelMm * MM / 2, box.bottom() - labelMm * MM, labelMm * MM, labelMm * MM),
                   Qt::AlignCenter, "Y1");
  drawScaleBar(painter, box, scale);
  painter.restore();
  painter.setPen(QPen(Qt::black, 0.2 * MM));
  painter.drawRect(box);
}

void drawDvhPlot(QPainter& painter, const QRectF& boxMm, const std::vector<structure::Structure>& structures,
                 const std::vector<eval::Dvh>& dvhs, double prescriptionGy) {
  double maxGy = prescriptionGy * 1.1;
  for (const auto& dvh : dvhs) maxGy = std::max(maxGy, dvh.maxGy * 1.02);
  // The legend has its own column right of the plot, so that it never hides a curve.
  const double legendMm = 42;
  const QRectF plot(QPointF((boxMm.left() + 14) * MM, boxMm.top() * MM),
                    QPointF((boxMm.right() - legendMm) * MM, (boxMm.bottom() - 10) * MM));
  const auto at = [&](double doseGy, double percent) {
    return QPointF(plot.left() + doseGy / maxGy * plot.width(), plot.bottom() - percent / 100 * plot.height());
  };
  QFont font("Helvetica");
  font.setPointSizeF(7.5);
  painter.setFont(font);
  const QPen gridPen(QColor(200, 200, 200), 0.1 * MM);
  for (int percent = 0; percent <= 100; percent += 20) {
    painter.setPen(gridPen);
    painter.drawLine(at(0, percent), at(maxGy, percent));
    painter.setPen(Qt::black);
    painter.drawText(QRectF(boxMm.left() * MM, at(0, percent).y() - 2 * MM, 12 * MM, 4 * MM), Qt::AlignRight | Qt::AlignVCenter,
                     QString::number(percent) + " %");
  }
  const double stepGy = std::pow(10.0, std::floor(std::log10(maxGy / 5)));
  const double tickGy = maxGy / stepGy > 10 ? 2 * stepGy : stepGy;
  for (double d = 0; d <= maxGy; d += tickGy) {
    painter.setPen(gridPen);
    painter.drawLine(at(d, 0), at(d, 100));
    painter.setPen(Qt::black);
    painter.drawText(QRectF(at(d, 0).x() - 8 * MM, plot.bottom() + 0.5 * MM, 16 * MM, 4 * MM), Qt::AlignCenter, number(d, tickGy < 1 ? 1 : 0));
  }
  painter.drawText(QRectF(plot.left(), plot.bottom() + 5 * MM, plot.width(), 4 * MM), Qt::AlignCenter, "dose (Gy)");
  painter.setPen(QPen(Qt::black, 0.2 * MM));
  painter.drawRect(plot);
  for (std::size_t s = 0; s < structures.size() && s < dvhs.size(); ++s) {
    const auto curve = eval::cumulativeCurve(dvhs[s], maxGy / 400);
    QPolygonF line;
    for (const auto& point : curve) line << at(std::min(point.dose, maxGy), point.volume);
    const QColor colour = colourOf(structures[s], s);
    painter.setPen(QPen(colour, 0.4 * MM));
    painter.drawPolyline(line);
    const QPointF legend(plot.right() + 4 * MM, plot.top() + (2 + 4.5 * double(s)) * MM);
    painter.drawLine(legend, legend + QPointF(6 * MM, 0));
    painter.setPen(Qt::black);
    painter.drawText(QRectF(legend.x() + 8 * MM, legend.y() - 2 * MM, (legendMm - 12) * MM, 4 * MM),
                     Qt::AlignLeft | Qt::AlignVCenter, q(structures[s].name));
  }
}

QString statusWord(eval::ConstraintOutcome outcome) { return q(std::string(eval::outcomeName(outcome))).toUpper(); }

}  // namespace

void writePlanReport(const PlanReport& report, const core::CtImage& ct, const eval::DoseDistribution& dose,
                     const std::vector<structure::Structure>& structures, const std::string& targetName,
                     const std::filesystem::path& file) {
  if (report.dvhs.size() != structures.size())
    throw Error(ErrorCode::BadInput, "plan report: " + std::to_string(report.dvhs.size()) + " DVHs for " +
                                         std::to_string(structures.size()) + " structures; expected one per structure");
  // Qt's fonts and PDF writer need a QGuiApplication: a caller without one (kerma-cli) gets one
  // on the offscreen platform for the time of the report.
  std::optional<QGuiApplication> application;
  if (QCoreApplication::instance() == nullptr) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    static int argc = 1;
    static char name[] = "kerma-report";
    static char* argv[] = {name, nullptr};
    application.emplace(argc, argv);
  }
  QPdfWriter writer(QString::fromStdString(file.string()));
  writer.setPageSize(QPageSize(QPageSize::A4));
  writer.setResolution(DPI);
  writer.setPageMargins(QMarginsF(0, 0, 0, 0));
  writer.setTitle("Kerma plan report " + q(report.planLabel));
  writer.setCreator("Kerma");
  QPainter painter;
  if (!painter.begin(&writer)) throw Error(ErrorCode::Io, file.string() + ": cannot write the PDF report");
  const QRectF area(MARGIN_MM, MARGIN_MM, 210 - 2 * MARGIN_MM, 297 - 2 * MARGIN_MM);
  const eval::Prescription& rx = report.prescription;
  const structure::Structure* target = nullptr;
  for (const auto& s : structures)
    if (s.name == targetName) target = &s;
  const auto footer = [&](int pageNumber) {
    QFont font("Helvetica");
    font.setPointSizeF(7.5);
    painter.setFont(font);
    painter.setPen(Qt::darkGray);
    painter.drawText(QRectF(area.left() * MM, (297 - 10) * MM, area.width() * MM, 5 * MM), Qt::AlignLeft | Qt::AlignVCenter,
                     q(report.identity.patientName + " (" + report.identity.patientId + "), plan " + report.planLabel));
    painter.drawText(QRectF(area.left() * MM, (297 - 10) * MM, area.width() * MM, 5 * MM), Qt::AlignRight | Qt::AlignVCenter,
                     QString("page %1 of 4").arg(pageNumber));
  };

  // Page 1: identity, prescription, machine, algorithm, beams, approval.
  {
    Page page(painter, area);
    page.line("Kerma plan report", 18, /*bold=*/true);
    page.line("created " + q(report.created));
    page.heading("Patient and plan");
    page.line("Patient: " + q(report.identity.patientName) + "   ID: " + q(report.identity.patientId) +
              "   born: " + q(core::isoDate(report.identity.patientBirthDate)) + "   sex: " + q(report.identity.patientSex));
    page.line("Study: " + q(report.identity.studyDescription) + "   date: " + q(core::isoDate(report.identity.studyDate)));
    page.line("Plan: " + q(report.planLabel) + (report.planName.empty() ? "" : " (" + q(report.planName) + ")"));
    page.heading("Prescription");
    page.line(q(eval::describe(rx)) + " to " + q(rx.target) + ", " + number(rx.dosePerFractionGy(), 2) +
              " Gy per fraction, " + number(rx.fractionsPerWeek, 0) + " fractions per week");
    if (!report.normalisation.empty()) page.line("Normalisation: " + q(report.normalisation));
    globalMaximumLines(page, report);
    referencePointTable(page, report);
    page.heading("Treatment machine and dose calculation");
    page.line("Machine: " + q(report.machineName) + "   version " + q(report.machineVersion) + "   SAD " +
              number(report.sadMm, 0) + " mm");
    page.line("machine.json SHA-256: " + q(report.machineChecksum), 8);
    page.line("Dose algorithm: " + q(report.doseAlgorithm));
    page.heading("Beams");
    std::vector<QStringList> rows{{"beam", "energy", "gantry", "coll.", "couch", "X1", "X2", "Y1", "Y2", "MU", "SSD"}};
    double totalMu = 0;
    for (const ReportBeam& beam : report.beams) {
      const dose::Beam& b = beam.beam;
      rows.push_back({q(b.name), q(b.energy), number(b.gantryAngleDeg, 1), number(b.collimatorAngleDeg, 1),
                      number(b.couchAngleDeg, 1), number(b.jawsMm.x1 / 10, 1), number(b.jawsMm.x2 / 10, 1),
                      number(b.jawsMm.y1 / 10, 1), number(b.jawsMm.y2 / 10, 1), number(beam.monitorUnits, 1),
                      b.ssdMm > 0 ? number(b.ssdMm / 10, 1) : QString("-")});
      totalMu += beam.monitorUnits;
    }
    rows.push_back({"total", "", "", "", "", "", "", "", "", number(totalMu, 1), ""});
    page.table({22, 14, 15, 13, 13, 14, 14, 14, 14, 17, 14}, rows);
    page.line("Angles in degrees (IEC 61217); jaws in cm at the isocentre; MU per fraction; SSD in cm.", 7.5);
    for (const ReportBeam& beam : report.beams) {
      const dose::Beam& b = beam.beam;
      if (b.subfields.empty()) continue;
      QString segments = q(b.name) + " step and shoot (field-in-field): open field " +
                         number(beam.monitorUnits * b.openFieldShare(), 1) + " MU";
      for (std::size_t s = 0; s < b.subfields.size(); ++s)
        segments += ", subfield " + QString::number(s + 1) + " " +
                    number(beam.monitorUnits * b.subfields[s].metersetShare, 1) + " MU";
      page.line(segments, 8);
    }
    const auto& iso = report.beams.empty() ? core::Point3<core::Patient>{} : report.beams.front().beam.isocenterMm;
    page.line("Isocentre (DICOM patient, mm): " + number(iso.x, 1) + ", " + number(iso.y, 1) + ", " + number(iso.z, 1));
    page.heading("Approval");
    page.line("Status: " + q(report.approvalStatus), 11, /*bold=*/true);
    if (report.approvalStatus == "UNAPPROVED") {
      page.line("Not approved for treatment.");
      page.skipMm(4);
      page.line("Reviewed by: ______________________________   date: ____________   signature: ______________");
    } else {
      page.line("Reviewed by: " + q(report.reviewerName) + "   date: " + q(core::isoDate(report.reviewDate)));
    }
    footer(1);
  }

  // Page 2: beams' eye views.
  writer.newPage();
  {
    Page page(painter, area);
    page.heading("Beam's-eye views (DRR, jaws yellow, MLC blue, target red)");
    const double sizeMm = (area.width() - 8) / 2;
    for (std::size_t b = 0; b < report.beams.size() && b < 6; ++b) {
      const double x = area.left() + (b % 2) * (sizeMm + 8);
      const double y = page.yMm() + (b / 2) * (sizeMm + 10);
      drawBeamsEyeView(painter, QRectF(x, y + 5, sizeMm, sizeMm), report.beams[b], report, target);
      QFont font("Helvetica");
      font.setPointSizeF(9);
      painter.setFont(font);
      painter.setPen(Qt::black);
      painter.drawText(QRectF(x * MM, y * MM, sizeMm * MM, 5 * MM), Qt::AlignLeft | Qt::AlignVCenter,
                       q(report.beams[b].beam.name) + "  gantry " + number(report.beams[b].beam.gantryAngleDeg, 0) +
                           "  " + number(report.beams[b].monitorUnits, 1) + " MU");
    }
    footer(2);
  }

  // Page 3: colour wash through the isocentre.
  writer.newPage();
  {
    Page page(painter, area);
    page.heading("Dose through the isocentre");
    page.line("colour wash from " + number(eval::DEFAULT_WASH_FROM_PERCENT, 0) + " % to " +
              number(eval::DEFAULT_WASH_TO_PERCENT, 0) + " % of " + number(rx.totalDoseGy, 1) +
              " Gy and isodose lines, as in the workstation; structures outlined in their colours");
    const core::Point3<core::Patient> iso =
        report.beams.empty() ? core::Point3<core::Patient>{} : report.beams.front().beam.isocenterMm;
    const double sideMm = 160;  // field of each view
    const double boxMm = (area.width() - 8) / 2;
    struct View {
      const char* name;
      core::Vector3<core::Patient> right, down;
    };
    // Radiological convention: patient's left on the image right in axial and coronal views.
    const View views[] = {{"axial", {1, 0, 0}, {0, 1, 0}}, {"coronal", {1, 0, 0}, {0, 0, -1}}, {"sagittal", {0, 1, 0}, {0, 0, -1}}};
    for (int v = 0; v < 3; ++v) {
      const QImage image = sliceImage(ct, dose, structures, rx.totalDoseGy, iso, views[v].right, views[v].down, sideMm, sideMm);
      const double x = area.left() + (v % 2) * (boxMm + 8), y = page.yMm() + (v / 2) * (boxMm + 10);
      painter.setPen(Qt::black);
      painter.drawText(QRectF(x * MM, y * MM, boxMm * MM, 5 * MM), Qt::AlignLeft | Qt::AlignVCenter, views[v].name);
      const QRectF box(x * MM, (y + 5) * MM, boxMm * MM, boxMm * MM);
      painter.drawImage(box, image);
      const auto& [name, right, down] = views[v];
      drawEdgeLetters(painter, box, core::patientDirectionLetter(-right), core::patientDirectionLetter(right),
                      core::patientDirectionLetter(-down), core::patientDirectionLetter(down));
      drawScaleBar(painter, box, box.width() / sideMm);
    }
    // Legend: the isodose levels, in the lines' colours.
    const double legendY = page.yMm() + (boxMm + 10) + 10, legendX = area.left() + boxMm + 8;
    painter.setPen(Qt::black);
    painter.drawText(QRectF(legendX * MM, (legendY - 6) * MM, 60 * MM, 5 * MM), Qt::AlignLeft | Qt::AlignVCenter,
                     "isodose lines");
    for (std::size_t n = 0; n < eval::DEFAULT_ISODOSE_PERCENT.size(); ++n) {
      const double percent = eval::DEFAULT_ISODOSE_PERCENT[n];
      painter.fillRect(QRectF(legendX * MM, (legendY + double(n) * 6 + 2) * MM, 8 * MM, 1.2 * MM),
                       qColour(eval::isodoseColour(percent)));
      painter.setPen(Qt::black);
      painter.drawText(QRectF((legendX + 10) * MM, (legendY + double(n) * 6) * MM, 50 * MM, 5 * MM),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       number(percent, 0) + " %  " + number(percent / 100 * rx.totalDoseGy, 2) + " Gy");
    }
    footer(3);
  }

  // Page 4: DVH, statistics, constraints.
  writer.newPage();
  {
    Page page(painter, area);
    page.heading("Cumulative dose-volume histograms");
    drawDvhPlot(painter, QRectF(area.left(), page.yMm(), area.width(), 95), structures, report.dvhs, rx.totalDoseGy);
    page.skipMm(98);
    page.heading("Dose statistics (Gy)");
    std::vector<QStringList> rows{{"structure", "volume cc", "min", "mean", "max", "D98", "D95", "D50", "D2"}};
    for (std::size_t s = 0; s < structures.size(); ++s) {
      const eval::DoseStatistics stats = eval::doseStatistics(report.dvhs[s]);
      rows.push_back({q(structures[s].name), number(stats.volumeCc, 1), number(stats.minGy, 2), number(stats.meanGy, 2),
                      number(stats.maxGy, 2), number(stats.d98Gy, 2), number(stats.d95Gy, 2), number(stats.d50Gy, 2),
                      number(stats.d2Gy, 2)});
    }
    page.table({34, 20, 16, 16, 16, 16, 16, 16, 16}, rows);
    globalMaximumLines(page, report);
    page.heading("Constraints");
    if (!report.constraintTemplate.empty()) page.line("template: " + q(report.constraintTemplate), 8);
    if (report.constraints.empty()) {
      page.line("No constraint template applied.");
    } else {
      std::vector<QStringList> constraintRows{{"structure", "metric", "limit", "value", "result"}};
      for (const eval::ConstraintResult& result : report.constraints) {
        const auto& c = result.constraint;
        QString limit = c.max ? "< " + number(*c.max, 2) : c.min ? "> " + number(*c.min, 2) : QString("-");
        constraintRows.push_back({q(c.structure), q(c.metricText), limit, result.value ? number(*result.value, 2) : "-",
                                  statusWord(result.outcome)});
      }
      page.table({40, 30, 25, 25, 30}, constraintRows);
    }
    footer(4);
  }
  painter.end();
  if (!std::filesystem::exists(file)) throw Error(ErrorCode::Io, file.string() + ": cannot write the PDF report");
}

}  // namespace kerma::report
