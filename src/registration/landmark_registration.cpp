#include "kerma/registration/landmark_registration.h"

#include "kerma/core/error.h"

#include <Eigen/SVD>

#include <cmath>

namespace kerma::registration {

namespace {

// Points closer to a line than this share of their spread span no plane: a rotation about the line
// would be undetermined.
constexpr double COLLINEAR_RATIO = 1e-6;

Eigen::Vector3d vec(const core::Point3<core::Patient>& p) { return {p.x, p.y, p.z}; }

// The points' deviations from their centroid, one per column, and whether they span more than a line.
Eigen::Matrix3Xd centred(const Eigen::Matrix3Xd& points, Eigen::Vector3d& centroid) {
  centroid = points.rowwise().mean();
  return points.colwise() - centroid;
}

bool spansAPlane(const Eigen::Matrix3Xd& deviations) {
  const Eigen::Vector3d singular = Eigen::JacobiSVD<Eigen::Matrix3Xd>(deviations).singularValues();
  return singular(1) > COLLINEAR_RATIO * singular(0);
}

}  // namespace

LandmarkRegistration registerLandmarks(const std::vector<LandmarkPair>& pairs) {
  if (pairs.size() < 3)
    throw Error(ErrorCode::BadInput, std::to_string(pairs.size()) +
                                         " landmark pairs; expected at least 3, not all on one line");
  Eigen::Matrix3Xd fixed(3, Eigen::Index(pairs.size())), moving(3, Eigen::Index(pairs.size()));
  for (std::size_t n = 0; n < pairs.size(); ++n) {
    fixed.col(Eigen::Index(n)) = vec(pairs[n].fixedMm);
    moving.col(Eigen::Index(n)) = vec(pairs[n].movingMm);
  }
  Eigen::Vector3d fixedCentroid, movingCentroid;
  const Eigen::Matrix3Xd p = centred(moving, movingCentroid), q = centred(fixed, fixedCentroid);
  if (!spansAPlane(p) || !spansAPlane(q))
    throw Error(ErrorCode::BadInput, "the landmarks lie on one line; expected at least 3 not on one line");
  // R maximises trace(R H) for H = P Qᵀ: R = V D Uᵀ with D = diag(1, 1, det(V Uᵀ)), so that a
  // reflection, which fits mirrored points, is never taken for a rotation.
  const Eigen::JacobiSVD<Eigen::Matrix3d> svd(p * q.transpose(), Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
  d(2, 2) = (svd.matrixV() * svd.matrixU().transpose()).determinant() < 0 ? -1 : 1;
  const Eigen::Matrix3d rotation = svd.matrixV() * d * svd.matrixU().transpose();
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = rotation;
  m.translation() = fixedCentroid - rotation * movingCentroid;

  LandmarkRegistration result{RigidTransform(m), {}, 0};
  double sumSquares = 0;
  for (const LandmarkPair& pair : pairs) {
    const double residual = (vec(result.fixedFromMoving(pair.movingMm)) - vec(pair.fixedMm)).norm();
    result.residualsMm.push_back(residual);
    sumSquares += residual * residual;
  }
  result.rmsResidualMm = std::sqrt(sumSquares / double(pairs.size()));
  return result;
}

}  // namespace kerma::registration
