#include "eval_cli_files.h"
#include "plastimatch_gamma.h"
#include "run_process.h"
#include "synthetic_ct.h"

#include "kerma/dicom/rtdose_export.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

// Kerma searches a DTA/5 lattice refined to DTA/20, plastimatch the image grid with local
// interpolation (--interp-search), so they differ slightly in steep gradients (as in
// tests/eval/test_gamma.cpp).
constexpr double PASS_RATE_AGREEMENT_PERCENT = 2.5;

/// A 60 mm wide plateau of 2 Gy·scale with error-function edges (σ 3 mm) along x and y, shifted by
/// shiftMm along x, as an RT Dose on a 2.5 mm grid of 100 mm.
std::filesystem::path writeField(const std::filesystem::path& file, double shiftMm, double scale) {
  const core::VolumeGeometry g({41, 41, 41}, {-50, -50, -50}, {2.5, 2.5, 2.5});
  eval::DoseDistribution dose;
  dose.identity = testing::evalIdentity();
  dose.doseGy = core::Volume<float>(g);
  auto edge = [](double u) {
    return 0.5 * (std::erf((30 - u) / (std::sqrt(2.0) * 3)) + std::erf((30 + u) / (std::sqrt(2.0) * 3)));
  };
  for (int k = 0; k < 41; ++k)
    for (int j = 0; j < 41; ++j)
      for (int i = 0; i < 41; ++i) {
        const auto p = g.patientPoint({i, j, k});
        dose.doseGy.at({i, j, k}) = static_cast<float>(scale * 2.0 * edge(p.x - shiftMm) * edge(p.y));
      }
  return dicom::writeRtDose(dose, file).file;
}

TEST(GammaCommand, AgreesWithPlastimatchOnTheSameRtDoses) {
  const auto folder = testing::makeTemporaryFolder("cli-gamma");
  const auto ref = writeField(folder / "ref.dcm", 0, 1);
  const auto eval = writeField(folder / "eval.dcm", 2.8, 1.015);  // beyond DTA in the penumbra, 1.5 % in the plateau
  const auto run = runProcess(KERMA_CLI_PATH, {"gamma", ref.string(), eval.string(), "--dose-pct", "2", "--dta-mm", "2",
                                               "--threshold-pct", "10", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  const double kerma = doc["passRatePercent"].get<double>();
  EXPECT_GT(kerma, 50.0);
  EXPECT_LT(kerma, 99.0);  // a discriminating case
  const auto same = runProcess(KERMA_CLI_PATH, {"gamma", ref.string(), ref.string(), "--json"});
  ASSERT_EQ(same.exitStatus, 0) << same.err;
  EXPECT_EQ(json::parse(same.out)["passRatePercent"].get<double>(), 100.0);

  const std::string plastimatch = KERMA_PLASTIMATCH;
  if (plastimatch.empty()) GTEST_SKIP() << "plastimatch not installed";
  const auto text = folder / "gamma.txt";
  const auto reference = testing::plastimatchGamma(plastimatch, ref, eval, text);
  ASSERT_EQ(reference.run.exitStatus, 0) << reference.run.err;
  ASSERT_TRUE(reference.passRatePercent) << reference.report;
  EXPECT_NEAR(kerma, *reference.passRatePercent, PASS_RATE_AGREEMENT_PERCENT) << reference.report;
  std::cout << "gamma pass rate: kerma-cli " << kerma << " %, plastimatch " << *reference.passRatePercent << " %\n";
}

TEST(GammaCommand, BadInputExitsTwo) {
  const auto folder = testing::makeTemporaryFolder("cli-gamma-bad");
  const auto ref = writeField(folder / "ref.dcm", 0, 1);
  auto run = runProcess(KERMA_CLI_PATH, {"gamma", ref.string()});
  EXPECT_EQ(run.exitStatus, 2);
  run = runProcess(KERMA_CLI_PATH, {"gamma", ref.string(), ref.string(), "--dta-mm", "0"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--dta-mm"), std::string::npos) << run.err;
  const auto other = folder / "other.dcm";
  eval::DoseDistribution d;
  d.identity = testing::evalIdentity("1.2.826.0.1.3680043.10.1234.999");
  d.doseGy = core::Volume<float>(core::VolumeGeometry({4, 4, 4}, {0, 0, 0}, {2.5, 2.5, 2.5}), 1.f);
  dicom::writeRtDose(d, other);
  run = runProcess(KERMA_CLI_PATH, {"gamma", ref.string(), other.string()});
  EXPECT_EQ(run.exitStatus, 2);
}

}  // namespace
}  // namespace kerma::cli
