#ifndef KERMA_PLAN_REFERENCE_POINTS_H
#define KERMA_PLAN_REFERENCE_POINTS_H

#include "kerma/core/geometry.h"
#include "kerma/plan/plan.h"

#include <optional>
#include <string>
#include <vector>

namespace kerma::plan {

/// A named point where a plan's dose is documented: the isocentre, the prescription point, a
/// point in an organ at risk.
struct ReferencePoint {
  std::string name;
  core::Point3<core::Patient> positionMm;
};

/// The dose of a plan at a reference point: what each beam gives per fraction, the fraction's
/// total and the course's. Trilinear between dose voxel centres (core::sampleTrilinear).
struct PointDose {
  ReferencePoint point;
  /// Per beam, in the plan's beam order: its Gy/MU at the point times its MU per fraction.
  std::vector<double> beamGyPerFraction;
  double fractionGy = 0;
  double totalGy = 0;  ///< fractionGy times the prescription's fractions
};

/// The points every plan documents: "Isocentre" (the first beam's), and "Prescription point"
/// when the plan is normalised to a point; then extra, in order. Throws kerma::Error (BadInput)
/// when a name is empty, given twice or one of the plan's own.
std::vector<ReferencePoint> referencePoints(const Plan& plan, const std::vector<ReferencePoint>& extra = {});

/// The dose of plan at each point; nullopt for a point outside the dose grid (between the
/// outermost voxel centres).
std::vector<std::optional<PointDose>> pointDoses(const Plan& plan, const std::vector<ReferencePoint>& points);

/// A course given before the plan (re-irradiation), as the points need it: its label, its whole
/// physical dose (Gy, in the plan's Frame of Reference) and its fractions.
struct PriorCourseDose {
  std::string label;
  const core::Volume<float>* doseGy = nullptr;
  int fractions = 1;
};

/// The dose at a point over all courses: each prior course's physical dose (nullopt outside its
/// grid), the plan's (its PointDose), their sum, and the sum of each course's EQD2 at the point.
struct CumulativePointDose {
  std::vector<std::optional<double>> priorGy;
  std::optional<double> physicalGy;  ///< nullopt when a course's grid misses the point
  std::optional<double> eqd2Gy;      ///< likewise
};

/// The cumulative dose at each point of plan over priors and the plan (eval::eqd2Gy of each
/// course at its own fractions and alphaBetaGy), in the order of points. Throws kerma::Error
/// (BadInput) when alphaBetaGy is not positive or a course has fewer than one fraction.
std::vector<CumulativePointDose> cumulativePointDoses(const Plan& plan, const std::vector<ReferencePoint>& points,
                                                      const std::vector<PriorCourseDose>& priors, double alphaBetaGy);

}  // namespace kerma::plan

#endif  // KERMA_PLAN_REFERENCE_POINTS_H
