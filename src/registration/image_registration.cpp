#include "kerma/registration/image_registration.h"

#include "itk_rigid.h"

#include "kerma/core/parallel.h"

#include <Eigen/SVD>

#include <algorithm>

namespace kerma::registration {

namespace {

// The CT averaged over blocks of whole voxels up to the finest level's voxel size (0.98 mm pixels
// in pairs, 3 mm slices alone): what the finest level reads anyway, a quarter of the voxels for
// ITK's smoothing and a quieter image than ITK's shrinking, which picks one voxel of each block.
core::Volume<float> averagedForRegistration(const core::CtVolume& ct) {
  const core::VolumeGeometry& g = ct.geometry();
  std::array<int, 3> block{}, size{};
  for (std::size_t a = 0; a < 3; ++a) {
    block[a] = std::max(1, int(itkbridge::LEVEL_VOXEL_MM.back() / g.spacingMm()[a] + 1e-6));
    size[a] = std::max(1, g.size()[a] / block[a]);
    block[a] = std::min(block[a], g.size()[a]);
  }
  const core::Point3<core::Patient> origin = g.patientFromVoxel()(
      core::Point3<core::Voxel>{(block[0] - 1) / 2.0, (block[1] - 1) / 2.0, (block[2] - 1) / 2.0});
  const core::VolumeGeometry averagedGrid(
      size, origin, {g.spacingMm()[0] * block[0], g.spacingMm()[1] * block[1], g.spacingMm()[2] * block[2]},
      g.directionCosines());
  core::Volume<float> averaged(averagedGrid, 0.f);
  const float share = 1.f / float(block[0] * block[1] * block[2]);
  core::parallelFor(std::size_t(size[2]), 0, [&](std::size_t slice) {
    const int k = int(slice);
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i) {
        float sum = 0;
        for (int c = 0; c < block[2]; ++c)
          for (int b = 0; b < block[1]; ++b)
            for (int a = 0; a < block[0]; ++a)
              sum += ct.at({i * block[0] + a, j * block[1] + b, k * block[2] + c});
        averaged.at({i, j, k}) = sum * share;
      }
  });
  return averaged;
}

itkbridge::PlainImage plainImage(const core::Volume<float>& image) {
  const core::VolumeGeometry& g = image.geometry();
  itkbridge::PlainImage plain;
  for (int a = 0; a < 3; ++a) {
    plain.size[std::size_t(a)] = g.size()[std::size_t(a)];
    plain.spacingMm[std::size_t(a)] = g.spacingMm()[std::size_t(a)];
    for (int b = 0; b < 3; ++b) plain.direction[std::size_t(3 * a + b)] = g.directionCosines()(a, b);
  }
  plain.originMm = {g.originMm().x, g.originMm().y, g.originMm().z};
  plain.hu = image.values().data();
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
  const core::Volume<float> fixedImage = averagedForRegistration(fixed);
  const core::Volume<float> movingImage = averagedForRegistration(moving);
  const itkbridge::PlainResult plain =
      itkbridge::registerRigid(plainImage(fixedImage), plainImage(movingImage),
                               options.boneOnly ? std::optional(options.boneHu) : std::nullopt, initial);
  return {fixedFromMoving(plain.movingFromFixed), plain.metricValue, plain.iterations, plain.stopCondition};
}

}  // namespace kerma::registration
