#include "kerma/core/volume.h"

#include "kerma/core/parallel.h"
#include "kerma/core/statistics.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace kerma::core {
namespace {

constexpr double EXACT = 1e-9;

// f(x, y, z) = 2x - 3y + 0.5z + 7 in patient mm: trilinear interpolation reproduces it exactly.
Volume<float> linearField(const VolumeGeometry& g) {
  Volume<float> v(g);
  for (int k = 0; k < g.size()[2]; ++k)
    for (int j = 0; j < g.size()[1]; ++j)
      for (int i = 0; i < g.size()[0]; ++i) {
        const auto p = g.patientPoint({i, j, k});
        v.at({i, j, k}) = float(2 * p.x - 3 * p.y + 0.5 * p.z + 7);
      }
  return v;
}

TEST(Volume, TrilinearSamplingReproducesALinearField) {
  const VolumeGeometry g({10, 12, 6}, {-5, -6, 30}, {1.0, 0.5, 3.0});
  const auto v = linearField(g);
  const Point3<Patient> p{-1.3, -2.75, 37.2};
  EXPECT_NEAR(*sampleTrilinear(v, p), 2 * p.x - 3 * p.y + 0.5 * p.z + 7, 1e-4);
}

TEST(Volume, TrilinearSamplingHandComputedCube) {
  // 2x2x2 unit cube of values 0..7 (value = i + 2j + 4k); the centre is their mean 3.5.
  const VolumeGeometry g({2, 2, 2}, {0, 0, 0}, {1, 1, 1});
  Volume<double> v(g, std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7});
  EXPECT_NEAR(*sampleTrilinear(v, {0.5, 0.5, 0.5}), 3.5, EXACT);
  EXPECT_NEAR(*sampleTrilinear(v, {1, 1, 1}), 7, EXACT);
  EXPECT_NEAR(*sampleTrilinear(v, {0.25, 0, 0}), 0.25, EXACT);
}

TEST(Volume, SamplingOutsideTheCentresIsNullopt) {
  const VolumeGeometry g({4, 4, 4}, {0, 0, 0}, {1, 1, 1});
  const Volume<float> v(g, 1.0f);
  EXPECT_FALSE(sampleTrilinear(v, {-0.01, 1, 1}).has_value());
  EXPECT_FALSE(sampleTrilinear(v, {1, 1, 3.01}).has_value());
  EXPECT_TRUE(sampleTrilinear(v, {3, 3, 3}).has_value());
}

TEST(Volume, SingleSliceIsDefinedWithinHalfASlice) {
  const VolumeGeometry g({4, 4, 1}, {0, 0, 10}, {1, 1, 3});
  const Volume<float> v(g, 2.0f);
  EXPECT_NEAR(*sampleTrilinear(v, {1.5, 1.5, 11.4}), 2.0, EXACT);
  EXPECT_FALSE(sampleTrilinear(v, {1.5, 1.5, 11.6}).has_value());
}

TEST(Volume, ResamplingOntoAnObliqueFinerGridKeepsALinearField) {
  const VolumeGeometry source({40, 40, 20}, {-20, -20, -30}, {1, 1, 3});
  const auto v = linearField(source);
  Eigen::Matrix3d d(Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitZ()));
  const VolumeGeometry target({20, 20, 20}, {-8, -8, -20}, {0.7, 0.7, 1.5}, d);
  const auto r = resample(v, target, -1000.0f);
  for (const VoxelIndex ijk : {VoxelIndex{0, 0, 0}, VoxelIndex{19, 7, 11}, VoxelIndex{5, 19, 19}}) {
    const auto p = target.patientPoint(ijk);
    EXPECT_NEAR(r.at(ijk), 2 * p.x - 3 * p.y + 0.5 * p.z + 7, 1e-3) << ijk.i << " " << ijk.j;
  }
}

TEST(Volume, ResamplingMarksVoxelsOutsideTheSource) {
  const VolumeGeometry source({4, 4, 4}, {0, 0, 0}, {1, 1, 1});
  const Volume<std::int16_t> v(source, std::int16_t(40));
  const VolumeGeometry target({3, 1, 1}, {2, 0, 0}, {1, 1, 1});
  const auto r = resample(v, target, std::int16_t(-1000));
  EXPECT_EQ(r.at({0, 0, 0}), 40);
  EXPECT_EQ(r.at({1, 0, 0}), 40);
  EXPECT_EQ(r.at({2, 0, 0}), -1000);
}

TEST(Statistics, SummaryOfKnownValues) {
  const VolumeGeometry g({4, 1, 1}, {0, 0, 0}, {1, 1, 1});
  const Volume<std::int16_t> v(g, std::vector<std::int16_t>{-1000, 0, 40, 1000});
  const auto s = summarize(v);
  EXPECT_EQ(s.min, -1000);
  EXPECT_EQ(s.max, 1000);
  EXPECT_NEAR(s.mean, 10, EXACT);
}

TEST(Parallel, EveryTaskRunsOnceAndErrorsPropagate) {
  std::vector<std::atomic<int>> runs(1000);
  parallelFor(runs.size(), 4, [&](std::size_t n) { ++runs[n]; });
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  EXPECT_THROW(parallelFor(100, 3,
                           [](std::size_t n) {
                             if (n == 42) throw std::runtime_error("task 42");
                           }),
               std::runtime_error);
  EXPECT_EQ(workerCount(8, 3), 3);
  EXPECT_GE(workerCount(0, 100), 1);
}

}  // namespace
}  // namespace kerma::core
