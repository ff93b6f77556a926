#include "kerma/beams/mlc_conformation.h"

#include "kerma/core/error.h"
#include "kerma/beams/machine_limits.h"
#include "kerma/core/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

namespace kerma::beams {

using core::fixedText;

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

/// Without interdigitation no X1 tip may come closer than the minimum gap to the X2 tip of a
/// neighbouring pair. Where two open neighbours do, both tips move apart by half the shortfall:
/// fields only widen, so the target stays covered. Each fix lowers an X1 or raises an X2 tip,
/// which can only help the other constraints, so one pass settles all of them.
void widenAgainstNeighbours(dose::MlcLeaves& leaves, const std::vector<bool>& open, double gapMm) {
  for (std::size_t n = 0; n + 1 < open.size(); ++n) {
    if (!open[n] || !open[n + 1]) continue;
    for (const auto& [a, b] : {std::pair{n, n + 1}, std::pair{n + 1, n}}) {
      const double shortfall = gapMm - (leaves.x2Mm[b] - leaves.x1Mm[a]);
      if (shortfall <= 0) continue;
      leaves.x1Mm[a] -= 0.5 * shortfall;
      leaves.x2Mm[b] += 0.5 * shortfall;
    }
  }
}

/// X jaws at the outermost open tips, Y jaws at the open pairs' outer boundaries trimmed to the
/// grown target's Y extent, all plus the jaw margin; throws when a jaw leaves its travel.
dose::JawsMm fitJaws(const dose::MlcLeaves& leaves, const std::vector<bool>& open, const dose::MlcModel& mlc,
                     double yTargetLoMm, double yTargetHiMm, double jawMarginMm) {
  double xLeft = INFINITE, xRight = -INFINITE, yOpenLo = INFINITE, yOpenHi = -INFINITE;
  for (std::size_t n = 0; n < open.size(); ++n) {
    if (!open[n]) continue;
    xLeft = std::min(xLeft, leaves.x1Mm[n]);
    xRight = std::max(xRight, leaves.x2Mm[n]);
    yOpenLo = std::min(yOpenLo, mlc.leafBoundariesMm[n]);
    yOpenHi = std::max(yOpenHi, mlc.leafBoundariesMm[n + 1]);
  }
  return {xLeft - jawMarginMm, xRight + jawMarginMm, std::max(yOpenLo, yTargetLoMm) - jawMarginMm,
          std::min(yOpenHi, yTargetHiMm) + jawMarginMm};
}

/// Closes the pairs that do not open with the minimum gap, X2 tip at c, where c is chosen
/// (docs/methods/beam-geometry.md §5): within the leaf travel and such that neither bank's
/// tips spread further than the machine allows; preferably under the X1 jaw (c = X1), else
/// under the X2 jaw (c − gap = X2). Without interdigitation a run of closed pairs must also
/// keep the minimum gap to its open neighbours' tips, so its gap lies inside their opening
/// (under the Y jaws when the run is at the field's edge); where the two neighbours' openings do
/// not overlap, both widen to the run's gap.
void closeUnusedPairs(dose::MlcLeaves& leaves, const std::vector<bool>& open, const dose::MlcModel& mlc,
                      const dose::JawsMm& jaws) {
  const double gap = mlc.minimumGapMm, spread = mlc.maxTipSpreadMm;
  double lowX1 = INFINITE, highX1 = -INFINITE, lowX2 = INFINITE, highX2 = -INFINITE;
  for (std::size_t n = 0; n < open.size(); ++n) {
    if (!open[n]) continue;
    lowX1 = std::min(lowX1, leaves.x1Mm[n]);
    highX1 = std::max(highX1, leaves.x1Mm[n]);
    lowX2 = std::min(lowX2, leaves.x2Mm[n]);
    highX2 = std::max(highX2, leaves.x2Mm[n]);
  }
  // Closing positions c that keep both banks within the spread and the leaf travel.
  const double lo = std::max({highX1 - spread + gap, highX2 - spread, mlc.leafTravelMm.min + gap});
  const double hi = std::min({lowX1 + spread + gap, lowX2 + spread, mlc.leafTravelMm.max});
  auto feasible = [&](double c) { return c >= lo - 1e-9 && c <= hi + 1e-9; };
  auto clampToFeasible = [&](double c) { return lo <= hi ? std::clamp(c, lo, hi) : c; };

  const std::size_t pairs = open.size();
  for (std::size_t first = 0; first < pairs;) {
    if (open[first]) {
      ++first;
      continue;
    }
    std::size_t end = first;
    while (end < pairs && !open[end]) ++end;
    double c = 0;
    if (mlc.interdigitationAllowed) {
      c = feasible(jaws.x1) ? jaws.x1 : feasible(jaws.x2 + gap) ? jaws.x2 + gap : clampToFeasible(jaws.x1);
    } else {
      // The run's gap [c − gap, c] must lie within each open neighbour's opening.
      double lower = -INFINITE, upper = INFINITE;
      std::vector<std::size_t> neighbours;
      if (first > 0) neighbours.push_back(first - 1);
      if (end < pairs) neighbours.push_back(end);
      for (const std::size_t n : neighbours) {
        lower = std::max(lower, leaves.x1Mm[n] + gap);
        upper = std::min(upper, leaves.x2Mm[n]);
      }
      c = lower <= upper ? std::clamp(jaws.x1, lower, upper) : 0.5 * (lower + upper);
      c = clampToFeasible(c);
      for (const std::size_t n : neighbours) {
        leaves.x1Mm[n] = std::min(leaves.x1Mm[n], c - gap);
        leaves.x2Mm[n] = std::max(leaves.x2Mm[n], c);
      }
    }
    for (std::size_t n = first; n < end; ++n) {
      leaves.x1Mm[n] = c - gap;
      leaves.x2Mm[n] = c;
    }
    first = end;
  }
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
  std::vector<bool> open(pairs, false);
  for (int n = 0; n < pairs; ++n) {
    if (!openings[n]) continue;
    auto [x1, x2] = *openings[n];
    if (x2 - x1 < mlc.minimumGapMm) {
      const double centre = 0.5 * (x1 + x2);
      x1 = centre - 0.5 * mlc.minimumGapMm;
      x2 = centre + 0.5 * mlc.minimumGapMm;
    }
    if (!mlc.leafTravelMm.contains(x1) || !mlc.leafTravelMm.contains(x2))
      throw Error(ErrorCode::BadInput, "leaf pair " + std::to_string(n + 1) + " needs tips at " + fixedText(x1, 1) +
                                           " and " + fixedText(x2, 1) + " mm; expected within the leaf travel " +
                                           fixedText(mlc.leafTravelMm.min, 1) + ".." + fixedText(mlc.leafTravelMm.max, 1) + " mm");
    field.leaves.x1Mm[n] = x1;
    field.leaves.x2Mm[n] = x2;
    open[n] = true;
  }
  if (std::none_of(open.begin(), open.end(), [](bool o) { return o; }))
    throw Error(ErrorCode::BadInput, "no leaf pair opens over the target in this leaf mode; expected a target at least one leaf wide");
  if (!mlc.interdigitationAllowed) widenAgainstNeighbours(field.leaves, open, mlc.minimumGapMm);

  const double yTargetLo = rows.y(0) - m.y1;
  const double yTargetHi = rows.y(rows.leftMm.size() - 1) + m.y2;
  field.jawsMm = fitJaws(field.leaves, open, mlc, yTargetLo, yTargetHi, options.jawMarginMm);
  closeUnusedPairs(field.leaves, open, mlc, field.jawsMm);
  // Closing may have widened open neighbours (machines without interdigitation).
  field.jawsMm = fitJaws(field.leaves, open, mlc, yTargetLo, yTargetHi, options.jawMarginMm);

  const auto violations = checkFieldLimits(field.jawsMm, &field.leaves, machine);
  if (!violations.empty()) {
    std::string message = "the field conformed to this target cannot be delivered on " +
                          (machine.name.empty() ? std::string("the machine") : machine.name) + ": ";
    for (std::size_t n = 0; n < violations.size(); ++n) message += (n ? "; " : "") + violations[n].message;
    throw Error(ErrorCode::BadInput, message);
  }
  return field;
}

}  // namespace kerma::beams
