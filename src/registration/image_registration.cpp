#include "kerma/registration/image_registration.h"

#include "itk_rigid.h"

#include <Eigen/SVD>

namespace kerma::registration {

namespace {

itkbridge::PlainImage plainImage(const core::CtVolume& ct) {
  const core::VolumeGeometry& g = ct.geometry();
  itkbridge::PlainImage plain;
  for (int a = 0; a < 3; ++a) {
    plain.size[std::size_t(a)] = g.size()[std::size_t(a)];
    plain.spacingMm[std::size_t(a)] = g.spacingMm()[std::size_t(a)];
    for (int b = 0; b < 3; ++b) plain.direction[std::size_t(3 * a + b)] = g.directionCosines()(a, b);
  }
  plain.originMm = {g.originMm().x, g.originMm().y, g.originMm().z};
  plain.hu = ct.values().data();
  return plain;
}

// ITK's transform maps fixed points to moving ones; Kerma's the other way. The rotation of a
// given transform is made orthonormal (the nearest rotation, by SVD) for ITK's versor.
itkbridge::PlainRigid movingFromFixed(const RigidTransform& fixedFromMoving) {
  const Eigen::Affine3d m = fixedFromMoving.inverse().matrix();
  const Eigen::JacobiSVD<Eigen::Matrix3d> svd(m.linear(), Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::Matrix3d rotation = svd.matrixU() * svd.matrixV().transpose();
  itkbridge::PlainRigid plain;
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) plain.rotation[std::size_t(3 * a + b)] = rotation(a, b);
    plain.translationMm[std::size_t(a)] = m.translation()(a);
  }
  return plain;
}

RigidTransform fixedFromMoving(const itkbridge::PlainRigid& movingFromFixed) {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) m.linear()(a, b) = movingFromFixed.rotation[std::size_t(3 * a + b)];
    m.translation()(a) = movingFromFixed.translationMm[std::size_t(a)];
  }
  return RigidTransform(m).inverse();
}

}  // namespace

RigidRegistration registerRigid(const core::CtVolume& fixed, const core::CtVolume& moving,
                                const RigidRegistrationOptions& options) {
  const auto initial = options.initial ? std::optional(movingFromFixed(*options.initial)) : std::nullopt;
  const itkbridge::PlainResult plain =
      itkbridge::registerRigid(plainImage(fixed), plainImage(moving),
                               options.boneOnly ? std::optional(options.boneHu) : std::nullopt, initial);
  return {fixedFromMoving(plain.movingFromFixed), plain.metricValue, plain.iterations, plain.stopCondition};
}

}  // namespace kerma::registration
