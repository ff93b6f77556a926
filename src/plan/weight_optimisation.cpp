#include "kerma/plan/weight_optimisation.h"

#include "kerma/core/error.h"

#include <Eigen/Core>
#include <Eigen/QR>
#include <unsupported/Eigen/LevenbergMarquardt>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

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


// The weights as the solver's unknowns u: free, w = u² (so they stay positive); in groups that
// keep their sum T, w_s = T u_s² / Σ_group u², with ∂w_s/∂u_k = 2T (u_s δ_sk / S - u_s² u_k / S²).
struct Parametrisation {
  std::vector<Eigen::Index> groupStart;  // group g: columns [groupStart[g], groupStart[g + 1]); empty: free
  Eigen::VectorXd groupTotal;            // T of each group

  // nullopt where a group has every weight zero: outside the problem.
  std::optional<Eigen::VectorXd> weights(const Eigen::VectorXd& u) const {
    Eigen::VectorXd w = u.array().square();
    for (std::size_t g = 0; g + 1 < groupStart.size(); ++g) {
      auto part = w.segment(groupStart[g], groupStart[g + 1] - groupStart[g]);
      const double sum = part.sum();
      if (!(sum > 0)) return std::nullopt;
      part *= groupTotal(Eigen::Index(g)) / sum;
    }
    return w;
  }

  Eigen::MatrixXd jacobian(const Eigen::VectorXd& u) const {
    Eigen::MatrixXd j = Eigen::MatrixXd(2 * u.asDiagonal());
    for (std::size_t g = 0; g + 1 < groupStart.size(); ++g) {
      const Eigen::Index first = groupStart[g], count = groupStart[g + 1] - first;
      const Eigen::VectorXd v = u.segment(first, count);
      const double sum = v.squaredNorm(), total = groupTotal(Eigen::Index(g));
      j.block(first, first, count, count) =
          2 * total * (Eigen::MatrixXd(v.asDiagonal()) / sum - v.array().square().matrix() * v.transpose() / (sum * sum));
    }
    return j;
  }
};

// The residuals of the weights w(u) and their Jacobian, in the form Eigen's LevenbergMarquardt
// takes. With m the target's mean dose (t̄ · w, t̄ the target's mean unit doses) and r = B w / m
// the relative dose: hot residuals r^p, coverage residuals λ max(0, f - T w / m), ceiling
// residuals λ max(0, T w / m - c); ∂(x w / m)/∂w_b = (x_b - (x · w / m) t̄_b) / m, times ∂w/∂u.
struct Residuals {
  using Scalar = double;
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;
  using QRSolver = Eigen::ColPivHouseholderQR<JacobianType>;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };

  const UnitDoses* doses = nullptr;
  Eigen::RowVectorXd targetMean;  // t̄
  double ceiling = 0;              // c
  Parametrisation parametrisation;

  Eigen::Index inputs() const { return doses->body.cols(); }
  Eigen::Index values() const { return doses->body.rows() + 2 * doses->target.rows(); }

  int operator()(const Eigen::VectorXd& u, Eigen::VectorXd& residuals) const {
    const auto weights = parametrisation.weights(u);
    if (!weights) return -1;
    const Eigen::VectorXd& w = *weights;
    const double mean = targetMean * w;
    if (!(mean > 0)) return -1;  // every weight zero: outside the problem
    residuals.head(doses->body.rows()) = ((doses->body * w) / mean).array().pow(HOT_POWER).matrix();
    const Eigen::ArrayXd s = (doses->target * w).array() / mean;
    residuals.segment(doses->body.rows(), doses->target.rows()) =
        (COVERAGE_WEIGHT * (OPTIMISATION_COVERAGE_FRACTION - s).max(0.0)).matrix();
    residuals.tail(doses->target.rows()) = (COVERAGE_WEIGHT * (s - ceiling).max(0.0)).matrix();
    return 0;
  }

  int df(const Eigen::VectorXd& u, Eigen::MatrixXd& jacobian) const {
    const auto weights = parametrisation.weights(u);
    if (!weights) return -1;
    const Eigen::VectorXd& w = *weights;
    const double mean = targetMean * w;
    if (!(mean > 0)) return -1;
    const Eigen::MatrixXd chain = parametrisation.jacobian(u);
    // ∂(relative dose)/∂u for the rows of x: (x - relative t̄) / m, times ∂w/∂u.
    auto relativeDerivative = [&](const Eigen::MatrixXd& x, const Eigen::VectorXd& relative) -> Eigen::MatrixXd {
      return ((x - relative * targetMean) / mean) * chain;
    };
    const Eigen::Index hot = doses->body.rows();
    const Eigen::VectorXd r = (doses->body * w) / mean;
    jacobian.topRows(hot) =
        (relativeDerivative(doses->body, r).array().colwise() * (HOT_POWER * r.array().pow(HOT_POWER - 1))).matrix();
    const Eigen::VectorXd s = (doses->target * w) / mean;
    const Eigen::VectorXd under = (s.array() < OPTIMISATION_COVERAGE_FRACTION).cast<double>();
    const Eigen::VectorXd over = (s.array() > ceiling).cast<double>();
    const Eigen::MatrixXd ds = relativeDerivative(doses->target, s);
    jacobian.middleRows(hot, doses->target.rows()) = (ds.array().colwise() * (-COVERAGE_WEIGHT * under.array())).matrix();
    jacobian.bottomRows(doses->target.rows()) = (ds.array().colwise() * (COVERAGE_WEIGHT * over.array())).matrix();
    return 0;
  }
};

}  // namespace

UnitDoses unitDoses(const std::vector<const core::Volume<float>*>& doses, const std::vector<double>& unitGy,
                    const structure::Mask& body, const structure::Mask& target) {
  const std::size_t columns = doses.size();
  const core::VolumeGeometry& grid = doses.front()->geometry();
  std::vector<std::size_t> inBody, inTarget;
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const core::VoxelIndex v{i, j, k};
        const auto centre = grid.patientPoint(v);
        const std::size_t index = grid.linearIndex(v);
        if (structure::insideMask(target, centre)) inTarget.push_back(index);
        double most = 0;
        for (std::size_t c = 0; c < columns; ++c) most = std::max(most, doses[c]->values()[index] / unitGy[c]);
        if (most > RELEVANT_DOSE_FRACTION && structure::insideMask(body, centre)) inBody.push_back(index);
      }
  if (inTarget.empty() || inBody.empty())
    throw Error(ErrorCode::BadInput, "optimise weights: the target or BODY has no voxel on the dose grid in the fields");
  auto matrix = [&](const std::vector<std::size_t>& voxels) {
    Eigen::MatrixXd m(Eigen::Index(voxels.size()), Eigen::Index(columns));
    for (std::size_t r = 0; r < voxels.size(); ++r)
      for (std::size_t c = 0; c < columns; ++c) m(Eigen::Index(r), Eigen::Index(c)) = doses[c]->values()[voxels[r]] / unitGy[c];
    return m;
  };
  return {matrix(inBody), matrix(inTarget)};
}

Eigen::VectorXd leastHotWeights(const UnitDoses& doses, const Eigen::VectorXd& start, double targetCeiling,
                                const std::vector<std::size_t>& groupSizes) {
  Residuals residuals;
  residuals.doses = &doses;
  residuals.targetMean = doses.target.colwise().mean();
  residuals.ceiling = targetCeiling;
  if (!groupSizes.empty()) {
    Parametrisation& p = residuals.parametrisation;
    p.groupStart = {0};
    for (const std::size_t size : groupSizes) p.groupStart.push_back(p.groupStart.back() + Eigen::Index(size));
    if (p.groupStart.back() != start.size())
      throw Error(ErrorCode::Internal, "optimise weights: groups of " + std::to_string(p.groupStart.back()) +
                                           " weights for " + std::to_string(start.size()));
    p.groupTotal.resize(Eigen::Index(groupSizes.size()));
    for (std::size_t g = 0; g < groupSizes.size(); ++g)
      p.groupTotal(Eigen::Index(g)) = start.segment(p.groupStart[g], p.groupStart[g + 1] - p.groupStart[g]).sum();
  }
  Eigen::LevenbergMarquardt<Residuals> solver(residuals);
  Eigen::VectorXd u = start.array().sqrt();
  solver.minimize(u);
  const Eigen::VectorXd w = residuals.parametrisation.weights(u).value_or(Eigen::VectorXd::Zero(start.size()));
  if (!w.allFinite() || !(w.sum() > 0))
    throw Error(ErrorCode::Internal, "optimise weights: the solver found no weights (" +
                                         std::to_string(int(solver.info())) + "); the plan keeps its own");
  return w;
}

std::vector<dose::Beam> optimiseWeights(const Plan& plan, const std::vector<structure::Structure>& structures) {
  const structure::Structure* body = structure::findBody(structures);
  if (body == nullptr) throw Error(ErrorCode::BadInput, "optimise weights: no BODY (EXTERNAL) structure");
  const std::size_t count = plan.beams.size();
  std::vector<const core::Volume<float>*> columns;
  std::vector<double> atIsocentre(count);
  Eigen::VectorXd start(static_cast<Eigen::Index>(count));
  for (std::size_t b = 0; b < count; ++b) {
    columns.push_back(&plan.beamGyPerMu[b]);
    atIsocentre[b] = core::sampleTrilinear(plan.beamGyPerMu[b], plan.beams[b].isocenterMm).value_or(0);
    if (!(atIsocentre[b] > 0))
      throw Error(ErrorCode::BadInput, "optimise weights: beam " + plan.beams[b].name + " gives no dose at its isocentre");
    start(Eigen::Index(b)) = plan.beams[b].weight;
  }
  Eigen::VectorXd w = leastHotWeights(unitDoses(columns, atIsocentre, body->mask, plan.normalisedOn.mask), start);
  const Eigen::Index beams = Eigen::Index(count);
  const double oldSum = std::accumulate(plan.beams.begin(), plan.beams.end(), 0.0,
                                        [](double sum, const dose::Beam& beam) { return sum + beam.weight; });
  w *= oldSum / w.sum();
  const double least = MIN_WEIGHT_FRACTION * oldSum / double(beams);
  std::vector<dose::Beam> optimised = plan.beams;
  for (Eigen::Index b = 0; b < beams; ++b) optimised[std::size_t(b)].weight = std::max(w(b), least);
  return optimised;
}

}  // namespace kerma::plan
