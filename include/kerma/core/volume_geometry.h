#ifndef KERMA_CORE_VOLUME_GEOMETRY_H
#define KERMA_CORE_VOLUME_GEOMETRY_H

#include "kerma/core/geometry.h"

#include <array>
#include <cstddef>

namespace kerma::core {

/// A regular grid of voxels placed in DICOM patient coordinates. Voxel (i, j, k) has its centre
/// at originMm + R * diag(spacingMm) * (i, j, k), where the columns of R (directionCosines) are
/// the unit directions of the i, j and k axes in the patient frame. For a DICOM image, column 0
/// is ImageOrientationPatient's row direction, column 1 its column direction and column 2 the
/// direction in which slices follow one another.
class VolumeGeometry {
 public:
  VolumeGeometry() = default;
  /// Throws kerma::Error if a size is not positive, a spacing not positive and finite, or the
  /// direction cosines not orthonormal within 1e-4.
  VolumeGeometry(std::array<int, 3> size, Point3<Patient> originMm, std::array<double, 3> spacingMm,
                 const Eigen::Matrix3d& directionCosines = Eigen::Matrix3d::Identity());

  const std::array<int, 3>& size() const { return size_; }
  const Point3<Patient>& originMm() const { return originMm_; }
  const std::array<double, 3>& spacingMm() const { return spacingMm_; }
  const Eigen::Matrix3d& directionCosines() const { return directionCosines_; }
  std::size_t voxelCount() const {
    return static_cast<std::size_t>(size_[0]) * size_[1] * static_cast<std::size_t>(size_[2]);
  }

  Transform<Patient, Voxel> patientFromVoxel() const { return patientFromVoxel_; }
  Transform<Voxel, Patient> voxelFromPatient() const { return voxelFromPatient_; }
  Point3<Patient> patientPoint(const VoxelIndex& ijk) const {
    return patientFromVoxel_(Point3<Voxel>{double(ijk.i), double(ijk.j), double(ijk.k)});
  }

  /// True when ijk lies in [0, size) on every axis.
  bool contains(const VoxelIndex& ijk) const {
    return ijk.i >= 0 && ijk.j >= 0 && ijk.k >= 0 && ijk.i < size_[0] && ijk.j < size_[1] &&
           ijk.k < size_[2];
  }
  /// Offset of ijk in memory (i fastest); ijk must be contained.
  std::size_t linearIndex(const VoxelIndex& ijk) const {
    return static_cast<std::size_t>(ijk.i) +
           static_cast<std::size_t>(size_[0]) *
               (static_cast<std::size_t>(ijk.j) + static_cast<std::size_t>(size_[1]) * ijk.k);
  }

  /// True when both grids have the same size, and origins, spacings and directions agree within
  /// toleranceMm (directions within toleranceMm / 1000).
  bool sameGridAs(const VolumeGeometry& other, double toleranceMm = 1e-3) const;

 private:
  std::array<int, 3> size_{0, 0, 0};
  Point3<Patient> originMm_;
  std::array<double, 3> spacingMm_{1, 1, 1};
  Eigen::Matrix3d directionCosines_ = Eigen::Matrix3d::Identity();
  Transform<Patient, Voxel> patientFromVoxel_;
  Transform<Voxel, Patient> voxelFromPatient_;
};

}  // namespace kerma::core

#endif  // KERMA_CORE_VOLUME_GEOMETRY_H
