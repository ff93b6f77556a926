// kerma-cli drr: a PNG of the demo patient, and the exit statuses, run as a process.

#include "demo_folder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

TEST(DrrCommand, WritesAPngOfTheRequestedSize) {
  const auto out = testing::makeTemporaryFolder("cli-drr") / "g0.png";
  const auto run = runProcess(KERMA_CLI_PATH, {"drr", "--ct", demoPatientFolder().string(), "--gantry", "0",
                                               "--isocenter", "24.5,-48,-88", "--size", "64", "--out", out.string(),
                                               "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  EXPECT_EQ(doc["sizePx"], json({64, 64}));
  EXPECT_DOUBLE_EQ(doc["pixelSpacingAtIsocenterMm"].get<double>(), 400.0 / 64);
  std::ifstream in(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 64u * 65u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  // IHDR: width and height, big-endian, at bytes 16..23.
  EXPECT_EQ(static_cast<unsigned char>(bytes[19]), 64);
  EXPECT_EQ(static_cast<unsigned char>(bytes[23]), 64);
}

TEST(DrrCommand, BadInputExitsTwo) {
  const auto out = testing::makeTemporaryFolder("cli-drr-bad") / "x.png";
  auto run = runProcess(KERMA_CLI_PATH, {"drr", "--ct", demoPatientFolder().string(), "--gantry", "0", "--isocenter",
                                         "0,0,900", "--out", out.string()});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--isocenter"), std::string::npos) << run.err;
  run = runProcess(KERMA_CLI_PATH, {"drr", "--ct", demoPatientFolder().string(), "--gantry", "ninety", "--isocenter",
                                    "0,0,0", "--out", out.string()});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--gantry"), std::string::npos) << run.err;
  run = runProcess(KERMA_CLI_PATH, {"drr", "--ct", demoPatientFolder().string(), "--gantry", "0", "--isocenter",
                                    "0,0,0", "--size", "0", "--out", out.string()});
  EXPECT_EQ(run.exitStatus, 2);
}

}  // namespace
}  // namespace kerma::cli
