// kerma-cli structures and contour on the demo patient, run as processes.

#include "run_process.h"
#include "shared_data.h"
#include "synthetic_ct.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

namespace kerma::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::runProcess;

// The demo patient written once for all tests of this file.
const fs::path& demoFolder() {
  static const fs::path folder = [] {
    const auto f = testing::makeTemporaryFolder("cli-contour-demo");
    const auto run = runProcess(KERMA_CLI_PATH, {"phantom", "--out", f.string()});
    EXPECT_EQ(run.exitStatus, 0) << run.err;
    return f;
  }();
  return folder;
}

fs::path demoStructureSet() {
  for (const auto& e : fs::directory_iterator(demoFolder()))
    if (e.path().filename().string().rfind("RS", 0) == 0) return e.path();
  return {};
}

std::map<std::string, json> structuresByName(const fs::path& rtstruct) {
  const auto run = runProcess(KERMA_CLI_PATH, {"structures", "--ct", demoFolder().string(), "--rtstruct",
                                               rtstruct.string(), "--json"});
  EXPECT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  std::map<std::string, json> byName;
  for (const auto& s : doc["structures"]) byName[s["name"]] = s;
  return byName;
}

TEST(StructuresCommand, ListsTheDemoPatientsStructures) {
  const auto s = structuresByName(demoStructureSet());
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s.at("BODY")["type"], "EXTERNAL");
  EXPECT_EQ(s.at("GTV_Met")["type"], "GTV");
  EXPECT_GT(s.at("GTV_Met")["centroidMm"][0].get<double>(), 0);  // patient left
  EXPECT_GT(s.at("Bladder")["volumeCc"].get<double>(), 150);
  EXPECT_GT(s.at("GTV_Met")["contours"].get<int>(), 0);
}

TEST(ContourCommand, RunsTheIssuesExampleAndWritesAReadableStructureSet) {
  const auto out = testing::makeTemporaryFolder("cli-contour-out") / "RS_planning.dcm";
  const auto run = runProcess(
      KERMA_CLI_PATH, {"contour", "--ct", demoFolder().string(), "--rtstruct", demoStructureSet().string(), "--out",
                       out.string(), "--body", "BODY", "--threshold", "Bone", "150", "3000", "--expand", "GTV_Met", "15",
                       "--within", "Bone", "--as", "CTV", "--expand", "CTV", "5", "--as", "PTV", "--subtract", "Rectum",
                       "PTV", "--as", "Rectum_minus_PTV", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  ASSERT_TRUE(fs::exists(out));
  const auto s = structuresByName(out);
  ASSERT_EQ(s.size(), 10u);
  const double gtv = s.at("GTV_Met")["volumeCc"], ctv = s.at("CTV")["volumeCc"], ptv = s.at("PTV")["volumeCc"];
  EXPECT_GT(ctv, gtv);
  EXPECT_GT(ptv, ctv);
  EXPECT_EQ(s.at("CTV")["type"], "CTV");
  EXPECT_EQ(s.at("PTV")["type"], "PTV");
  EXPECT_LE(s.at("Rectum_minus_PTV")["volumeCc"].get<double>(), s.at("Rectum")["volumeCc"].get<double>());
  // The JSON the command printed agrees with what was read back from the file, within 1 %.
  const json printed = json::parse(run.out);
  for (const auto& written : printed["structures"])
    EXPECT_NEAR(written["volumeCc"].get<double>(), s.at(written["name"])["volumeCc"].get<double>(),
                0.01 * written["volumeCc"].get<double>())
        << written["name"];
}

TEST(ContourCommand, AFailingOperationIsNamedAndNothingIsWritten) {
  const auto out = testing::makeTemporaryFolder("cli-contour-bad") / "RS.dcm";
  const auto run = runProcess(KERMA_CLI_PATH, {"contour", "--ct", demoFolder().string(), "--rtstruct",
                                               demoStructureSet().string(), "--out", out.string(), "--expand",
                                               "Prostate", "5", "--as", "PTV"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--expand (operation 1): no structure named 'Prostate'"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace kerma::cli
