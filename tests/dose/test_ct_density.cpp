#include "kerma/dose/ct_density.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

using kerma::dose::CtDensityCurve;

constexpr double DENSITY_TOLERANCE = 1e-9;
/// Float storage of the dose-grid density.
constexpr double FLOAT_TOLERANCE = 1e-6;

CtDensityCurve threePoints() { return {{-1000, 0, 1000}, {0.0, 1.0, 1.5}}; }

std::filesystem::path writeFile(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("kerma-ct-density-" + name + ".csv");
  std::ofstream(path) << text;
  return path;
}

TEST(CtDensity, InterpolatesLinearlyBetweenPoints) {
  const CtDensityCurve c = threePoints();
  EXPECT_NEAR(c.densityAt(-500), 0.5, DENSITY_TOLERANCE);
  EXPECT_NEAR(c.densityAt(0), 1.0, DENSITY_TOLERANCE);
  EXPECT_NEAR(c.densityAt(400), 1.2, DENSITY_TOLERANCE);
}

TEST(CtDensity, ClampsBelowAndExtrapolatesAboveUpToTheCap) {
  const CtDensityCurve c = threePoints();
  EXPECT_NEAR(c.densityAt(-3024), 0.0, DENSITY_TOLERANCE);
  EXPECT_NEAR(c.densityAt(2000), 2.0, DENSITY_TOLERANCE);  // slope 0.5 per 1000 HU continues
  EXPECT_NEAR(c.densityAt(30000), kerma::dose::MAX_EXTRAPOLATED_DENSITY_G_PER_CM3, DENSITY_TOLERANCE);
}

TEST(CtDensity, GenericCurveOfTheSourceTreeHasWaterAtZeroAndAirAtMinus1000) {
  const CtDensityCurve c = kerma::dose::loadCtDensityCurve(KERMA_CT_DENSITY_CURVE);
  EXPECT_NEAR(c.densityAt(0), 1.0, DENSITY_TOLERANCE);
  EXPECT_NEAR(c.densityAt(-1000), kerma::dose::AIR_DENSITY_G_PER_CM3, DENSITY_TOLERANCE);
  EXPECT_NEAR(c.densityAt(-650), 0.35, DENSITY_TOLERANCE);  // midway between the lung points
}

TEST(CtDensity, RejectsMalformedCurvesNamingTheFileAndPoint) {
  auto message = [](const std::string& name, const std::string& text) {
    try {
      kerma::dose::loadCtDensityCurve(writeFile(name, text));
    } catch (const kerma::Error& e) {
      EXPECT_EQ(e.code(), kerma::ErrorCode::BadInput);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("order", "hu,density_g_per_cm3\n0,1\n-100,0.9\n").find("point 2"), std::string::npos);
  EXPECT_NE(message("decreasing", "hu,density_g_per_cm3\n0,1\n100,0.9\n").find("density decreases"), std::string::npos);
  EXPECT_NE(message("one", "hu,density_g_per_cm3\n0,1\n").find("at least two"), std::string::npos);
  EXPECT_NE(message("text", "hu,density_g_per_cm3\n0,water\n").find("kerma-ct-density-text.csv: line 2"),
            std::string::npos);
  EXPECT_THROW(kerma::dose::loadCtDensityCurve("/nonexistent/curve.csv"), kerma::Error);
}

TEST(CtDensity, DoseGridDensityAveragesSubSamplesAndPutsAirOutsideBody) {
  // CT of 1 mm voxels: HU rises by 100 per voxel along x; BODY is x < 6 mm.
  const kerma::core::VolumeGeometry ct({10, 4, 4}, {0, 0, 0}, {1, 1, 1});
  kerma::core::CtVolume hu(ct);
  kerma::structure::Mask body(ct, 0);
  for (std::int64_t k = 0; k < 4; ++k)
    for (std::int64_t j = 0; j < 4; ++j)
      for (std::int64_t i = 0; i < 10; ++i) {
        hu.at({i, j, k}) = static_cast<std::int16_t>(-1000 + 100 * i);
        body.at({i, j, k}) = i < 6 ? 1 : 0;
      }
  // Dose voxels 5 mm wide along x centred on x = 2.5 (sub-samples at 1.25 and 3.75 mm) and 7.5
  // (6.25 and 8.75 mm: outside BODY).
  const kerma::core::VolumeGeometry dose({2, 1, 1}, {2.5, 1.5, 1.5}, {5, 2, 2});
  const auto rho = kerma::dose::densityOnGrid(hu, body, threePoints(), dose, 2);
  EXPECT_NEAR(rho.at({0, 0, 0}), 0.25, FLOAT_TOLERANCE);  // HU −875 and −625: 0.125 and 0.375
  EXPECT_NEAR(rho.at({1, 0, 0}), kerma::dose::AIR_DENSITY_G_PER_CM3, FLOAT_TOLERANCE);
}

}  // namespace
