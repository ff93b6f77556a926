#include "kerma/plan/plan.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/eval/monitor_units.h"
#include "kerma/structure/contour_extraction.h"

#include <algorithm>

namespace kerma::plan {

namespace {

std::vector<dose::BeamMonitorUnits> monitorUnitsOf(const Plan& plan) {
  std::vector<dose::BeamMonitorUnits> monitorUnits;
  for (std::size_t b = 0; b < plan.beams.size(); ++b) {
    dose::BeamMonitorUnits beamMu{plan.beams[b].name, plan.muPerFraction[b], {}};
    if (!plan.beams[b].subfields.empty()) beamMu.segmentMonitorUnits = segmentMuPerFraction(plan, b);
    monitorUnits.push_back(std::move(beamMu));
  }
  return monitorUnits;
}

}  // namespace

std::optional<Plan> computePlan(const core::CtImage& ct, const std::vector<structure::Structure>& structures,
                                std::vector<dose::Beam> beams, const eval::Prescription& rx,
                                const eval::DoseEngineData& engine, double gridMm, const dose::BeamDoseOptions& options,
                                PlanTimes* times) {
  if (beams.empty()) throw Error(ErrorCode::BadInput, "the plan has no beams; make them from a template first");
  const structure::Structure* body = structure::findBody(structures);
  if (!body) throw Error(ErrorCode::BadInput, "no BODY (EXTERNAL) structure; expected the patient outline");
  const auto target = std::find_if(structures.begin(), structures.end(),
                                   [&](const structure::Structure& s) { return s.name == rx.target; });
  if (target == structures.end())
    throw Error(ErrorCode::BadInput, "the structure to normalise on, '" + rx.target + "', is not among the structures");

  Plan plan;
  plan.rx = rx;
  plan.machine = engine.machine;
  // Edited masks may have outgrown their contours: the normalisation reads the target's DVH.
  plan.normalisedOn = *target;
  plan.normalisedOn.contours = structure::extractContours(plan.normalisedOn.mask);
  auto calculation = eval::calculatePlanDose(ct.hu, *body, &plan.normalisedOn, beams, rx, engine, gridMm, options);
  if (!calculation) return std::nullopt;
  plan.beams = std::move(beams);
  plan.muPerFraction = std::move(calculation->plan.muPerFraction);
  plan.beamGyPerMu = std::move(calculation->beamGyPerMu);
  plan.doseGy = std::move(calculation->plan.doseGy);
  plan.normalisationDoseGy = calculation->plan.normalisationDoseGy;
  if (times) *times = {calculation->densityS, calculation->monitorUnitsS, calculation->stageTimes};
  return plan;
}

bool onlyWeightsChanged(const Plan& plan, const std::vector<dose::Beam>& beams) {
  if (beams.size() != plan.beams.size()) return false;
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const dose::Beam& was = plan.beams[b];
    const dose::Beam& now = beams[b];
    // Neither the name nor the weight enters a beam's Gy/MU; everything else does.
    if (was.gantryAngleDeg != now.gantryAngleDeg || was.collimatorAngleDeg != now.collimatorAngleDeg ||
        was.couchAngleDeg != now.couchAngleDeg || was.patientPosition != now.patientPosition ||
        !(was.isocenterMm == now.isocenterMm) || !(was.jawsMm == now.jawsMm) || was.leaves != now.leaves ||
        was.subfields != now.subfields || was.ssdMm != now.ssdMm || was.energy != now.energy)
      return false;
  }
  return true;
}

void reweight(Plan& plan, const std::vector<dose::Beam>& beams) {
  eval::NormalisedPlanDose summed = eval::normaliseToPrescription(plan.beamGyPerMu, beams, plan.rx, &plan.normalisedOn);
  plan.beams = beams;
  plan.muPerFraction = std::move(summed.muPerFraction);
  plan.doseGy = std::move(summed.doseGy);
  plan.normalisationDoseGy = summed.normalisationDoseGy;
}

std::vector<double> segmentMuPerFraction(const Plan& plan, std::size_t beam) {
  const dose::Beam& b = plan.beams[beam];
  std::vector<double> mu{plan.muPerFraction[beam] * b.openFieldShare()};
  for (const dose::Subfield& subfield : b.subfields) mu.push_back(plan.muPerFraction[beam] * subfield.metersetShare);
  return mu;
}

eval::DoseDistribution doseDistribution(const Plan& plan, const core::SeriesIdentity& ct) {
  eval::DoseDistribution dose;
  dose.identity = ct;
  dose.identity.modality = "RTDOSE";
  dose.doseGy = plan.doseGy;
  return dose;
}

std::vector<dose::DeliveryLimitWarning> deliveryWarnings(const Plan& plan) {
  return dose::checkDeliveryLimits(plan.machine, plan.rx.dosePerFractionGy(), monitorUnitsOf(plan));
}

void requireDeliverable(const Plan& plan) {
  dose::requireWithinDeliveryLimits(plan.machine, plan.rx.dosePerFractionGy(), monitorUnitsOf(plan));
}

std::optional<eval::DoseMaximum> globalMaximum(const Plan& plan, const std::vector<structure::Structure>& structures) {
  const structure::Structure* body = structure::findBody(structures);
  if (body == nullptr) return std::nullopt;
  return eval::doseMaximumWithin(plan.doseGy, body->mask);
}

std::optional<std::string> hotSpotWarning(const Plan& plan, const eval::DoseMaximum& maximum) {
  if (maximum.percentOf(plan.rx.totalDoseGy) <= eval::GLOBAL_MAX_LIMIT_PERCENT) return std::nullopt;
  return "global maximum " + eval::describe(maximum, plan.rx.totalDoseGy) + ", above " +
         core::shortestText(eval::GLOBAL_MAX_LIMIT_PERCENT) + " %";
}

std::string describeOrigin(const Plan& plan) {
  return "computed: " + std::to_string(plan.beams.size()) + " beams on " + plan.rx.target + ", " + eval::describe(plan.rx);
}

}  // namespace kerma::plan
