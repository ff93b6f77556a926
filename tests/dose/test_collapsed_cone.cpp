#include "kerma/dose/collapsed_cone.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(CollapsedCone, DirectionsSpanTheKernelAboutTheAxis) {
  kerma::dose::CccKernel k;
  k.polarBins = {{0, 90, 30, {{0.5, 0.1}, {0, 0.01}}}, {90, 180, 120, {{0.25, 0.1}, {0, 0.01}}}};
  k.azimuthCount = 8;
  const kerma::core::Vector3<kerma::core::Patient> axis{0, 1, 0};
  const auto dirs = kerma::dose::coneDirections(k, axis);
  ASSERT_EQ(dirs.size(), 16u);
  double fraction = 0;
  for (const auto& d : dirs) {
    EXPECT_NEAR(d.dir.length(), 1.0, 1e-12);
    fraction += d.terms[0].fraction;
  }
  EXPECT_NEAR(fraction, 0.75, 1e-12);
  EXPECT_NEAR(dirs[0].dir.dot(axis), std::cos(30 * M_PI / 180), 1e-12);
  EXPECT_NEAR(dirs[8].dir.dot(axis), std::cos(120 * M_PI / 180), 1e-12);
}

/// Uniform TERMA in a dense cube: far from the faces every direction deposits its whole
/// fraction (eq. 9), so dose = TERMA × Σ fractions.
TEST(CollapsedCone, ConservesEnergyInsideAUniformMedium) {
  const kerma::core::VolumeGeometry g({41, 41, 41}, {0, 0, 0}, {2.5, 2.5, 2.5});
  kerma::core::Volume<float> rho(g, 20.f), terma(g, 2.f);
  kerma::dose::CccKernel k;
  k.polarBins = {{0, 60, 20, {{0.3, 0.5}, {0.2, 0.05}}}, {60, 120, 90, {{0.2, 0.5}, {0.1, 0.05}}},
                 {120, 180, 150, {{0.1, 0.5}, {0.05, 0.05}}}};
  k.azimuthCount = 12;
  const auto dose = kerma::dose::superposeCollapsedCone(rho, terma, kerma::dose::coneDirections(k, {0.3, 0.4, 0.866}), 2);
  // Slow component: exp(−0.05 mm⁻¹ · 20 · 50 mm) ≈ 5e−22 of it escapes from the centre.
  EXPECT_NEAR(dose.at({20, 20, 20}), 2 * 0.95, 1e-5);
}

TEST(CollapsedCone, SameDoseBitForBitWhateverTheThreadCount) {
  const kerma::core::VolumeGeometry g({30, 25, 20}, {0, 0, 0}, {2.5, 2.5, 2.5});
  kerma::core::Volume<float> rho(g), terma(g);
  for (std::size_t n = 0; n < g.voxelCount(); ++n) {
    rho.values()[n] = static_cast<float>(0.2 + (n * 7919 % 1000) / 500.0);
    terma.values()[n] = static_cast<float>((n * 104729 % 997) / 997.0);
  }
  kerma::dose::CccKernel k;
  k.polarBins = {{0, 45, 20, {{0.3, 0.3}, {0.2, 0.004}}}, {45, 180, 100, {{0.2, 0.5}, {0.1, 0.004}}}};
  k.azimuthCount = 12;
  const auto dirs = kerma::dose::coneDirections(k, {0.6, 0.0, 0.8});
  const auto one = kerma::dose::superposeCollapsedCone(rho, terma, dirs, 1);
  for (int threads : {2, 3, 7}) {
    const auto many = kerma::dose::superposeCollapsedCone(rho, terma, dirs, threads);
    EXPECT_TRUE(std::equal(one.values().begin(), one.values().end(), many.values().begin())) << threads;
  }
}

}  // namespace
