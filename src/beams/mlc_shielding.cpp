#include "kerma/beams/mlc_shielding.h"

#include "kerma/beams/beams_eye_view.h"
#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <algorithm>
#include <cmath>

namespace kerma::beams {

namespace {

// Intervals of x in the isocentre plane, sorted and disjoint after merged().
using Intervals = std::vector<std::pair<double, double>>;

Intervals merged(Intervals intervals) {
  std::sort(intervals.begin(), intervals.end());
  Intervals out;
  for (const auto& interval : intervals) {
    if (!out.empty() && interval.first <= out.back().second)
      out.back().second = std::max(out.back().second, interval.second);
    else
      out.push_back(interval);
  }
  return out;
}

// What of an even-odd polygon set lies on the line y: between successive edge crossings.
Intervals scanline(const std::vector<BevPolygon>& outline, double y) {
  std::vector<double> crossings;
  for (const auto& polygon : outline)
    for (std::size_t n = 0; n < polygon.size(); ++n) {
      const BevPointMm& a = polygon[n];
      const BevPointMm& b = polygon[(n + 1) % polygon.size()];
      if ((a.y <= y) != (b.y <= y)) crossings.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
    }
  std::sort(crossings.begin(), crossings.end());
  Intervals inside;
  for (std::size_t n = 0; n + 1 < crossings.size(); n += 2) inside.push_back({crossings[n], crossings[n + 1]});
  return inside;
}

// The outline grown by a disc of marginMm, as seen anywhere across the band [yLo, yHi]: the union of
// the scanlines within marginMm of the band, each widened by the disc's reach at its distance.
Intervals bandShadow(const std::vector<BevPolygon>& outline, double yLo, double yHi, double marginMm) {
  Intervals all;
  const double step = BEV_RASTER_SPACING_MM;
  for (double y = yLo - marginMm; y <= yHi + marginMm + 1e-9; y += step) {
    const double dy = std::max({yLo - y, y - yHi, 0.0});
    const double reach = std::sqrt(std::max(0.0, marginMm * marginMm - dy * dy));
    for (const auto& [a, b] : scanline(outline, y)) all.push_back({a - reach, b + reach});
  }
  return merged(all);
}

Intervals subtract(const Intervals& from, const Intervals& cut) {
  Intervals out;
  for (auto [a, b] : from) {
    for (const auto& [c, d] : cut) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push_back({a, c});
      a = std::max(a, d);
    }
    if (a < b) out.push_back({a, b});
  }
  return out;
}

double overlapLength(const std::pair<double, double>& interval, const Intervals& with) {
  double length = 0;
  for (const auto& [c, d] : with) length += std::max(0.0, std::min(interval.second, d) - std::max(interval.first, c));
  return length;
}

}  // namespace

OverlapRule overlapRuleFromName(std::string_view name) {
  if (name == "target-first") return OverlapRule::TargetFirst;
  if (name == "organ-first") return OverlapRule::OrganFirst;
  throw Error(ErrorCode::BadInput, "overlap rule '" + std::string(name) + "'; expected target-first or organ-first");
}

ShieldedBeam shieldOrgan(const dose::Beam& beam, const structure::Structure& organ, const structure::Structure& target,
                         const dose::Machine& machine, const ShieldingOptions& options) {
  if (!beam.leaves) throw Error(ErrorCode::BadInput, "beam " + beam.name + " has no MLC leaves to shield " + organ.name + " with");
  const std::vector<BevPolygon> organShadow = projectStructure(organ, beam, machine.sadMm);
  const std::vector<BevPolygon> targetShadow = projectStructure(target, beam, machine.sadMm);
  const dose::MlcModel& mlc = machine.mlc;
  ShieldedBeam shielded{beam, 0, {}};
  dose::MlcLeaves& leaves = *shielded.beam.leaves;
  for (int n = 0; n < mlc.pairCount(); ++n) {
    const double x1 = leaves.x1Mm[std::size_t(n)], x2 = leaves.x2Mm[std::size_t(n)];
    if (x2 - x1 <= mlc.minimumGapMm + 1e-9) continue;  // closed already
    const double yLo = mlc.leafBoundariesMm[std::size_t(n)], yHi = mlc.leafBoundariesMm[std::size_t(n) + 1];
    const Intervals organHere = bandShadow(organShadow, yLo, yHi, options.organMarginMm);
    if (organHere.empty()) continue;
    const Intervals targetHere = bandShadow(targetShadow, yLo, yHi, options.targetMarginMm);
    const Intervals organOnly = subtract(organHere, targetHere);
    const Intervals blocked = options.rule == OverlapRule::TargetFirst ? organOnly : organHere;
    if (organOnly != organHere && subtract({{x1, x2}}, organHere) != subtract({{x1, x2}}, organOnly))
      shielded.overlaps.push_back("pair " + std::to_string(n + 1) + " (y " + core::fixedText(yLo, 1) + " to " +
                                  core::fixedText(yHi, 1) + " mm)");
    const Intervals allowed = subtract({{x1, x2}}, blocked);
    if (allowed == Intervals{{x1, x2}}) continue;
    // One opening per pair: the piece with the most target, then the widest.
    const auto best = std::max_element(allowed.begin(), allowed.end(), [&](const auto& a, const auto& b) {
      const double ta = overlapLength(a, targetHere), tb = overlapLength(b, targetHere);
      return ta != tb ? ta < tb : a.second - a.first < b.second - b.first;
    });
    if (best == allowed.end() || best->second - best->first < mlc.minimumGapMm) {
      leaves.x2Mm[std::size_t(n)] = x1 + mlc.minimumGapMm;  // closed where it stood
    } else {
      leaves.x1Mm[std::size_t(n)] = best->first;
      leaves.x2Mm[std::size_t(n)] = best->second;
    }
    ++shielded.pairsMoved;
  }
  return shielded;
}

}  // namespace kerma::beams
