#include "kerma/core/volume.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace kerma::core {

namespace {

// Lower neighbour index and weight of the upper neighbour along one axis of n voxels, or nullopt
// when c is outside the axis' domain (closed span of centres; half a voxel for a single voxel).
struct AxisWeight {
  std::int64_t lower;
  double upperWeight;
};

constexpr double EDGE_TOLERANCE = 1e-6;

std::optional<AxisWeight> axisWeight(double c, int n) {
  if (n == 1) {
    if (std::abs(c) > 0.5 + EDGE_TOLERANCE) return std::nullopt;
    return AxisWeight{0, 0.0};
  }
  if (c < -EDGE_TOLERANCE || c > n - 1 + EDGE_TOLERANCE) return std::nullopt;
  const double clamped = std::clamp(c, 0.0, double(n - 1));
  const auto lower = std::min<std::int64_t>(static_cast<std::int64_t>(clamped), n - 2);
  return AxisWeight{lower, clamped - double(lower)};
}

template <class T>
std::optional<double> sampleAtVoxelPoint(const Volume<T>& volume, const Point3<Voxel>& c) {
  const auto& size = volume.geometry().size();
  const auto wi = axisWeight(c.x, size[0]);
  const auto wj = axisWeight(c.y, size[1]);
  const auto wk = axisWeight(c.z, size[2]);
  if (!wi || !wj || !wk) return std::nullopt;
  const std::int64_t di = size[0] > 1 ? 1 : 0;
  const std::size_t dj = size[1] > 1 ? size_t(size[0]) : 0;
  const std::size_t dk = size[2] > 1 ? size_t(size[0]) * size[1] : 0;
  const auto values = volume.values();
  const std::size_t base = volume.geometry().linearIndex({wi->lower, wj->lower, wk->lower});
  const double fx = wi->upperWeight, fy = wj->upperWeight, fz = wk->upperWeight;
  auto v = [&](std::size_t offset) { return double(values[base + offset]); };
  const double c00 = v(0) * (1 - fx) + v(di) * fx;
  const double c10 = v(dj) * (1 - fx) + v(dj + di) * fx;
  const double c01 = v(dk) * (1 - fx) + v(dk + di) * fx;
  const double c11 = v(dk + dj) * (1 - fx) + v(dk + dj + di) * fx;
  const double c0 = c00 * (1 - fy) + c10 * fy;
  const double c1 = c01 * (1 - fy) + c11 * fy;
  return c0 * (1 - fz) + c1 * fz;
}

template <class T>
T toValue(double v) {
  if constexpr (std::is_integral_v<T>) {
    const double r = std::round(v);
    return static_cast<T>(std::clamp(r, double(std::numeric_limits<T>::lowest()),
                                      double(std::numeric_limits<T>::max())));
  } else {
    return static_cast<T>(v);
  }
}

}  // namespace

template <class T>
std::optional<double> sampleTrilinear(const Volume<T>& volume, const Point3<Patient>& p) {
  return sampleAtVoxelPoint(volume, volume.geometry().voxelFromPatient()(p));
}

template <class T>
Volume<T> resample(const Volume<T>& source, const VolumeGeometry& target, T outsideValue) {
  return resample(source, target, outsideValue, Transform<Patient, Patient>());
}

template <class T>
Volume<T> resample(const Volume<T>& source, const VolumeGeometry& target, T outsideValue,
                   const Transform<Patient, Patient>& sourcePatientFromTarget) {
  Volume<T> result(target, outsideValue);
  // One affine map from target index to source index; stepping along i adds a constant vector.
  const Transform<Voxel, Voxel> sourceFromTarget =
      source.geometry().voxelFromPatient() * sourcePatientFromTarget * target.patientFromVoxel();
  const Vector3<Voxel> stepI = sourceFromTarget(Vector3<Voxel>{1, 0, 0});
  auto out = result.values();
  std::size_t n = 0;
  for (int k = 0; k < target.size()[2]; ++k)
    for (int j = 0; j < target.size()[1]; ++j) {
      Point3<Voxel> c = sourceFromTarget(Point3<Voxel>{0, double(j), double(k)});
      for (int i = 0; i < target.size()[0]; ++i, ++n, c = c + stepI)
        if (const auto v = sampleAtVoxelPoint(source, c)) out[n] = toValue<T>(*v);
    }
  return result;
}

#define KERMA_INSTANTIATE_VOLUME(T)                                                        \
  template std::optional<double> sampleTrilinear(const Volume<T>&, const Point3<Patient>&); \
  template Volume<T> resample(const Volume<T>&, const VolumeGeometry&, T);                 \
  template Volume<T> resample(const Volume<T>&, const VolumeGeometry&, T, const Transform<Patient, Patient>&);

KERMA_INSTANTIATE_VOLUME(std::int16_t)
KERMA_INSTANTIATE_VOLUME(std::uint8_t)
KERMA_INSTANTIATE_VOLUME(float)
KERMA_INSTANTIATE_VOLUME(double)

}  // namespace kerma::core
