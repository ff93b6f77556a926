#include "demo_folder.h"

#include "kerma/dicom/rtdose_import.h"
#include "kerma/eval/dose_distribution.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

/// D95 normalisation is applied to the same DVH the report reads.
constexpr double NORMALISATION_TOLERANCE_GY = 0.01;

testing::ProcessResult dose(std::vector<std::string> extra) {
  std::vector<std::string> args{"dose", "--ct", demoPatientFolder().string(), "--rtstruct",
                                demoPatientStructureSet().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return runProcess(KERMA_CLI_PATH, args);
}

TEST(DoseCommand, Box4OnTheDemoMetastasisMeetsThePrescriptionAndWritesAnRtDose) {
  const auto folder = testing::makeTemporaryFolder("cli-dose");
  std::vector<std::vector<float>> doses;
  for (const char* threads : {"1", "2"}) {
    const auto file = folder / (std::string("RD_") + threads + ".dcm");
    const auto run = dose({"--target", "GTV_Met", "--template", "box4", "--rx", "20Gy/5", "--grid-mm", "5", "--threads",
                           threads, "--out", file.string(), "--json"});
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const json doc = json::parse(run.out);
    ASSERT_EQ(doc["beams"].size(), 4u);
    for (const auto& beam : doc["beams"]) {
      EXPECT_GT(beam["muPerFraction"].get<double>(), 50) << beam;
      EXPECT_LT(beam["muPerFraction"].get<double>(), 1000) << beam;
    }
    EXPECT_NEAR(doc["target"]["d95Gy"].get<double>(), 20, NORMALISATION_TOLERANCE_GY);
    EXPECT_GT(doc["target"]["meanGy"].get<double>(), 20);
    EXPECT_GT(doc["timingsS"]["superposition"].get<double>(), 0);
    EXPECT_GT(doc["voxelDirectionsPerSecond"].get<double>(), 0);
    const auto rd = dicom::readRtDose(file);
    EXPECT_EQ(rd.dose.identity.frameOfReferenceUid.empty(), false);
    const auto v = rd.dose.doseGy.values();
    doses.emplace_back(v.begin(), v.end());
    // A four-field box: no point above 125 % of the prescription, and the grid's corner (air
    // outside the fields) far below it.
    EXPECT_LT(*std::max_element(v.begin(), v.end()), 25);
    EXPECT_LT(v.front(), 1.0);
  }
  EXPECT_TRUE(doses[0] == doses[1]) << "the dose depends on the thread count";
}

TEST(DoseCommand, BadInputExitsTwoNamingTheProblem) {
  auto run = dose({"--target", "GTV_Met", "--template", "box4", "--rx", "20Gy/5", "--grid-mm", "0.5"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("expected 1 mm to 5 mm"), std::string::npos) << run.err;
  run = dose({"--target", "GTV_Met", "--template", "box4", "--rx", "20Gy/5", "--normalisation", "point"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--point"), std::string::npos) << run.err;
  run = dose({"--target", "PTV_Nope", "--template", "box4", "--rx", "20Gy/5"});
  EXPECT_EQ(run.exitStatus, 2);
  run = dose({"--target", "GTV_Met", "--template", "box4", "--rx", "20Gy/0"});
  EXPECT_EQ(run.exitStatus, 2);
}

TEST(DoseCommand, DosePerFractionAboveTheMachineLimitWritesNothingAndExitsTwo) {
  const auto folder = testing::makeTemporaryFolder("cli-dose-limit");
  const auto out = folder / "rd.dcm";
  // 30 Gy in one fraction: above the generic machine's maxDosePerFractionGy of 25 Gy.
  const auto run = dose({"--target", "GTV_Met", "--template", "box4", "--rx", "30Gy/1", "--grid-mm", "5", "--out",
                         out.string()});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("maxDosePerFractionGy"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("30"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(out)) << "an RT Dose was written for a plan outside the machine's limits";
}

}  // namespace
}  // namespace kerma::cli
