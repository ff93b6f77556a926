#include "kerma/dose/beam_model.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

constexpr double KERNEL_ENERGY_WITHIN_60_CM = 0.958;  // ../shared/physics/README.md
constexpr double CONSERVATION_TOLERANCE = 0.01;

TEST(BeamModel, GenericMachineLoadsWithA72DirectionKernel) {
  const auto m = kerma::dose::loadBeamModel(KERMA_MACHINE_DIR);
  EXPECT_EQ(m.spectrum.size(), 24u);
  EXPECT_GE(m.kernel.directionCount(), 72);
  double energy = 0;
  for (const auto& bin : m.kernel.polarBins)  // the cumulative kernel at 60 cm
    energy += bin.fractionFast * (1 - std::exp(-bin.aFastPerMm * 600)) +
              bin.fractionSlow * (1 - std::exp(-bin.aSlowPerMm * 600));
  EXPECT_NEAR(energy / KERNEL_ENERGY_WITHIN_60_CM, 1.0, CONSERVATION_TOLERANCE);
  EXPECT_DOUBLE_EQ(m.collimatorScatter.at(100), 1.0);
}

TEST(BeamModel, WaterAttenuationMatchesTheTableAndInterpolatesLogLog) {
  const auto m = kerma::dose::loadBeamModel(KERMA_MACHINE_DIR);
  EXPECT_DOUBLE_EQ(m.attenuation.muOverRhoCm2PerG(1.0), 0.07072);  // Hubbell & Seltzer, water
  const double between = m.attenuation.muOverRhoCm2PerG(std::sqrt(1.0 * 1.25));
  EXPECT_NEAR(between, std::sqrt(0.07072 * 0.06323), 1e-12);
}

TEST(BeamModel, PointSourceDropsHeadEffects) {
  const auto m = kerma::dose::loadBeamModel(KERMA_MACHINE_DIR).pointSource();
  EXPECT_EQ(m.primarySourceSigmaMm, 0);
  EXPECT_EQ(m.extraFocalWeight, 0);
  EXPECT_EQ(m.offAxisIntensity.at(150), 1);
  EXPECT_EQ(m.offAxisSofteningPerMm, 0);
}

TEST(BeamModel, MissingFolderIsAnIoError) {
  try {
    kerma::dose::loadBeamModel("/nonexistent/machine");
    FAIL() << "expected an error";
  } catch (const kerma::Error& e) {
    EXPECT_EQ(e.code(), kerma::ErrorCode::Io);
    EXPECT_NE(std::string(e.what()).find("beam_model.json"), std::string::npos);
  }
}

}  // namespace
