#include "kerma/beams/machine_limits.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace kerma::beams {

using core::fixedText;

namespace {

std::string rangeText(const dose::Range& range) { return fixedText(range.min, 1) + ".." + fixedText(range.max, 1); }

bool within(double value, const dose::Range& range) {
  return value >= range.min - LIMIT_TOLERANCE && value <= range.max + LIMIT_TOLERANCE;
}

std::string pairName(const dose::MlcModel& mlc, int pair) {
  return "leaf pair " + std::to_string(pair + 1) + " (Yb " + fixedText(mlc.leafBoundariesMm[std::size_t(pair)], 1) + ".." +
         fixedText(mlc.leafBoundariesMm[std::size_t(pair) + 1], 1) + " mm)";
}

void checkAngle(std::vector<LimitViolation>& out, LimitKind kind, const char* what, double angleDeg,
                const dose::Range& rangeDeg) {
  if (angleWithin(angleDeg, rangeDeg)) return;
  out.push_back({kind, -1, std::string(what) + " angle " + fixedText(angleDeg, 1) + " deg; expected within " +
                               rangeText(rangeDeg) + " deg"});
}

void checkJaws(std::vector<LimitViolation>& out, const dose::JawsMm& jaws, const dose::JawLimitsMm& limits) {
  const std::pair<const char*, std::pair<double, const dose::Range*>> all[] = {
      {"X1", {jaws.x1, &limits.x1}}, {"X2", {jaws.x2, &limits.x2}}, {"Y1", {jaws.y1, &limits.y1}}, {"Y2", {jaws.y2, &limits.y2}}};
  for (const auto& [name, jaw] : all)
    if (!within(jaw.first, *jaw.second))
      out.push_back({LimitKind::JawTravel, -1, std::string("jaw ") + name + " at " + fixedText(jaw.first, 1) +
                                                   " mm; expected within its travel " + rangeText(*jaw.second) + " mm"});
  if (!(jaws.x1 < jaws.x2))
    out.push_back({LimitKind::JawOrder, -1, "jaw X1 at " + fixedText(jaws.x1, 1) + " mm is not left of X2 at " + fixedText(jaws.x2, 1) +
                                                " mm; expected X1 < X2"});
  if (!(jaws.y1 < jaws.y2))
    out.push_back({LimitKind::JawOrder, -1, "jaw Y1 at " + fixedText(jaws.y1, 1) + " mm is not below Y2 at " + fixedText(jaws.y2, 1) +
                                                " mm; expected Y1 < Y2"});
}

void checkBankSpread(std::vector<LimitViolation>& out, const std::vector<double>& tips, const char* bank,
                     const dose::MlcModel& mlc) {
  const auto [lowest, highest] = std::minmax_element(tips.begin(), tips.end());
  const double spread = *highest - *lowest;
  if (spread <= mlc.maxTipSpreadMm + LIMIT_TOLERANCE) return;
  const int low = int(lowest - tips.begin()), high = int(highest - tips.begin());
  out.push_back({LimitKind::TipSpread, std::min(low, high),
                 std::string("bank ") + bank + ": tips span " + fixedText(spread, 1) + " mm, from " + fixedText(*lowest, 1) +
                     " mm (pair " + std::to_string(low + 1) + ") to " + fixedText(*highest, 1) + " mm (pair " +
                     std::to_string(high + 1) + "); expected at most the maximum tip spread " +
                     fixedText(mlc.maxTipSpreadMm, 1) + " mm"});
}

void checkLeaves(std::vector<LimitViolation>& out, const dose::MlcLeaves& leaves, const dose::MlcModel& mlc) {
  const auto pairs = std::size_t(mlc.pairCount());
  if (leaves.x1Mm.size() != pairs || leaves.x2Mm.size() != pairs) {
    out.push_back({LimitKind::LeafCount, -1, "the MLC has " + std::to_string(leaves.x1Mm.size()) + " X1 and " +
                                                 std::to_string(leaves.x2Mm.size()) + " X2 leaf positions; expected " +
                                                 std::to_string(pairs) + " of each"});
    return;
  }
  for (std::size_t n = 0; n < pairs; ++n) {
    const int pair = int(n);
    const double x1 = leaves.x1Mm[n], x2 = leaves.x2Mm[n];
    for (const auto& [bank, tip] : {std::pair{"X1", x1}, std::pair{"X2", x2}})
      if (!within(tip, mlc.leafTravelMm))
        out.push_back({LimitKind::LeafTravel, pair, pairName(mlc, pair) + ": " + bank + " tip at " + fixedText(tip, 1) +
                                                        " mm; expected within the leaf travel " +
                                                        rangeText(mlc.leafTravelMm) + " mm"});
    if (x2 - x1 < mlc.minimumGapMm - LIMIT_TOLERANCE)
      out.push_back({LimitKind::MinimumGap, pair, pairName(mlc, pair) + ": gap X2 - X1 = " + fixedText(x2, 1) + " - (" +
                                                      fixedText(x1, 1) + ") = " + fixedText(x2 - x1, 1) +
                                                      " mm; expected at least the minimum gap " +
                                                      fixedText(mlc.minimumGapMm, 1) + " mm"});
    if (mlc.interdigitationAllowed || n + 1 == pairs) continue;
    // Neighbouring pairs n and n + 1: neither X1 tip may come closer than the minimum gap to
    // (or pass) the other pair's X2 tip.
    for (const auto& [a, b] : {std::pair{n, n + 1}, std::pair{n + 1, n}}) {
      if (leaves.x2Mm[b] - leaves.x1Mm[a] >= mlc.minimumGapMm - LIMIT_TOLERANCE) continue;
      out.push_back({LimitKind::Interdigitation, pair,
                     "leaf pairs " + std::to_string(n + 1) + " and " + std::to_string(n + 2) + ": X1 tip of pair " +
                         std::to_string(a + 1) + " at " + fixedText(leaves.x1Mm[a], 1) + " mm against X2 tip of pair " +
                         std::to_string(b + 1) + " at " + fixedText(leaves.x2Mm[b], 1) +
                         " mm; this MLC does not interdigitate, expected X2 - X1 of neighbours at least the minimum gap " +
                         fixedText(mlc.minimumGapMm, 1) + " mm"});
    }
  }
  checkBankSpread(out, leaves.x1Mm, "X1", mlc);
  checkBankSpread(out, leaves.x2Mm, "X2", mlc);
}

}  // namespace

bool angleWithin(double angleDeg, const dose::Range& rangeDeg) {
  if (!std::isfinite(angleDeg)) return false;
  // The turn that brings the angle nearest to the range's lower end from above, then the next.
  const double turns = std::ceil((rangeDeg.min - LIMIT_TOLERANCE - angleDeg) / 360.0);
  return within(angleDeg + 360.0 * turns, rangeDeg);
}

std::vector<LimitViolation> checkMachineLimits(const dose::Beam& beam, const dose::Machine& machine) {
  std::vector<LimitViolation> out;
  checkAngle(out, LimitKind::GantryAngle, "gantry", beam.gantryAngleDeg, machine.gantryAngleDeg);
  checkAngle(out, LimitKind::CollimatorAngle, "collimator", beam.collimatorAngleDeg, machine.collimatorAngleDeg);
  checkAngle(out, LimitKind::CouchAngle, "couch", beam.couchAngleDeg, machine.couchAngleDeg);
  auto field = checkFieldLimits(beam.jawsMm, beam.leaves ? &*beam.leaves : nullptr, machine);
  out.insert(out.end(), field.begin(), field.end());
  for (std::size_t s = 0; s < beam.subfields.size(); ++s) {
    std::vector<LimitViolation> subfield;
    checkLeaves(subfield, beam.subfields[s].leaves, machine.mlc);
    for (LimitViolation& violation : subfield) {
      violation.message = "subfield " + std::to_string(s + 1) + ": " + violation.message;
      out.push_back(std::move(violation));
    }
  }
  return out;
}

std::vector<LimitViolation> checkFieldLimits(const dose::JawsMm& jaws, const dose::MlcLeaves* leaves,
                                             const dose::Machine& machine) {
  std::vector<LimitViolation> out;
  checkJaws(out, jaws, machine.jawLimitsMm);
  if (leaves) checkLeaves(out, *leaves, machine.mlc);
  return out;
}

void requireMachineLimits(const dose::Beam& beam, const dose::Machine& machine) {
  const auto violations = checkMachineLimits(beam, machine);
  if (violations.empty()) return;
  std::string message = "beam " + beam.name + " cannot be delivered on " + machine.name + ": ";
  for (std::size_t n = 0; n < violations.size(); ++n) message += (n ? "; " : "") + violations[n].message;
  throw Error(ErrorCode::BadInput, message);
}

dose::Range leafTipRange(const dose::MlcLeaves& leaves, const dose::Machine& machine, int pair, LeafBank bank) {
  const dose::MlcModel& mlc = machine.mlc;
  const auto n = std::size_t(pair);
  const bool isX1 = bank == LeafBank::X1;
  const std::vector<double>& own = isX1 ? leaves.x1Mm : leaves.x2Mm;
  const std::vector<double>& opposing = isX1 ? leaves.x2Mm : leaves.x1Mm;
  dose::Range range = mlc.leafTravelMm;
  // The spread of the bank with this tip anywhere in range: the other tips' extremes.
  double othersLow = std::numeric_limits<double>::infinity(), othersHigh = -othersLow;
  for (std::size_t m = 0; m < own.size(); ++m) {
    if (m == n) continue;
    othersLow = std::min(othersLow, own[m]);
    othersHigh = std::max(othersHigh, own[m]);
  }
  if (own.size() > 1) {
    range.min = std::max(range.min, othersHigh - mlc.maxTipSpreadMm);
    range.max = std::min(range.max, othersLow + mlc.maxTipSpreadMm);
  }
  // The opposing tips that must stay at least the minimum gap away: the pair's own and, without
  // interdigitation, its neighbours'.
  std::vector<std::size_t> facing{n};
  if (!mlc.interdigitationAllowed) {
    if (n > 0) facing.push_back(n - 1);
    if (n + 1 < opposing.size()) facing.push_back(n + 1);
  }
  for (const std::size_t m : facing) {
    if (isX1) range.max = std::min(range.max, opposing[m] - mlc.minimumGapMm);
    else range.min = std::max(range.min, opposing[m] + mlc.minimumGapMm);
  }
  return range;
}

dose::Range jawRange(const dose::JawsMm& jaws, const dose::Machine& machine, Jaw jaw) {
  const dose::JawLimitsMm& limits = machine.jawLimitsMm;
  switch (jaw) {
    case Jaw::X1: return {limits.x1.min, std::min(limits.x1.max, jaws.x2 - MINIMUM_JAW_OPENING_MM)};
    case Jaw::X2: return {std::max(limits.x2.min, jaws.x1 + MINIMUM_JAW_OPENING_MM), limits.x2.max};
    case Jaw::Y1: return {limits.y1.min, std::min(limits.y1.max, jaws.y2 - MINIMUM_JAW_OPENING_MM)};
    case Jaw::Y2: return {std::max(limits.y2.min, jaws.y1 + MINIMUM_JAW_OPENING_MM), limits.y2.max};
  }
  assert(false && "every jaw is handled above");
  return {};
}

}  // namespace kerma::beams
