#include "kerma/app/plan_comparison.h"

#include "kerma/core/number_text.h"

#include <algorithm>
#include <cmath>

namespace kerma::app {

namespace {

std::pair<float, float> differenceExtremesGy(const PlanComparison& comparison) {
  const auto values = comparison.difference->doseGy.values();
  if (values.empty()) return {0.f, 0.f};
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return {*low, *high};
}

// "+0.53", "-0.12", and "+0.00" for what rounds to nothing (never "-0.00").
std::string signedText(double value) {
  const std::string text = core::fixedText(value, 2);
  return text == "-0.00" ? "+0.00" : (value >= 0 ? "+" : "") + text;
}

}  // namespace

PlanComparison comparePlanDoses(const PlanDose& reference, const PlanDose& evaluated,
                                const std::vector<structure::Structure>& structures,
                                const eval::GammaCriteria& criteria, int threads) {
  std::vector<eval::ContouredStructure> contoured;
  for (const structure::Structure& s : structures)
    if (!s.contours.empty()) contoured.push_back({s.name, s.contours});
  PlanComparison comparison;
  comparison.referenceLabel = reference.origin;
  comparison.evaluatedLabel = evaluated.origin;
  comparison.prescriptionGy = reference.prescriptionGy;
  comparison.criteria = criteria;
  comparison.result = eval::compareDoses(*reference.dose, *evaluated.dose, contoured, criteria, threads);
  auto difference = std::make_shared<eval::DoseDistribution>();
  difference->identity = reference.dose->identity;
  difference->doseGy = comparison.result.differenceGy;
  comparison.difference = std::move(difference);
  auto gamma = std::make_shared<eval::DoseDistribution>();
  gamma->identity = reference.dose->identity;
  gamma->doseGy = comparison.result.gamma.gamma;
  comparison.gamma = std::move(gamma);
  return comparison;
}

DvhPlot comparisonPlot(const PlanComparison& comparison, const std::vector<structure::Structure>& structures) {
  const std::optional<double> prescriptionGy =
      comparison.prescriptionGy > 0 ? std::optional(comparison.prescriptionGy) : std::nullopt;
  DvhPlot plot;
  plot.doseAxisTitle = prescriptionGy ? "Dose (% of " + core::shortestText(*prescriptionGy) + " Gy)" : "Dose (Gy)";
  plot.volumeAxisTitle = "Volume (%)";
  const eval::DvhAxes axes{eval::VolumeUnit::Percent, prescriptionGy};
  for (const eval::StructureComparison& s : comparison.result.structures) {
    const auto structure = std::find_if(structures.begin(), structures.end(),
                                        [&](const structure::Structure& candidate) { return candidate.name == s.name; });
    const structure::Rgb colour = structure != structures.end() ? structure->colour : structure::Rgb{};
    plot.curves.push_back({s.name, colour, eval::cumulativeCurve(s.referenceDvh, s.referenceDvh.binWidthGy, axes)});
    DvhCurve evaluated{s.name + " (" + comparison.evaluatedLabel + ")", colour,
                       eval::cumulativeCurve(s.evaluatedDvh, s.evaluatedDvh.binWidthGy, axes)};
    evaluated.dashed = true;
    plot.curves.push_back(std::move(evaluated));
  }
  return plot;
}

TextTable comparisonTable(const PlanComparison& comparison) {
  TextTable table;
  table.headers = {"Structure"};
  const char* quantities[] = {"Dmean", "D95%", "D2%", "Dmax"};
  for (const char* quantity : quantities)
    for (const char* which : {"ref.", "eval.", "Δ"})
      table.headers.push_back(std::string(quantity) + " " + which + " (Gy)");
  for (const eval::StructureComparison& s : comparison.result.structures) {
    std::vector<std::string> row{s.name};
    const auto add = [&](double reference, double evaluated) {
      row.push_back(core::fixedText(reference, 2));
      row.push_back(core::fixedText(evaluated, 2));
      row.push_back(signedText(evaluated - reference));
    };
    add(s.reference.meanGy, s.evaluated.meanGy);
    add(s.reference.d95Gy, s.evaluated.d95Gy);
    add(s.reference.d2Gy, s.evaluated.d2Gy);
    add(s.reference.maxGy, s.evaluated.maxGy);
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string describe(const PlanComparison& comparison) {
  const auto& gamma = comparison.result.gamma;
  const auto [low, high] = differenceExtremesGy(comparison);
  return "gamma " + core::shortestText(comparison.criteria.dosePercent) + " %/" +
         core::shortestText(comparison.criteria.dtaMm) + " mm: " + core::fixedText(gamma.passRatePercent(), 1) + " % of " +
         std::to_string(gamma.evaluated) + " voxels pass; difference " + signedText(low) + " to " + signedText(high) + " Gy";
}

double differenceRangeGy(const PlanComparison& comparison) {
  const auto [low, high] = differenceExtremesGy(comparison);
  return std::max(std::abs(double(low)), std::abs(double(high)));
}

}  // namespace kerma::app
