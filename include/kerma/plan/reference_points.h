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

}  // namespace kerma::plan

#endif  // KERMA_PLAN_REFERENCE_POINTS_H
