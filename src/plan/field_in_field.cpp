#include "kerma/plan/field_in_field.h"

#include "kerma/beams/mlc_shielding.h"
#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/dose/ct_density.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/isodose.h"
#include "kerma/plan/weight_optimisation.h"
#include "kerma/structure/contour_extraction.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

namespace kerma::plan {

namespace {

// Share of its open field's MU a new subfield starts from: the solver moves it from there.
constexpr double NEW_SUBFIELD_SHARE = 0.2;
// The target's ceiling while segment MU are solved, relative to its mean: with D95 at the
// prescription the mean is about 102 % of it, so a 104 % ceiling keeps D2 under ICRU 83's 107 %.
constexpr double TARGET_CEILING = 1.04;
// Halvings of the step from the previous MU towards the least hot ones: 1/256 of the step.
constexpr int CUT_BACK_STEPS = 8;

// One step-and-shoot segment of a beam: its leaves, its dose per MU and its MU per fraction.
struct Segment {
  dose::MlcLeaves leaves;
  core::Volume<float> gyPerMu;
  double mu = 0;
};
using Segments = std::vector<std::vector<Segment>>;  // per beam, the open field first

std::vector<double> muOf(const Segments& segments) {
  std::vector<double> mu;
  for (const auto& beamSegments : segments)
    for (const Segment& segment : beamSegments) mu.push_back(segment.mu);
  return mu;
}

// Each segment's MU a share t of the way from `from` to `to` (as muOf lists them).
void setMu(Segments& segments, const std::vector<double>& from, const std::vector<double>& to, double t) {
  std::size_t c = 0;
  for (auto& beamSegments : segments)
    for (Segment& segment : beamSegments) {
      segment.mu = (1 - t) * from[c] + t * to[c];
      ++c;
    }
}

double totalMu(const std::vector<Segment>& segments) {
  return std::accumulate(segments.begin(), segments.end(), 0.0, [](double sum, const Segment& s) { return sum + s.mu; });
}

// The plan of the segments' MU: each beam's first segment as its leaves, the others as subfields
// with their share of the beam's MU, the beam's Gy/MU their mean by MU and its weight its dose at
// its isocentre from those MU (the weights' sum kept), normalised as base.rx says.
Plan assemble(const Plan& base, const std::vector<dose::Beam>& openBeams, const Segments& segments) {
  Plan plan = base;
  std::vector<dose::Beam> beams = openBeams;
  double weightSum = 0;
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const double mu = totalMu(segments[b]);
    core::Volume<float> gyPerMu(segments[b].front().gyPerMu.geometry(), 0.f);
    for (std::size_t s = 0; s < segments[b].size(); ++s) {
      const double share = segments[b][s].mu / mu;
      if (s == 0)
        beams[b].leaves = segments[b][s].leaves;
      else
        beams[b].subfields.push_back({segments[b][s].leaves, share});
      const auto d = segments[b][s].gyPerMu.values();
      auto sum = gyPerMu.values();
      for (std::size_t v = 0; v < sum.size(); ++v) sum[v] += static_cast<float>(share * d[v]);
    }
    beams[b].weight = mu * core::sampleTrilinear(gyPerMu, beams[b].isocenterMm).value_or(0);
    weightSum += beams[b].weight;
    plan.beamGyPerMu[b] = std::move(gyPerMu);
  }
  const double baseSum = std::accumulate(base.beams.begin(), base.beams.end(), 0.0,
                                         [](double sum, const dose::Beam& beam) { return sum + beam.weight; });
  for (dose::Beam& beam : beams) beam.weight *= baseSum / weightSum;
  reweight(plan, beams);
  return plan;
}

// MU of every segment by leastHotWeights, the hottest dose sought in hotIn, each beam's MU kept.
// A segment's weight is its MU times its beam's open-field Gy/MU at the isocentre, as beam
// weights are doses at the isocentre.
void solveSegmentMu(Segments& segments, const std::vector<dose::Beam>& openBeams, const structure::Mask& hotIn,
                    const structure::Mask& target) {
  std::vector<const core::Volume<float>*> columns;
  std::vector<double> unitGy;
  std::vector<double> start;
  std::vector<std::size_t> groups;  // a beam's segments take their MU from the beam's
  for (std::size_t b = 0; b < segments.size(); ++b) {
    groups.push_back(segments[b].size());
    const double atIsocentre =
        core::sampleTrilinear(segments[b].front().gyPerMu, openBeams[b].isocenterMm).value_or(0);
    if (!(atIsocentre > 0))
      throw Error(ErrorCode::BadInput, "field-in-field: beam " + openBeams[b].name + " gives no dose at its isocentre");
    for (const Segment& segment : segments[b]) {
      columns.push_back(&segment.gyPerMu);
      unitGy.push_back(atIsocentre);
      start.push_back(segment.mu * atIsocentre);
    }
  }
  const Eigen::VectorXd w =
      leastHotWeights(unitDoses(columns, unitGy, hotIn, target),
                      Eigen::Map<const Eigen::VectorXd>(start.data(), Eigen::Index(start.size())), TARGET_CEILING,
                      groups);
  std::size_t c = 0;
  for (auto& beamSegments : segments)
    for (Segment& segment : beamSegments) {
      segment.mu = w(Eigen::Index(c)) / unitGy[c];
      ++c;
    }
}

// Drops the segments that the normalised plan gives fewer MU than the machine's minimum (the
// beam's largest segment always stays); whether any was dropped.
bool dropSegmentsBelowMinimum(Segments& segments, const Plan& plan, std::vector<std::string>& why) {
  bool dropped = false;
  for (std::size_t b = 0; b < segments.size(); ++b) {
    const double scale = plan.muPerFraction[b] / totalMu(segments[b]);
    const auto largest = std::max_element(segments[b].begin(), segments[b].end(),
                                          [](const Segment& a, const Segment& c) { return a.mu < c.mu; });
    const double largestMu = largest->mu;
    const auto end = std::remove_if(segments[b].begin(), segments[b].end(), [&](const Segment& s) {
      return s.mu != largestMu && s.mu * scale < plan.machine.minMuPerSegment;
    });
    if (end == segments[b].end()) continue;
    segments[b].erase(end, segments[b].end());
    why[b] = "a subfield fell below " + core::shortestText(plan.machine.minMuPerSegment) + " MU (minMuPerSegment)";
    dropped = true;
  }
  return dropped;
}

// How far the target is from ICRU 83's homogeneity, percentage points of the prescription.
double shortfall(const Homogeneity& h) {
  return std::max(0.0, h.d2Percent - HOMOGENEOUS_D2_PERCENT) + std::max(0.0, HOMOGENEOUS_D98_PERCENT - h.d98Percent);
}

// The hottest dose inside BODY, % of the prescription (0 without a BODY voxel on the grid).
double maximumPercent(const Plan& plan, const structure::Structure& body) {
  const auto maximum = eval::doseMaximumWithin(plan.doseGy, body.mask);
  return maximum ? maximum->percentOf(plan.rx.totalDoseGy) : 0;
}

// Done: the target homogeneous (ICRU 83) and no hot spot above eval::GLOBAL_MAX_LIMIT_PERCENT in
// BODY, which approval would have to accept.
bool finished(const Plan& plan, const structure::Structure& body) {
  const auto maximum = eval::doseMaximumWithin(plan.doseGy, body.mask);
  return targetHomogeneity(plan).icru83() && (!maximum || !hotSpotWarning(plan, *maximum));
}

Homogeneity homogeneityOf(const core::Volume<float>& doseGy, const structure::Structure& target, double rxGy) {
  eval::DoseDistribution dose;
  dose.doseGy = doseGy;
  const eval::DoseStatistics stats = eval::doseStatistics(eval::computeDvh(target.contours, dose));
  return {100 * stats.d2Gy / rxGy, 100 * stats.d98Gy / rxGy};
}

// The plan's dose above levelGy inside BODY, on the CT's grid, as a structure to shield.
structure::Structure hotRegion(const Plan& plan, const structure::Structure& body, double levelGy) {
  eval::DoseDistribution dose;
  dose.doseGy = plan.doseGy;
  structure::Structure hot;
  hot.name = "dose above " + core::shortestText(levelGy) + " Gy";
  hot.mask = eval::isodoseMask(dose, levelGy, body.mask.geometry());
  auto values = hot.mask.values();
  const auto inside = body.mask.values();
  for (std::size_t v = 0; v < values.size(); ++v) values[v] = values[v] && inside[v];
  hot.contours = structure::extractContours(hot.mask);
  return hot;
}

// The engine's dose per MU of beams, with progress mapped into [from, to] of the whole.
std::optional<std::vector<core::Volume<float>>> segmentDoses(const core::Volume<float>& rho,
                                                             const std::vector<dose::Beam>& beams,
                                                             const eval::DoseEngineData& engine,
                                                             const dose::BeamDoseOptions& options, double from, double to) {
  dose::BeamDoseOptions mapped = options;
  if (options.progress)
    mapped.progress = [&](double fraction, std::string_view stage) {
      return options.progress(from + fraction * (to - from), "field-in-field: " + std::string(stage));
    };
  return dose::beamDosesGyPerMu(rho, beams, engine.machine, engine.model, mapped);
}

std::string describeSegments(const Plan& plan, std::size_t beam, const std::string& why) {
  const std::string& name = plan.beams[beam].name;
  const std::vector<double> mu = segmentMuPerFraction(plan, beam);  // the open field first
  if (mu.size() == 1) return name + ": no subfield (" + why + ")";
  std::string text = name + ": " + std::to_string(mu.size() - 1) + (mu.size() == 2 ? " subfield (" : " subfields (");
  for (std::size_t s = 1; s < mu.size(); ++s) text += (s > 1 ? ", " : "") + core::fixedText(mu[s], 1);
  return text + " MU), open field " + core::fixedText(mu.front(), 1) + " MU";
}

}  // namespace

FieldInFieldOptions parseFieldInField(std::string_view text) {
  const auto refuse = [&] {
    throw Error(ErrorCode::BadInput, "field-in-field '" + std::string(text) +
                                         "'; expected LEVEL:N, the isodose level in % of the prescription (100 to "
                                         "150) and the subfields per beam (1 to 10), e.g. 105:3");
  };
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) refuse();
  FieldInFieldOptions options;
  const std::string_view level = text.substr(0, colon), count = text.substr(colon + 1);
  const auto [levelEnd, levelError] = std::from_chars(level.data(), level.data() + level.size(), options.levelPercent);
  const auto [countEnd, countError] = std::from_chars(count.data(), count.data() + count.size(), options.maxSubfields);
  if (levelError != std::errc{} || levelEnd != level.data() + level.size() || countError != std::errc{} ||
      countEnd != count.data() + count.size() || !(options.levelPercent >= 100 && options.levelPercent <= 150) ||
      options.maxSubfields < 1 || options.maxSubfields > 10)
    refuse();
  return options;
}

std::string describe(const FieldInFieldSummary& summary, const std::string& target) {
  const auto percent = [](double value) { return core::fixedText(value, 1) + " %"; };
  return "field-in-field " + core::shortestText(summary.options.levelPercent) + " %, up to " +
         std::to_string(summary.options.maxSubfields) + " subfields per beam: " + target + " D2 " +
         percent(summary.before.d2Percent) + " -> " + percent(summary.after.d2Percent) + ", D98 " +
         percent(summary.before.d98Percent) + " -> " + percent(summary.after.d98Percent) + " of the prescription, " +
         (summary.after.icru83() ? "homogeneous (ICRU 83)" : "not homogeneous (ICRU 83: D2 <= 107 %, D98 >= 95 %)");
}

Homogeneity targetHomogeneity(const Plan& plan) {
  return homogeneityOf(plan.doseGy, plan.normalisedOn, plan.rx.totalDoseGy);
}

std::optional<FieldInFieldResult> fieldInField(const Plan& plan, const core::CtImage& ct,
                                               const std::vector<structure::Structure>& structures,
                                               const eval::DoseEngineData& engine, const FieldInFieldOptions& options,
                                               const dose::BeamDoseOptions& doseOptions) {
  const structure::Structure* body = structure::findBody(structures);
  if (body == nullptr) throw Error(ErrorCode::BadInput, "field-in-field: no BODY (EXTERNAL) structure");
  std::vector<dose::Beam> openBeams = plan.beams;
  for (dose::Beam& beam : openBeams) {
    if (!beam.leaves)
      throw Error(ErrorCode::BadInput, "field-in-field: beam " + beam.name + " has no MLC leaves to make subfields with");
    beam.subfields.clear();
  }
  const double levelGy = options.levelPercent / 100 * plan.rx.totalDoseGy;
  const std::string level = core::shortestText(options.levelPercent) + " %";
  // Progress: a share per round's engine run and one for the final calculation.
  const double rounds = options.maxSubfields + 1;
  const core::Volume<float> rho =
      dose::densityOnGrid(ct.hu, body->mask, engine.densityCurve, plan.doseGy.geometry(), doseOptions.threads);

  Segments segments(openBeams.size());
  const bool hadSubfields = std::any_of(plan.beams.begin(), plan.beams.end(),
                                        [](const dose::Beam& beam) { return !beam.subfields.empty(); });
  std::vector<core::Volume<float>> openDoses = plan.beamGyPerMu;
  if (hadSubfields) {
    auto doses = segmentDoses(rho, openBeams, engine, doseOptions, 0, 0);
    if (!doses) return std::nullopt;
    openDoses = std::move(*doses);
  }
  for (std::size_t b = 0; b < openBeams.size(); ++b)
    segments[b].push_back({*openBeams[b].leaves, std::move(openDoses[b]), plan.muPerFraction[b]});
  std::vector<std::string> why(openBeams.size(), "the target was homogeneous and the maximum within " +
                                                     core::shortestText(eval::GLOBAL_MAX_LIMIT_PERCENT) + " %");

  Plan current = assemble(plan, openBeams, segments);
  for (int round = 0; round < options.maxSubfields && !finished(current, *body); ++round) {
    const structure::Structure hot = hotRegion(current, *body, levelGy);
    if (hot.contours.empty()) {
      for (std::size_t b = 0; b < why.size(); ++b)
        if (segments[b].size() == 1) why[b] = "no dose above " + level;
      break;
    }
    std::vector<dose::Beam> subfieldBeams;
    std::vector<std::size_t> ofBeam;
    for (std::size_t b = 0; b < openBeams.size(); ++b) {
      const beams::ShieldedBeam shielded = beams::shieldOrgan(openBeams[b], hot, plan.normalisedOn, engine.machine,
                                                              {0, 0, beams::OverlapRule::OrganFirst});
      const bool known = std::any_of(segments[b].begin(), segments[b].end(),
                                     [&](const Segment& s) { return s.leaves == *shielded.beam.leaves; });
      if (shielded.pairsMoved == 0 || known) {
        if (segments[b].size() == 1) why[b] = "no dose above " + level + " in its field";
        continue;
      }
      subfieldBeams.push_back(shielded.beam);
      ofBeam.push_back(b);
    }
    if (subfieldBeams.empty()) break;
    auto doses = segmentDoses(rho, subfieldBeams, engine, doseOptions, round / rounds, (round + 1) / rounds);
    if (!doses) return std::nullopt;
    const Homogeneity was = targetHomogeneity(current);
    const double wasMaximumPercent = maximumPercent(current, *body);
    // Nothing gets worse: neither the target's distance from homogeneity nor a maximum above the
    // hot-spot limit.
    const auto noWorse = [&](const Plan& candidate) {
      return shortfall(targetHomogeneity(candidate)) <= shortfall(was) &&
             maximumPercent(candidate, *body) <= std::max(wasMaximumPercent, eval::GLOBAL_MAX_LIMIT_PERCENT);
    };
    // An inhomogeneous target comes first: its own hottest dose is lowered. A homogeneous one
    // leaves the round to the hottest dose in BODY.
    const structure::Mask& hotIn = was.icru83() ? body->mask : plan.normalisedOn.mask;
    for (std::size_t n = 0; n < subfieldBeams.size(); ++n)
      segments[ofBeam[n]].push_back({*subfieldBeams[n].leaves, std::move((*doses)[n]), 0});
    const std::vector<double> previousMu = muOf(segments);
    for (std::size_t n = 0; n < subfieldBeams.size(); ++n) {
      std::vector<Segment>& beamSegments = segments[ofBeam[n]];
      beamSegments.back().mu = NEW_SUBFIELD_SHARE * beamSegments.front().mu;
      beamSegments.front().mu -= beamSegments.back().mu;
    }
    solveSegmentMu(segments, openBeams, hotIn, plan.normalisedOn.mask);
    current = assemble(plan, openBeams, segments);
    // The least hot MU of one may cost the other: the step towards them is cut back as far as
    // that needs.
    const bool cutBack = !noWorse(current);
    double kept = 1;
    if (cutBack) {
      const std::vector<double> solvedMu = muOf(segments);
      double lost = 1;
      kept = 0;
      for (int step = 0; step < CUT_BACK_STEPS; ++step) {
        const double t = 0.5 * (kept + lost);
        setMu(segments, previousMu, solvedMu, t);
        (noWorse(assemble(plan, openBeams, segments)) ? kept : lost) = t;
      }
      setMu(segments, previousMu, solvedMu, kept);
      current = assemble(plan, openBeams, segments);
    }
    while (dropSegmentsBelowMinimum(segments, current, why)) {
      if (!cutBack) solveSegmentMu(segments, openBeams, hotIn, plan.normalisedOn.mask);
      current = assemble(plan, openBeams, segments);
    }
    if (kept == 0) {
      for (std::size_t b : ofBeam)
        if (segments[b].size() == 1) why[b] = "shielding the dose above " + level + " would make the target less homogeneous or the maximum hotter";
      break;
    }
  }

  // The dose of the final beams is the engine's, from their mixed fluence, not the sum above.
  dose::BeamDoseOptions last = doseOptions;
  if (doseOptions.progress)
    last.progress = [&](double fraction, std::string_view stage) {
      return doseOptions.progress((rounds - 1 + fraction) / rounds, stage);
    };
  const double gridMm = plan.doseGy.geometry().spacingMm()[0];
  auto computed = computePlan(ct, structures, current.beams, plan.rx, engine, gridMm, last);
  if (!computed) return std::nullopt;
  computed->label = plan.label;
  computed->name = plan.name;
  FieldInFieldResult result{std::move(*computed), {options, targetHomogeneity(plan), {}, {}}};
  result.summary.after = targetHomogeneity(result.plan);
  for (std::size_t b = 0; b < result.plan.beams.size(); ++b)
    result.summary.beams.push_back(describeSegments(result.plan, b, why[b]));
  return result;
}

}  // namespace kerma::plan
