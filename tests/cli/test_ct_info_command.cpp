// kerma-cli ct-info: the JSON contract and the exit statuses, run as a separate process.

#include "run_process.h"
#include "shared_data.h"
#include "synthetic_ct.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace kerma::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::runProcess;

testing::ProcessResult ctInfo(const std::vector<std::string>& arguments) {
  std::vector<std::string> all{"ct-info"};
  all.insert(all.end(), arguments.begin(), arguments.end());
  return runProcess(KERMA_CLI_PATH, all);
}

TEST(CtInfoCommand, PrintsTheContractedJsonForASeries) {
  const auto folder = testing::makeTemporaryFolder("cli-ct-info");
  testing::writeSyntheticSeries(folder, 6, -10, 2.5);
  const auto run = ctInfo({folder.string(), "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc["series"].size(), 1u);
  EXPECT_TRUE(doc["refused"].empty());
  const json& s = doc["series"][0];
  EXPECT_EQ(s["seriesInstanceUid"], "1.2.826.0.1.3680043.10.1234.1");
  EXPECT_EQ(s["patientId"], "SYN-001");
  EXPECT_EQ(s["patientName"], "SYNTHETIC^SERIES");
  EXPECT_EQ(s["modality"], "CT");
  EXPECT_EQ(s["frameOfReferenceUid"], "1.2.826.0.1.3680043.10.1234.7");
  EXPECT_EQ(s["size"], json({32, 24, 6}));
  EXPECT_NEAR(s["spacingMm"][0].get<double>(), 0.8, 1e-9);
  EXPECT_NEAR(s["spacingMm"][2].get<double>(), 2.5, 1e-9);
  EXPECT_NEAR(s["originMm"][2].get<double>(), -10, 1e-9);
  EXPECT_EQ(s["direction"], json({1, 0, 0, 0, 1, 0, 0, 0, 1}));
  // HU = (37 i + 101 j + 211 k) mod 4096 - 1024 over the 32 x 24 x 6 grid.
  int lo = 1 << 20, hi = -(1 << 20);
  double sum = 0;
  for (int k = 0; k < 6; ++k)
    for (int j = 0; j < 24; ++j)
      for (int i = 0; i < 32; ++i) {
        const int hu = int(testing::syntheticStoredValue(i, j, k)) - 1024;
        lo = std::min(lo, hu);
        hi = std::max(hi, hu);
        sum += hu;
      }
  EXPECT_EQ(s["huMin"].get<double>(), lo);
  EXPECT_EQ(s["huMax"].get<double>(), hi);
  EXPECT_NEAR(s["huMean"].get<double>(), sum / (32 * 24 * 6), 1e-9);
  EXPECT_GT(s["loadSeconds"].get<double>(), 0);
}

TEST(CtInfoCommand, ListsRefusedSeriesAndExitsWithTwoWhenNothingIsUsable) {
  const auto folder = testing::makeTemporaryFolder("cli-ct-info-refused");
  testing::SyntheticSlice tilted;
  tilted.gantryTiltDeg = 20;
  testing::writeSyntheticSeries(folder, 3, 0, 2, tilted);
  const auto run = ctInfo({folder.string(), "--json"});
  EXPECT_EQ(run.exitStatus, 2);
  const json doc = json::parse(run.out);
  EXPECT_TRUE(doc["series"].empty());
  ASSERT_EQ(doc["refused"].size(), 1u);
  EXPECT_EQ(doc["refused"][0]["files"].size(), 3u);
  EXPECT_NE(doc["refused"][0]["reason"].get<std::string>().find("tilt"), std::string::npos);
  EXPECT_NE(run.err.find("tilt"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(folder.string()), std::string::npos) << run.err;
}

TEST(CtInfoCommand, BadArgumentsAndMissingFoldersExitWithTwoAndAMessage) {
  const auto missing = ctInfo({"/nonexistent/kerma/ct", "--json"});
  EXPECT_EQ(missing.exitStatus, 2);
  EXPECT_NE(missing.err.find("/nonexistent/kerma/ct"), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty());
  const auto unknown = ctInfo({"--frobnicate"});
  EXPECT_EQ(unknown.exitStatus, 2);
  EXPECT_NE(unknown.err.find("--frobnicate"), std::string::npos) << unknown.err;
  const auto noCommand = runProcess(KERMA_CLI_PATH, {"no-such-command"});
  EXPECT_EQ(noCommand.exitStatus, 2);
  EXPECT_NE(noCommand.err.find("no-such-command"), std::string::npos);
}

TEST(CtInfoCommand, SharedLung1ThroughTheCli) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const auto run = ctInfo({testing::sharedPath("data/lung1-001/ct").string(), "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json s = json::parse(run.out)["series"][0];
  EXPECT_EQ(s["size"], json({512, 512, 134}));
  EXPECT_EQ(s["patientId"], "LUNG1-001");
  EXPECT_EQ(s["huMin"].get<double>(), -1024);
}

}  // namespace
}  // namespace kerma::cli
