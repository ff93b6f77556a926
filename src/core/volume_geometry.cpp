#include "kerma/core/volume_geometry.h"

#include "kerma/core/error.h"

#include <cmath>
#include <string>

namespace kerma::core {

namespace {
constexpr double ORTHONORMAL_TOLERANCE = 1e-4;
}

VolumeGeometry::VolumeGeometry(std::array<int, 3> size, Point3<Patient> originMm,
                               std::array<double, 3> spacingMm,
                               const Eigen::Matrix3d& directionCosines)
    : size_(size), originMm_(originMm), spacingMm_(spacingMm), directionCosines_(directionCosines) {
  for (int axis = 0; axis < 3; ++axis) {
    if (size[axis] <= 0)
      throw Error(ErrorCode::BadInput, "volume size on axis " + std::to_string(axis) + " is " +
                                           std::to_string(size[axis]) + "; expected at least 1");
    if (!(spacingMm[axis] > 0) || !std::isfinite(spacingMm[axis]))
      throw Error(ErrorCode::BadInput, "voxel spacing on axis " + std::to_string(axis) + " is " +
                                           std::to_string(spacingMm[axis]) +
                                           " mm; expected a positive finite value");
  }
  const double offOrthonormal =
      (directionCosines.transpose() * directionCosines - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff();
  if (!(offOrthonormal < ORTHONORMAL_TOLERANCE))
    throw Error(ErrorCode::BadInput, "direction cosines are not orthonormal (deviation " +
                                         std::to_string(offOrthonormal) + ")");

  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = directionCosines * Eigen::Vector3d(spacingMm[0], spacingMm[1], spacingMm[2]).asDiagonal();
  m.translation() = Eigen::Vector3d(originMm.x, originMm.y, originMm.z);
  patientFromVoxel_ = Transform<Patient, Voxel>(m);
  voxelFromPatient_ = patientFromVoxel_.inverse();
}

bool VolumeGeometry::sameGridAs(const VolumeGeometry& other, double toleranceMm) const {
  if (size_ != other.size_) return false;
  if ((originMm_ - other.originMm_).length() > toleranceMm) return false;
  for (int axis = 0; axis < 3; ++axis)
    if (std::abs(spacingMm_[axis] - other.spacingMm_[axis]) > toleranceMm) return false;
  return (directionCosines_ - other.directionCosines_).cwiseAbs().maxCoeff() <= toleranceMm / 1000;
}

}  // namespace kerma::core
