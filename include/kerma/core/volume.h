#ifndef KERMA_CORE_VOLUME_H
#define KERMA_CORE_VOLUME_H

#include "kerma/core/volume_geometry.h"
#include "kerma/core/voxel_storage.h"

#include <cassert>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace kerma::core {

/// Voxel values of type T on a VolumeGeometry, i fastest in memory. The unit of the values is
/// named by the alias that uses it (CtVolume holds HU, a dose volume Gy).
template <class T>
class Volume {
 public:
  Volume() = default;
  Volume(VolumeGeometry geometry, T fill = T{})
      : geometry_(std::move(geometry)), values_(geometry_.voxelCount(), fill) {}
  Volume(VolumeGeometry geometry, const std::vector<T>& values)
      : geometry_(std::move(geometry)), values_(values.begin(), values.end()) {
    assert(values_.size() == geometry_.voxelCount() && "one value per voxel");
  }

  const VolumeGeometry& geometry() const { return geometry_; }
  std::span<const T> values() const { return values_; }
  std::span<T> values() { return values_; }
  T& at(const VoxelIndex& ijk) {
    assert(geometry_.contains(ijk) && "voxel index inside the volume");
    return values_[geometry_.linearIndex(ijk)];
  }
  const T& at(const VoxelIndex& ijk) const {
    assert(geometry_.contains(ijk) && "voxel index inside the volume");
    return values_[geometry_.linearIndex(ijk)];
  }
  /// The k-th slice (constant k), size()[0] * size()[1] values.
  std::span<const T> slice(int k) const {
    const std::size_t n = static_cast<std::size_t>(geometry_.size()[0]) * geometry_.size()[1];
    return std::span<const T>(values_).subspan(n * k, n);
  }
  std::span<T> slice(int k) {
    const std::size_t n = static_cast<std::size_t>(geometry_.size()[0]) * geometry_.size()[1];
    return std::span<T>(values_).subspan(n * k, n);
  }

 private:
  VolumeGeometry geometry_;
  std::vector<T, VoxelAllocator<T>> values_;
};

/// CT numbers in Hounsfield units.
using CtVolume = Volume<std::int16_t>;

/// Trilinear interpolation at a patient point. The volume is defined on the closed box spanned
/// by its voxel centres; along an axis with a single voxel, within half a voxel of its centre.
/// Returns nullopt outside.
template <class T>
std::optional<double> sampleTrilinear(const Volume<T>& volume, const Point3<Patient>& p);

/// Trilinear resampling of source onto target; voxels of target whose centres fall outside
/// source get outsideValue. Values are rounded to the nearest T when T is integral.
template <class T>
Volume<T> resample(const Volume<T>& source, const VolumeGeometry& target, T outsideValue);

/// The same through a rigid (or any affine) map between two patient frames, e.g. a prior study's
/// Frame of Reference and the current one's: the target voxel centred at p takes source's value
/// at sourceFromTarget(p).
template <class T>
Volume<T> resample(const Volume<T>& source, const VolumeGeometry& target, T outsideValue,
                   const Transform<Patient, Patient>& sourceFromTarget);

}  // namespace kerma::core

#endif  // KERMA_CORE_VOLUME_H
