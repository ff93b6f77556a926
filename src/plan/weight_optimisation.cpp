#include "kerma/plan/weight_optimisation.h"

#include "kerma/core/error.h"

#include <Eigen/Core>
#include <Eigen/QR>
#include <unsupported/Eigen/LevenbergMarquardt>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kerma::plan {

namespace {

// The sum of squares of (relative dose)^20 is the 40th power of its 40-norm, which moves the
// hottest voxels first, as the maximum would, and is smooth, which the maximum is not.
constexpr int HOT_POWER = 20;
// Weight of the coverage residuals against the hot ones: under-dosing the target is never the
// price of a lower maximum.
constexpr double COVERAGE_WEIGHT = 100;
// Voxels that no weights could make hot are left out: those whose dose from every beam at full
// weight stays below this share of the target's mean.
constexpr double RELEVANT_DOSE_FRACTION = 0.2;

// Dose per unit weight of each beam at the voxels that matter: rows are voxels, columns beams.
struct UnitDoses {
  Eigen::MatrixXd body;    // voxels inside BODY in the fields
  Eigen::MatrixXd target;  // voxels inside the target
};

UnitDoses unitDoses(const Plan& plan, const structure::Mask& body) {
  const std::size_t beams = plan.beams.size();
  std::vector<double> atIsocentre(beams);
  for (std::size_t b = 0; b < beams; ++b) {
    atIsocentre[b] = core::sampleTrilinear(plan.beamGyPerMu[b], plan.beams[b].isocenterMm).value_or(0);
    if (!(atIsocentre[b] > 0))
      throw Error(ErrorCode::BadInput, "optimise weights: beam " + plan.beams[b].name + " gives no dose at its isocentre");
  }
  const core::VolumeGeometry& grid = plan.doseGy.geometry();
  std::vector<std::size_t> inBody, inTarget;
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const core::VoxelIndex v{i, j, k};
        const auto centre = grid.patientPoint(v);
        const std::size_t index = grid.linearIndex(v);
        if (structure::insideMask(plan.normalisedOn.mask, centre)) inTarget.push_back(index);
        double most = 0;
        for (std::size_t b = 0; b < beams; ++b) most = std::max(most, plan.beamGyPerMu[b].values()[index] / atIsocentre[b]);
        if (most > RELEVANT_DOSE_FRACTION && structure::insideMask(body, centre)) inBody.push_back(index);
      }
  if (inTarget.empty() || inBody.empty())
    throw Error(ErrorCode::BadInput, "optimise weights: the target " + plan.rx.target +
                                         " or BODY has no voxel on the dose grid in the fields");
  auto matrix = [&](const std::vector<std::size_t>& voxels) {
    Eigen::MatrixXd m(Eigen::Index(voxels.size()), Eigen::Index(beams));
    for (std::size_t r = 0; r < voxels.size(); ++r)
      for (std::size_t b = 0; b < beams; ++b) m(Eigen::Index(r), Eigen::Index(b)) = plan.beamGyPerMu[b].values()[voxels[r]] / atIsocentre[b];
    return m;
  };
  return {matrix(inBody), matrix(inTarget)};
}

// The residuals of the weights w = u² and their Jacobian, in the form Eigen's
// LevenbergMarquardt takes. With m the target's mean dose (t̄ · w, t̄ the target's mean unit
// doses) and r = B w / m the relative dose: hot residuals r^p, coverage residuals
// λ max(0, f - T w / m); ∂(x w / m)/∂w_b = (x_b - (x · w / m) t̄_b) / m, and ∂w_b/∂u_b = 2 u_b.
struct Residuals {
  using Scalar = double;
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;
  using QRSolver = Eigen::ColPivHouseholderQR<JacobianType>;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };

  const UnitDoses* doses = nullptr;
  Eigen::RowVectorXd targetMean;  // t̄

  Eigen::Index inputs() const { return doses->body.cols(); }
  Eigen::Index values() const { return doses->body.rows() + doses->target.rows(); }

  int operator()(const Eigen::VectorXd& u, Eigen::VectorXd& residuals) const {
    const Eigen::VectorXd w = u.array().square();
    const double mean = targetMean * w;
    if (!(mean > 0)) return -1;  // every weight zero: outside the problem
    residuals.head(doses->body.rows()) = ((doses->body * w) / mean).array().pow(HOT_POWER).matrix();
    residuals.tail(doses->target.rows()) =
        (COVERAGE_WEIGHT * (OPTIMISATION_COVERAGE_FRACTION - (doses->target * w).array() / mean).max(0.0)).matrix();
    return 0;
  }

  int df(const Eigen::VectorXd& u, Eigen::MatrixXd& jacobian) const {
    const Eigen::VectorXd w = u.array().square();
    const double mean = targetMean * w;
    if (!(mean > 0)) return -1;
    const Eigen::RowVectorXd chain = 2 * u.transpose();
    // ∂(relative dose)/∂u for the rows of x: (x - relative t̄) / m, times 2u per column.
    auto relativeDerivative = [&](const Eigen::MatrixXd& x, const Eigen::VectorXd& relative) {
      return (((x - relative * targetMean) / mean).array().rowwise() * chain.array()).matrix();
    };
    const Eigen::Index hot = doses->body.rows();
    const Eigen::VectorXd r = (doses->body * w) / mean;
    jacobian.topRows(hot) =
        (relativeDerivative(doses->body, r).array().colwise() * (HOT_POWER * r.array().pow(HOT_POWER - 1))).matrix();
    const Eigen::VectorXd s = (doses->target * w) / mean;
    const Eigen::VectorXd under = (s.array() < OPTIMISATION_COVERAGE_FRACTION).cast<double>();
    jacobian.bottomRows(doses->target.rows()) =
        (relativeDerivative(doses->target, s).array().colwise() * (-COVERAGE_WEIGHT * under.array())).matrix();
    return 0;
  }
};

}  // namespace

std::vector<dose::Beam> optimiseWeights(const Plan& plan, const std::vector<structure::Structure>& structures) {
  const structure::Structure* body = structure::findBody(structures);
  if (body == nullptr) throw Error(ErrorCode::BadInput, "optimise weights: no BODY (EXTERNAL) structure");
  const UnitDoses doses = unitDoses(plan, body->mask);
  Residuals residuals;
  residuals.doses = &doses;
  residuals.targetMean = doses.target.colwise().mean();
  Eigen::LevenbergMarquardt<Residuals> solver(residuals);
  const Eigen::Index beams = Eigen::Index(plan.beams.size());
  Eigen::VectorXd u(beams);
  for (Eigen::Index b = 0; b < beams; ++b) u(b) = std::sqrt(plan.beams[std::size_t(b)].weight);
  solver.minimize(u);

  Eigen::VectorXd w = u.array().square();
  if (!w.allFinite() || !(w.sum() > 0))
    throw Error(ErrorCode::Internal, "optimise weights: the solver found no weights (" +
                                         std::to_string(int(solver.info())) + "); the plan keeps its own");
  const double oldSum = std::accumulate(plan.beams.begin(), plan.beams.end(), 0.0,
                                        [](double sum, const dose::Beam& beam) { return sum + beam.weight; });
  w *= oldSum / w.sum();
  const double least = MIN_WEIGHT_FRACTION * oldSum / double(beams);
  std::vector<dose::Beam> optimised = plan.beams;
  for (Eigen::Index b = 0; b < beams; ++b) optimised[std::size_t(b)].weight = std::max(w(b), least);
  return optimised;
}

}  // namespace kerma::plan
