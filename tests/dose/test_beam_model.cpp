#include "kerma/dose/beam_model.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

constexpr double KERNEL_ENERGY_WITHIN_60_CM = 0.958;  // ../shared/physics/README.md
constexpr double CONSERVATION_TOLERANCE = 0.01;

TEST(BeamModel, GenericMachineLoadsWithA72DirectionKernel) {
  const auto m = kerma::dose::loadBeamModel(KERMA_MACHINE_DIR);
  EXPECT_EQ(m.spectrum.size(), 24u);
  EXPECT_GE(m.kernel.directionCount(), 72);
  double energy = 0;
  for (const auto& bin : m.kernel.polarBins) energy += bin.cumulative(600);
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

/// A copy of the generic machine whose kernel file is replaced by text.
std::filesystem::path machineWithKernel(const std::string& name, const std::string& kernelText) {
  const auto dir = std::filesystem::temp_directory_path() / ("kerma_test_kernel_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::copy(KERMA_MACHINE_DIR, dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "ccc_kernel.csv") << kernelText;
  return dir;
}

TEST(BeamModel, KernelWithoutAWholeTermCountOrWithTooMuchEnergyIsBadInput) {
  const std::string header = "theta_min_deg,theta_max_deg,theta_axis_deg,fraction_1,a_1_per_mm,fraction_2,a_2_per_mm\n";
  const std::string row = "0,180,90,0.5,0.2,0.4,0.003\n";
  EXPECT_NO_THROW(kerma::dose::loadBeamModel(machineWithKernel("ok", "# terms 2\n" + header + row)));
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"no_terms", header + row},
        {"too_many_terms", "# terms 5\n" + header + row},
        {"energy", "# terms 2\n" + header + "0,180,90,1.5,0.2,0.4,0.003\n"},
        {"terms_not_a_number", "# terms two\n" + header + row},
        {"azimuths_beyond_int", "# azimuths 99999999999\n# terms 2\n" + header + row}}) {
    try {
      kerma::dose::loadBeamModel(machineWithKernel(name, text));
      FAIL() << name << ": expected an error";
    } catch (const kerma::Error& e) {
      EXPECT_EQ(e.code(), kerma::ErrorCode::BadInput) << name;
      EXPECT_NE(std::string(e.what()).find("ccc_kernel.csv"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(std::filesystem::temp_directory_path() / ("kerma_test_kernel_" + name));
  }
  std::filesystem::remove_all(std::filesystem::temp_directory_path() / "kerma_test_kernel_ok");
}

}  // namespace
