#ifndef KERMA_CORE_GEOMETRY_H
#define KERMA_CORE_GEOMETRY_H

#include <Eigen/Geometry>

#include <cmath>
#include <cstdint>

namespace kerma::core {

/// Frames of reference. The frame is part of every point, vector and transform type, so that a
/// point in one frame cannot be used where another is expected.
struct Patient {};  ///< DICOM patient coordinates: LPS, mm
struct Voxel {};    ///< continuous voxel index: voxel centres at integers, i fastest

/// Position in a frame, mm (or continuous index for Voxel).
template <class Frame>
struct Point3 {
  double x = 0, y = 0, z = 0;
  friend bool operator==(const Point3&, const Point3&) = default;
};

/// Displacement or direction in a frame, mm (or index steps for Voxel).
template <class Frame>
struct Vector3 {
  double x = 0, y = 0, z = 0;

  double dot(const Vector3& v) const { return x * v.x + y * v.y + z * v.z; }
  Vector3 cross(const Vector3& v) const {
    return {y * v.z - z * v.y, z * v.x - x * v.z, x * v.y - y * v.x};
  }
  double length() const { return std::sqrt(dot(*this)); }
  Vector3 normalized() const { return *this / length(); }
  Vector3 operator*(double s) const { return {x * s, y * s, z * s}; }
  Vector3 operator/(double s) const { return {x / s, y / s, z / s}; }
  Vector3 operator+(const Vector3& v) const { return {x + v.x, y + v.y, z + v.z}; }
  Vector3 operator-(const Vector3& v) const { return {x - v.x, y - v.y, z - v.z}; }
  Vector3 operator-() const { return {-x, -y, -z}; }
  friend bool operator==(const Vector3&, const Vector3&) = default;
};

template <class F>
Vector3<F> operator-(const Point3<F>& a, const Point3<F>& b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
template <class F>
Point3<F> operator+(const Point3<F>& p, const Vector3<F>& v) {
  return {p.x + v.x, p.y + v.y, p.z + v.z};
}
template <class F>
Point3<F> operator-(const Point3<F>& p, const Vector3<F>& v) {
  return {p.x - v.x, p.y - v.y, p.z - v.z};
}
/// Point on the segment from a (t = 0) to b (t = 1).
template <class F>
Point3<F> lerp(double t, const Point3<F>& a, const Point3<F>& b) {
  return a + (b - a) * t;
}

/// Integer voxel index, 0-based, i fastest in memory.
struct VoxelIndex {
  std::int64_t i = 0, j = 0, k = 0;
  friend bool operator==(const VoxelIndex&, const VoxelIndex&) = default;
};

/// Affine map taking coordinates in frame From to frame To. Named destinationFromSource at use
/// sites (patientFromVoxel), so that products read naturally: Transform<A,B> * Transform<B,C>
/// gives Transform<A,C>, and any other product does not compile.
template <class To, class From>
class Transform {
 public:
  Transform() : m_(Eigen::Affine3d::Identity()) {}
  explicit Transform(const Eigen::Affine3d& m) : m_(m) {}

  Point3<To> operator()(const Point3<From>& p) const {
    const Eigen::Vector3d q = m_ * Eigen::Vector3d(p.x, p.y, p.z);
    return {q.x(), q.y(), q.z()};
  }
  Vector3<To> operator()(const Vector3<From>& v) const {
    const Eigen::Vector3d q = m_.linear() * Eigen::Vector3d(v.x, v.y, v.z);
    return {q.x(), q.y(), q.z()};
  }
  template <class Before>
  Transform<To, Before> operator*(const Transform<From, Before>& rhs) const {
    return Transform<To, Before>(m_ * rhs.matrix());
  }
  Transform<From, To> inverse() const { return Transform<From, To>(m_.inverse(Eigen::Affine)); }
  const Eigen::Affine3d& matrix() const { return m_; }

 private:
  Eigen::Affine3d m_;
};

/// The letter of the patient direction that dir points along most: L or R (x), P or A (y), S or
/// I (z), as viewers write at the edges of an image.
inline char patientDirectionLetter(const Vector3<Patient>& dir) {
  const double ax = std::abs(dir.x), ay = std::abs(dir.y), az = std::abs(dir.z);
  if (ax >= ay && ax >= az) return dir.x > 0 ? 'L' : 'R';
  if (ay >= az) return dir.y > 0 ? 'P' : 'A';
  return dir.z > 0 ? 'S' : 'I';
}

}  // namespace kerma::core

#endif  // KERMA_CORE_GEOMETRY_H
