#include "kerma/registration/image_registration.h"

#include "itk_bridge.h"

#include "kerma/core/parallel.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kerma::registration {

namespace {

constexpr float AIR_HU = -1000;
constexpr float OUTSIDE = -1e9f;  // marks the voxels the moving CT does not cover

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

itkbridge::PlainGrid plainGrid(const core::VolumeGeometry& g) {
  itkbridge::PlainGrid plain;
  for (int a = 0; a < 3; ++a) {
    plain.size[std::size_t(a)] = g.size()[std::size_t(a)];
    plain.spacingMm[std::size_t(a)] = g.spacingMm()[std::size_t(a)];
    for (int b = 0; b < 3; ++b) plain.direction[std::size_t(3 * a + b)] = g.directionCosines()(a, b);
  }
  plain.originMm = {g.originMm().x, g.originMm().y, g.originMm().z};
  return plain;
}

itkbridge::PlainImage plainImage(const core::Volume<float>& image) {
  return {plainGrid(image.geometry()), image.values().data()};
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

// The field's grid: over the fixed image's extent, fieldSpacingMm apart along its axes.
core::VolumeGeometry fieldGrid(const core::VolumeGeometry& fixed, double fieldSpacingMm) {
  std::array<int, 3> size{};
  for (std::size_t a = 0; a < 3; ++a)
    size[a] = std::max(1, int(std::floor((fixed.size()[a] - 1) * fixed.spacingMm()[a] / fieldSpacingMm)) + 1);
  return core::VolumeGeometry(size, fixed.originMm(), {fieldSpacingMm, fieldSpacingMm, fieldSpacingMm},
                              fixed.directionCosines());
}

// Jacobian determinant of p -> p + d(p) at every field point, by central differences (one-sided
// at the grid's faces), counting the folded points.
void jacobianRange(DeformableRegistration& result) {
  const core::DisplacementField& field = result.movingFromFixed;
  const core::VolumeGeometry& g = field.grid;
  const Eigen::Matrix3d voxelToPatient = g.directionCosines() * Eigen::Vector3d(g.spacingMm()[0], g.spacingMm()[1],
                                                                                g.spacingMm()[2]).asDiagonal();
  const Eigen::Matrix3d patientToVoxel = voxelToPatient.inverse();
  result.minJacobian = std::numeric_limits<double>::infinity();
  result.maxJacobian = -std::numeric_limits<double>::infinity();
  result.foldedVoxels = 0;
  for (int k = 0; k < g.size()[2]; ++k)
    for (int j = 0; j < g.size()[1]; ++j)
      for (int i = 0; i < g.size()[0]; ++i) {
        Eigen::Matrix3d perVoxel;  // column a: d(displacement)/d(index a)
        const int index[3] = {i, j, k};
        for (int a = 0; a < 3; ++a) {
          int low[3] = {i, j, k}, high[3] = {i, j, k};
          low[a] = std::max(0, index[a] - 1);
          high[a] = std::min(g.size()[std::size_t(a)] - 1, index[a] + 1);
          const double steps = high[a] - low[a];
          for (int c = 0; c < 3; ++c)
            perVoxel(c, a) = steps > 0 ? (field.displacementMm[std::size_t(c)].at({high[0], high[1], high[2]}) -
                                          field.displacementMm[std::size_t(c)].at({low[0], low[1], low[2]})) / steps
                                       : 0.0;
        }
        const double det = (Eigen::Matrix3d::Identity() + perVoxel * patientToVoxel).determinant();
        result.minJacobian = std::min(result.minJacobian, det);
        result.maxJacobian = std::max(result.maxJacobian, det);
        if (det <= 0) ++result.foldedVoxels;
      }
}

std::optional<double> boneHu(const RigidRegistrationOptions& options) {
  return options.boneOnly ? std::optional(options.boneHu) : std::nullopt;
}

// registerRigid on images already averaged for registration (which registerDeformable reuses).
std::optional<RigidRegistration> rigidOnAveraged(const core::Volume<float>& fixedImage,
                                                 const core::Volume<float>& movingImage,
                                                 const RigidRegistrationOptions& options,
                                                 const RegistrationProgress& progress) {
  const auto initial = options.initial ? std::optional(movingFromFixed(*options.initial)) : std::nullopt;
  const itkbridge::KeepGoing keepGoing = [&progress](double fraction) {
    return !progress || progress(fraction, "rigid registration");
  };
  const itkbridge::PlainResult plain =
      itkbridge::registerRigid(plainImage(fixedImage), plainImage(movingImage), boneHu(options), initial, keepGoing);
  if (plain.cancelled) return std::nullopt;
  return RigidRegistration{fixedFromMoving(plain.movingFromFixed), plain.metricValue, plain.iterations,
                           plain.stopCondition};
}

}  // namespace

std::optional<RigidRegistration> registerRigid(const core::CtVolume& fixed, const core::CtVolume& moving,
                                               const RigidRegistrationOptions& options,
                                               const RegistrationProgress& progress) {
  if (progress && !progress(0, "averaging the images to 2 mm")) return std::nullopt;
  return rigidOnAveraged(averagedForRegistration(fixed), averagedForRegistration(moving), options, progress);
}

double rigidMetric(const core::CtVolume& fixed, const core::CtVolume& moving, const RigidTransform& fixedFromMoving,
                   const RigidRegistrationOptions& options) {
  const core::Volume<float> fixedImage = averagedForRegistration(fixed), movingImage = averagedForRegistration(moving);
  return itkbridge::rigidMetric(plainImage(fixedImage), plainImage(movingImage), boneHu(options),
                                movingFromFixed(fixedFromMoving));
}

DeformableRegistration registerDeformable(const core::CtVolume& fixed, const core::CtVolume& moving,
                                          const DeformableRegistrationOptions& options) {
  DeformableRegistration result;
  core::Volume<float> fixedImage = averagedForRegistration(fixed);
  const core::Volume<float> movingImage = averagedForRegistration(moving);
  result.rigid = *rigidOnAveraged(fixedImage, movingImage, options.rigid, {});
  // The moving CT on the fixed one's grid through the rigid map: demons then work between two
  // images of one frame, and the moving point of p is rigid⁻¹(b(p)).
  const RigidTransform rigidMovingFromFixed = result.rigid.fixedFromMoving.inverse();
  core::Volume<float> movingOnFixed = core::resample(movingImage, fixedImage.geometry(), OUTSIDE, rigidMovingFromFixed);
  // Where the moving scan has no data (it ends sooner, or is narrower), neither image may pull:
  // air in both, not the fixed patient against the moving scan's emptiness.
  for (std::size_t n = 0; n < movingOnFixed.values().size(); ++n)
    if (movingOnFixed.values()[n] == OUTSIDE) movingOnFixed.values()[n] = fixedImage.values()[n] = AIR_HU;
  const core::VolumeGeometry grid = fieldGrid(fixed.geometry(), options.fieldSpacingMm);
  const itkbridge::PlainDeformableResult plain =
      itkbridge::registerDemons(plainImage(fixedImage), plainImage(movingOnFixed), plainGrid(grid));
  result.movingFromFixed.grid = grid;
  for (std::size_t c = 0; c < 3; ++c) result.movingFromFixed.displacementMm[c] = core::Volume<float>(grid, 0.f);
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const std::size_t n = grid.linearIndex({i, j, k});
        const core::Point3<core::Patient> p = grid.patientPoint({i, j, k});
        const core::Point3<core::Patient> b{p.x + plain.displacementMm[3 * n], p.y + plain.displacementMm[3 * n + 1],
                                            p.z + plain.displacementMm[3 * n + 2]};
        const core::Vector3<core::Patient> d = rigidMovingFromFixed(b) - p;
        result.movingFromFixed.displacementMm[0].values()[n] = float(d.x);
        result.movingFromFixed.displacementMm[1].values()[n] = float(d.y);
        result.movingFromFixed.displacementMm[2].values()[n] = float(d.z);
      }
  result.metricValue = plain.metricValue;
  result.iterations = plain.iterations;
  result.stopCondition = plain.stopCondition;
  jacobianRange(result);
  return result;
}

}  // namespace kerma::registration
