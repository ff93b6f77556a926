#include "kerma/plan/mlc_conformation.h"

#include "kerma/core/error.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

namespace kerma::plan {

namespace {

/// Pitch, mm, of the rows on which the target's extent is tabulated: far below the 0.1 mm to
/// which leaf positions matter, and leaf boundaries (multiples of 0.5 mm) fall on rows.
constexpr double ROW_PITCH_MM = 0.01;
constexpr double INFINITE = std::numeric_limits<double>::infinity();

/// Leftmost and rightmost point of the target on each row y = (firstRow + k) · ROW_PITCH_MM.
struct RowExtents {
  long long firstRow = 0;
  std::vector<double> leftMm, rightMm;  // +inf / -inf where the row misses the target

  double y(std::size_t k) const { return double(firstRow + static_cast<long long>(k)) * ROW_PITCH_MM; }
  bool covered(std::size_t k) const { return leftMm[k] <= rightMm[k]; }
};

RowExtents tabulateRows(const std::vector<BevPolygon>& outline) {
  double yMin = INFINITE, yMax = -INFINITE;
  for (const auto& polygon : outline)
    for (const auto& p : polygon) {
      yMin = std::min(yMin, p.y);
      yMax = std::max(yMax, p.y);
    }
  RowExtents rows;
  if (!(yMin <= yMax)) return rows;
  rows.firstRow = static_cast<long long>(std::ceil(yMin / ROW_PITCH_MM - 1e-9));
  const long long lastRow = static_cast<long long>(std::floor(yMax / ROW_PITCH_MM + 1e-9));
  const std::size_t count = static_cast<std::size_t>(std::max(0LL, lastRow - rows.firstRow + 1));
  rows.leftMm.assign(count, INFINITE);
  rows.rightMm.assign(count, -INFINITE);
  auto record = [&](long long row, double x) {
    const auto k = static_cast<std::size_t>(row - rows.firstRow);
    rows.leftMm[k] = std::min(rows.leftMm[k], x);
    rows.rightMm[k] = std::max(rows.rightMm[k], x);
  };
  // The extremes of a filled polygon on a row are where its edges cross the row (closed edges:
  // a vertex touching the row counts).
  for (const auto& polygon : outline)
    for (std::size_t n = 0; n < polygon.size(); ++n) {
      const BevPointMm& a = polygon[n];
      const BevPointMm& b = polygon[(n + 1) % polygon.size()];
      const long long r0 = std::max(rows.firstRow, static_cast<long long>(std::ceil(std::min(a.y, b.y) / ROW_PITCH_MM - 1e-9)));
      const long long r1 = std::min(lastRow, static_cast<long long>(std::floor(std::max(a.y, b.y) / ROW_PITCH_MM + 1e-9)));
      for (long long row = r0; row <= r1; ++row) {
        if (a.y == b.y) {
          record(row, a.x);
          record(row, b.x);
          continue;
        }
        const double t = std::clamp((double(row) * ROW_PITCH_MM - a.y) / (b.y - a.y), 0.0, 1.0);
        record(row, a.x + t * (b.x - a.x));
      }
    }
  return rows;
}

/// Fraction of the X margin that reaches a height dyMm away from a target point, for an
/// elliptical element with vertical semi-axis semiMm: sqrt(1 − (dy/semi)²); nullopt beyond.
std::optional<double> ellipseReach(double dyMm, double semiMm) {
  if (dyMm <= 0) return 1.0;
  if (dyMm > semiMm) return std::nullopt;
  const double u = dyMm / semiMm;
  return std::sqrt(std::max(0.0, 1 - u * u));
}

/// Extent of the grown target within the band [yLoMm, yHiMm]: over all rows that reach the band
/// through the margin element, the outermost left and right edges.
std::optional<std::pair<double, double>> bandExtent(const RowExtents& rows, double yLoMm, double yHiMm,
                                                    const BevMarginsMm& m) {
  double left = INFINITE, right = -INFINITE;
  // Only rows within the element's reach of the band can contribute.
  const long long kFirst = std::max(0LL, static_cast<long long>(std::floor((yLoMm - m.y2) / ROW_PITCH_MM)) - rows.firstRow);
  const long long kEnd = std::min(static_cast<long long>(rows.leftMm.size()),
                                  static_cast<long long>(std::ceil((yHiMm + m.y1) / ROW_PITCH_MM)) - rows.firstRow + 1);
  for (long long kk = kFirst; kk < kEnd; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    if (!rows.covered(k)) continue;
    const double y = rows.y(k);
    // Rows below the band grow upwards (Y2 semi-axis), rows above it downwards (Y1).
    const auto reach = y < yLoMm ? ellipseReach(yLoMm - y, m.y2) : ellipseReach(y - yHiMm, m.y1);
    if (!reach) continue;
    left = std::min(left, rows.leftMm[k] - m.x1 * *reach);
    right = std::max(right, rows.rightMm[k] + m.x2 * *reach);
  }
  if (!(left <= right)) return std::nullopt;
  return std::pair{left, right};
}

/// Inside mode: the grown target must cover every row of the band; the opening is the
/// innermost of the rows' outer edges.
std::optional<std::pair<double, double>> insideExtent(const RowExtents& rows, double yLoMm, double yHiMm,
                                                      const BevMarginsMm& m) {
  double left = -INFINITE, right = INFINITE;
  const long long firstRow = static_cast<long long>(std::ceil(yLoMm / ROW_PITCH_MM - 1e-9));
  const long long lastRow = static_cast<long long>(std::floor(yHiMm / ROW_PITCH_MM + 1e-9));
  for (long long row = firstRow; row <= lastRow; ++row) {
    const double y = double(row) * ROW_PITCH_MM;
    const auto extent = bandExtent(rows, y, y, m);
    if (!extent) return std::nullopt;
    left = std::max(left, extent->first);
    right = std::min(right, extent->second);
  }
  if (!(left < right)) return std::nullopt;
  return std::pair{left, right};
}

std::string millimetres(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

}  // namespace

LeafMode leafModeFromName(std::string_view name) {
  if (name == "outside") return LeafMode::Outside;
  if (name == "inside") return LeafMode::Inside;
  if (name == "middle") return LeafMode::Middle;
  throw Error(ErrorCode::BadInput, "leaf mode '" + std::string(name) + "'; expected outside, inside or middle");
}

ConformedField conformMlc(const std::vector<BevPolygon>& targetOutline, const dose::Machine& machine,
                          const ConformationOptions& options) {
  const RowExtents rows = tabulateRows(targetOutline);
  if (rows.leftMm.empty()) throw Error(ErrorCode::BadInput, "the projected target is empty; expected a target to conform to");
  const BevMarginsMm& m = options.marginsMm;
  const dose::MlcModel& mlc = machine.mlc;

  const int pairs = mlc.pairCount();
  std::vector<std::optional<std::pair<double, double>>> openings(pairs);
  for (int n = 0; n < pairs; ++n) {
    const double yLo = mlc.leafBoundariesMm[n], yHi = mlc.leafBoundariesMm[n + 1];
    switch (options.leafMode) {
      case LeafMode::Outside:
        openings[n] = bandExtent(rows, yLo, yHi, m);
        break;
      case LeafMode::Middle:
        openings[n] = bandExtent(rows, mlc.pairCentreMm(n), mlc.pairCentreMm(n), m);
        break;
      case LeafMode::Inside:
        openings[n] = insideExtent(rows, yLo, yHi, m);
        break;
    }
  }

  ConformedField field;
  field.leaves.x1Mm.assign(pairs, 0);
  field.leaves.x2Mm.assign(pairs, 0);
  double xLeft = INFINITE, xRight = -INFINITE, yOpenLo = INFINITE, yOpenHi = -INFINITE;
  for (int n = 0; n < pairs; ++n) {
    if (!openings[n]) continue;
    auto [x1, x2] = *openings[n];
    if (x2 - x1 < mlc.minimumGapMm) {
      const double centre = 0.5 * (x1 + x2);
      x1 = centre - 0.5 * mlc.minimumGapMm;
      x2 = centre + 0.5 * mlc.minimumGapMm;
    }
    if (!mlc.leafTravelMm.contains(x1) || !mlc.leafTravelMm.contains(x2))
      throw Error(ErrorCode::BadInput, "leaf pair " + std::to_string(n + 1) + " needs tips at " + millimetres(x1) +
                                           " and " + millimetres(x2) + " mm; expected within the leaf travel " +
                                           millimetres(mlc.leafTravelMm.min) + ".." + millimetres(mlc.leafTravelMm.max) + " mm");
    field.leaves.x1Mm[n] = x1;
    field.leaves.x2Mm[n] = x2;
    xLeft = std::min(xLeft, x1);
    xRight = std::max(xRight, x2);
    yOpenLo = std::min(yOpenLo, mlc.leafBoundariesMm[n]);
    yOpenHi = std::max(yOpenHi, mlc.leafBoundariesMm[n + 1]);
  }
  if (!(xLeft < xRight))
    throw Error(ErrorCode::BadInput, "no leaf pair opens over the target in this leaf mode; expected a target at least one leaf wide");

  const double yTargetLo = rows.y(0) - m.y1;
  const double yTargetHi = rows.y(rows.leftMm.size() - 1) + m.y2;
  field.jawsMm = {xLeft - options.jawMarginMm, xRight + options.jawMarginMm,
                  std::max(yOpenLo, yTargetLo) - options.jawMarginMm, std::min(yOpenHi, yTargetHi) + options.jawMarginMm};
  const dose::JawLimitsMm& limits = machine.jawLimitsMm;
  auto checkJaw = [](const char* jaw, double positionMm, const dose::Range& travel) {
    if (!travel.contains(positionMm))
      throw Error(ErrorCode::BadInput, std::string("jaw ") + jaw + " would stand at " + millimetres(positionMm) +
                                           " mm; expected within its travel " + millimetres(travel.min) + ".." +
                                           millimetres(travel.max) + " mm");
  };
  checkJaw("X1", field.jawsMm.x1, limits.x1);
  checkJaw("X2", field.jawsMm.x2, limits.x2);
  checkJaw("Y1", field.jawsMm.y1, limits.y1);
  checkJaw("Y2", field.jawsMm.y2, limits.y2);

  // Unused pairs close with the minimum gap, the gap hidden under the X1 jaw.
  const double closedX2 = std::max(field.jawsMm.x1, mlc.leafTravelMm.min + mlc.minimumGapMm);
  for (int n = 0; n < pairs; ++n) {
    if (openings[n]) continue;
    field.leaves.x1Mm[n] = closedX2 - mlc.minimumGapMm;
    field.leaves.x2Mm[n] = closedX2;
  }
  return field;
}

}  // namespace kerma::plan
