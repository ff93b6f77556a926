#include "kerma/plan/reference_points.h"

#include "kerma/core/error.h"
#include "kerma/eval/radiobiology.h"

#include <algorithm>

namespace kerma::plan {

namespace {
// The names of the plan's own points: an extra point may not take them, whether the plan has them
// yet or not.
constexpr const char* ISOCENTRE = "Isocentre";
constexpr const char* PRESCRIPTION_POINT = "Prescription point";
}  // namespace

std::vector<ReferencePoint> referencePoints(const Plan& plan, const std::vector<ReferencePoint>& extra) {
  std::vector<ReferencePoint> points;
  if (!plan.beams.empty()) points.push_back({ISOCENTRE, plan.beams.front().isocenterMm});
  if (plan.rx.normalisation == eval::Normalisation::Point && plan.rx.pointMm)
    points.push_back({PRESCRIPTION_POINT, *plan.rx.pointMm});
  for (const ReferencePoint& point : extra) {
    if (point.name.empty()) throw Error(ErrorCode::BadInput, "a reference point without a name; expected a name");
    if (point.name == ISOCENTRE || point.name == PRESCRIPTION_POINT)
      throw Error(ErrorCode::BadInput, "reference point '" + point.name + "': the plan's own point has that name; expected another");
    if (std::any_of(points.begin(), points.end(), [&](const ReferencePoint& p) { return p.name == point.name; }))
      throw Error(ErrorCode::BadInput, "reference point '" + point.name + "' is named twice; expected one name each");
    points.push_back(point);
  }
  return points;
}

std::vector<std::optional<PointDose>> pointDoses(const Plan& plan, const std::vector<ReferencePoint>& points) {
  std::vector<std::optional<PointDose>> doses;
  for (const ReferencePoint& point : points) {
    PointDose dose{point, {}, 0, 0};
    bool inside = true;
    for (std::size_t b = 0; b < plan.beams.size() && inside; ++b) {
      const auto gyPerMu = core::sampleTrilinear(plan.beamGyPerMu[b], point.positionMm);
      inside = gyPerMu.has_value();
      if (inside) dose.beamGyPerFraction.push_back(*gyPerMu * plan.muPerFraction[b]);
    }
    if (!inside) {
      doses.emplace_back();
      continue;
    }
    for (const double gy : dose.beamGyPerFraction) dose.fractionGy += gy;
    dose.totalGy = dose.fractionGy * plan.rx.fractions;
    doses.push_back(std::move(dose));
  }
  return doses;
}

std::vector<CumulativePointDose> cumulativePointDoses(const Plan& plan, const std::vector<ReferencePoint>& points,
                                                      const std::vector<PriorCourseDose>& priors, double alphaBetaGy) {
  if (!(alphaBetaGy > 0))
    throw Error(ErrorCode::BadInput, "alpha/beta " + std::to_string(alphaBetaGy) + " Gy; expected a positive value");
  const std::vector<std::optional<PointDose>> planned = pointDoses(plan, points);
  std::vector<CumulativePointDose> cumulative;
  for (std::size_t n = 0; n < points.size(); ++n) {
    CumulativePointDose point;
    double physical = 0, eqd2 = 0;
    bool everywhere = planned[n].has_value();
    if (planned[n]) {
      physical += planned[n]->totalGy;
      eqd2 += eval::eqd2Gy(planned[n]->totalGy, plan.rx.fractions, alphaBetaGy);
    }
    for (const PriorCourseDose& prior : priors) {
      if (prior.fractions < 1)
        throw Error(ErrorCode::BadInput, "course " + prior.label + " has " + std::to_string(prior.fractions) +
                                             " fractions; expected at least 1");
      const std::optional<double> gy = core::sampleTrilinear(*prior.doseGy, points[n].positionMm);
      point.priorGy.push_back(gy);
      everywhere = everywhere && gy.has_value();
      if (gy) {
        physical += *gy;
        eqd2 += eval::eqd2Gy(*gy, prior.fractions, alphaBetaGy);
      }
    }
    if (everywhere) {
      point.physicalGy = physical;
      point.eqd2Gy = eqd2;
    }
    cumulative.push_back(std::move(point));
  }
  return cumulative;
}

}  // namespace kerma::plan
