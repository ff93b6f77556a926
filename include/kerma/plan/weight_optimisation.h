#ifndef KERMA_PLAN_WEIGHT_OPTIMISATION_H
#define KERMA_PLAN_WEIGHT_OPTIMISATION_H

#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/plan/plan.h"
#include "kerma/structure/structure.h"

#include <Eigen/Core>

#include <limits>
#include <vector>

namespace kerma::plan {

/// Share of the dose in the target below which a target voxel counts as under-dosed while the
/// weights are optimised (relative to the target's mean): ICRU 83 asks D98 >= 95 %.
inline constexpr double OPTIMISATION_COVERAGE_FRACTION = 0.97;
/// Least weight a beam keeps, as a share of the mean weight: a beam that the optimum would switch
/// off stays in the plan (MU need a positive weight) for the planner to delete.
inline constexpr double MIN_WEIGHT_FRACTION = 0.01;

/// Dose per unit weight of each beam or segment (columns) at the voxels that matter (rows).
struct UnitDoses {
  Eigen::MatrixXd body;    ///< BODY's voxels where some column at unit weight gives > 20 % of a unit
  Eigen::MatrixXd target;  ///< the target's voxels
};

/// The UnitDoses of doses (one per column, one grid) divided by unitGy (one per column), at the
/// voxels whose centres lie in body and in target. Throws kerma::Error (BadInput) when either
/// has no such voxel.
UnitDoses unitDoses(const std::vector<const core::Volume<float>*>& doses, const std::vector<double>& unitGy,
                    const structure::Mask& body, const structure::Mask& target);

/// The non-negative weights of the columns that make the dose in BODY as little hot as it can be
/// while the target stays covered (the problem optimiseWeights states), from start (positive
/// weights). Target voxels above targetCeiling times the target's mean weigh as under-covered
/// ones do (field-in-field keeps the target homogeneous so); infinity: no ceiling. With
/// groupSizes, consecutive columns in groups of those sizes keep the sum of their start weights
/// (each beam's segments share its MU); empty: every weight is free. Throws kerma::Error
/// (Internal) when the solver finds none.
Eigen::VectorXd leastHotWeights(const UnitDoses& doses, const Eigen::VectorXd& start,
                                double targetCeiling = std::numeric_limits<double>::infinity(),
                                const std::vector<std::size_t>& groupSizes = {});

/// Beam weights that keep the target covered and make the global maximum as low as it can be:
/// *Optimise weights*. Each beam's dose per unit weight is its Gy/MU over its dose at its
/// isocentre (as eval::normaliseToPrescription weighs beams), so the dose of any weights is their
/// sum without the engine. Minimised with Eigen's Levenberg–Marquardt (weights as squares, so
/// they stay positive): the dose relative to the target's mean inside BODY to the 20th power (a
/// smooth stand-in for the maximum: the sum of squares is the 40-norm), and how far each target
/// voxel falls below OPTIMISATION_COVERAGE_FRACTION of that mean. Returns plan's beams with the
/// new weights (their sum kept); reweight gives the plan. Throws kerma::Error (BadInput) without
/// a BODY among structures, or when the target or BODY has no voxel on the dose grid.
std::vector<dose::Beam> optimiseWeights(const Plan& plan, const std::vector<structure::Structure>& structures);

}  // namespace kerma::plan

#endif  // KERMA_PLAN_WEIGHT_OPTIMISATION_H
