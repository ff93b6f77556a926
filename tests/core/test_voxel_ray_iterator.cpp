#include "kerma/core/voxel_ray_iterator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace kerma::core {
namespace {

constexpr double LENGTH_TOLERANCE_MM = 1e-9;

std::vector<VoxelSegment> allSegments(VoxelRayIterator iterator) {
  std::vector<VoxelSegment> segments;
  while (auto s = iterator.next()) segments.push_back(*s);
  return segments;
}

double totalLengthMm(const std::vector<VoxelSegment>& segments) {
  double sum = 0;
  for (const auto& s : segments) sum += s.lengthMm();
  return sum;
}

/// Every segment has positive length, follows the previous one without a gap, and its midpoint
/// lies in the voxel it names.
void expectConsistent(const std::vector<VoxelSegment>& segments, const VolumeGeometry& grid,
                      const Point3<Patient>& pSource, const Vector3<Patient>& dir) {
  for (std::size_t n = 0; n < segments.size(); ++n) {
    const VoxelSegment& s = segments[n];
    EXPECT_GT(s.lengthMm(), 0);
    ASSERT_TRUE(grid.contains(s.ijk));
    if (n > 0) {
      EXPECT_NEAR(s.tEnterMm, segments[n - 1].tExitMm, LENGTH_TOLERANCE_MM);
    }
    const Point3<Voxel> mid = grid.voxelFromPatient()(pSource + dir * (0.5 * (s.tEnterMm + s.tExitMm)));
    EXPECT_NEAR(mid.x, double(s.ijk.i), 0.5 + 1e-9);
    EXPECT_NEAR(mid.y, double(s.ijk.j), 0.5 + 1e-9);
    EXPECT_NEAR(mid.z, double(s.ijk.k), 0.5 + 1e-9);
  }
}

TEST(VoxelRayIterator, AxisAlignedRayThroughVoxelCentres) {
  const VolumeGeometry grid({10, 4, 3}, {0, 0, 0}, {2, 2, 2});
  const Point3<Patient> pSource{-100, 2, 2};
  const auto segments = allSegments(VoxelRayIterator(grid, pSource, {1, 0, 0}));
  ASSERT_EQ(segments.size(), 10u);
  for (int n = 0; n < 10; ++n) {
    EXPECT_EQ(segments[n].ijk, (VoxelIndex{n, 1, 1}));
    EXPECT_NEAR(segments[n].tEnterMm, 99 + 2 * n, LENGTH_TOLERANCE_MM);
    EXPECT_NEAR(segments[n].lengthMm(), 2, LENGTH_TOLERANCE_MM);
  }
}

TEST(VoxelRayIterator, NegativeDirectionVisitsVoxelsInReverse) {
  const VolumeGeometry grid({5, 5, 5}, {0, 0, 0}, {1, 1, 1});
  const auto segments = allSegments(VoxelRayIterator(grid, {2, 2, 50}, {0, 0, -1}));
  ASSERT_EQ(segments.size(), 5u);
  EXPECT_EQ(segments.front().ijk, (VoxelIndex{2, 2, 4}));
  EXPECT_EQ(segments.back().ijk, (VoxelIndex{2, 2, 0}));
  EXPECT_NEAR(totalLengthMm(segments), 5, LENGTH_TOLERANCE_MM);
}

TEST(VoxelRayIterator, MissingRayYieldsNothing) {
  const VolumeGeometry grid({5, 5, 5}, {0, 0, 0}, {1, 1, 1});
  EXPECT_FALSE(VoxelRayIterator(grid, {-10, 20, 2}, {1, 0, 0}).next());
  EXPECT_FALSE(VoxelRayIterator(grid, {-10, 2, 2}, {-1, 0, 0}).next());  // pointing away
}

TEST(VoxelRayIterator, SourceInsideTheGridStartsAtZero) {
  const VolumeGeometry grid({5, 5, 5}, {0, 0, 0}, {1, 1, 1});
  const auto segments = allSegments(VoxelRayIterator(grid, {2.2, 2, 2}, {1, 0, 0}));
  ASSERT_FALSE(segments.empty());
  EXPECT_EQ(segments.front().ijk, (VoxelIndex{2, 2, 2}));
  EXPECT_DOUBLE_EQ(segments.front().tEnterMm, 0);
  EXPECT_NEAR(totalLengthMm(segments), 2.3, LENGTH_TOLERANCE_MM);
}

TEST(VoxelRayIterator, EndParameterBoundsTheRay) {
  const VolumeGeometry grid({5, 5, 5}, {0, 0, 0}, {1, 1, 1});
  const auto segments = allSegments(VoxelRayIterator(grid, {-10.5, 2, 2}, {1, 0, 0}, 12.25));
  EXPECT_NEAR(totalLengthMm(segments), 2.25, LENGTH_TOLERANCE_MM);
  EXPECT_EQ(segments.back().ijk, (VoxelIndex{2, 2, 2}));
}

TEST(VoxelRayIterator, RayAlongAFacePlaneStillSumsToTheChord) {
  const VolumeGeometry grid({6, 6, 6}, {0, 0, 0}, {1, 1, 1});
  const Point3<Patient> pSource{-3, 2.5, 2.5};  // on the face between j = 2, 3 and k = 2, 3
  const auto segments = allSegments(VoxelRayIterator(grid, pSource, {1, 0, 0}));
  EXPECT_NEAR(totalLengthMm(segments), 6, LENGTH_TOLERANCE_MM);
}

// Chord of a ray entering through one face of the box and leaving through the opposite one,
// both points drawn at random: its length is known before any traversal.
TEST(VoxelRayIterator, RandomObliqueRaysSumToTheChordLength) {
  const Eigen::Matrix3d rotation =
      Eigen::AngleAxisd(0.3, Eigen::Vector3d(1, 2, 3).normalized()).toRotationMatrix();
  const VolumeGeometry grid({17, 11, 7}, {-40, 12, 5}, {1.3, 0.7, 2.5}, rotation);
  const std::array<double, 3> lo{-0.5, -0.5, -0.5}, hi{16.5, 10.5, 6.5};
  std::mt19937_64 random(20240601);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 500; ++trial) {
    const int axis = trial % 3;
    std::array<double, 3> a{}, b{};
    for (int n = 0; n < 3; ++n) {
      a[n] = lo[n] + unit(random) * (hi[n] - lo[n]);
      b[n] = lo[n] + unit(random) * (hi[n] - lo[n]);
    }
    a[axis] = lo[axis];
    b[axis] = hi[axis];
    if (trial % 2) std::swap(a, b);
    const Point3<Patient> pEntry = grid.patientFromVoxel()(Point3<Voxel>{a[0], a[1], a[2]});
    const Point3<Patient> pExit = grid.patientFromVoxel()(Point3<Voxel>{b[0], b[1], b[2]});
    const double chordMm = (pExit - pEntry).length();
    const Vector3<Patient> dir = (pExit - pEntry).normalized();
    const Point3<Patient> pSource = pEntry - dir * 250.0;
    const auto segments = allSegments(VoxelRayIterator(grid, pSource, dir));
    ASSERT_FALSE(segments.empty());
    EXPECT_NEAR(totalLengthMm(segments), chordMm, 1e-7) << "trial " << trial;
    EXPECT_NEAR(segments.front().tEnterMm, 250, 1e-7);
    expectConsistent(segments, grid, pSource, dir);
  }
}

TEST(VoxelRayIterator, CornerToCornerDiagonal) {
  const VolumeGeometry grid({4, 4, 4}, {0, 0, 0}, {1, 1, 1});
  const Vector3<Patient> dir = Vector3<Patient>{1, 1, 1}.normalized();
  const Point3<Patient> pSource = Point3<Patient>{-0.5, -0.5, -0.5} - dir * 10.0;
  const auto segments = allSegments(VoxelRayIterator(grid, pSource, dir));
  ASSERT_EQ(segments.size(), 4u);  // edge and corner crossings give no empty segments
  for (int n = 0; n < 4; ++n) EXPECT_EQ(segments[n].ijk, (VoxelIndex{n, n, n}));
  EXPECT_NEAR(totalLengthMm(segments), 4 * std::sqrt(3.0), LENGTH_TOLERANCE_MM);
}

}  // namespace
}  // namespace kerma::core
