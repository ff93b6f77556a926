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
  // The ROI Display Colors the demo patient was written with (phantom/demo_patient.cpp).
  EXPECT_EQ(s.at("BODY")["colorRgb"], json::parse("[0, 170, 0]"));
  EXPECT_EQ(s.at("Rectum")["colorRgb"], json::parse("[150, 75, 0]"));
  EXPECT_EQ(s.at("GTV_Met")["colorRgb"], json::parse("[255, 0, 0]"));
}

TEST(StructuresCommand, ACorruptedVertexIsReportedNamingRoiAndContourAndLeftOut) {
  // The first vertex of BODY's first contour at x = 10^30 mm (dcmtk's dcmodify, as a damaged
  // file would come).
  const fs::path damaged = testing::makeTemporaryFolder("cli-structures-damaged") / "RS.dcm";
  fs::copy_file(demoStructureSet(), damaged);
  const auto dump = runProcess("/usr/bin/dcmdump", {"+L", "+P", "3006,0050", damaged.string()});
  ASSERT_EQ(dump.exitStatus, 0) << dump.err;
  const std::string first = dump.out.substr(0, dump.out.find('\n'));
  const std::size_t from = first.find('[') + 1, firstValueEnd = first.find('\\');
  const std::string corrupted = "1e30" + first.substr(firstValueEnd, first.find(']') - firstValueEnd);
  const auto edit = runProcess("/usr/bin/dcmodify", {"-nb", "-m", "(3006,0039)[0].(3006,0040)[0].(3006,0050)=" + corrupted,
                                            damaged.string()});
  ASSERT_EQ(edit.exitStatus, 0) << edit.err;
  ASSERT_GT(firstValueEnd, from);

  const auto run = runProcess(KERMA_CLI_PATH, {"structures", "--ct", demoFolder().string(), "--rtstruct",
                                               damaged.string(), "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc["warnings"].size(), 1u) << run.out;
  EXPECT_TRUE(doc["refused"].empty());
  const json& warning = doc["warnings"][0];
  EXPECT_EQ(warning["roi"], "BODY");
  EXPECT_EQ(warning["contour"], 1);
  const std::string message = warning["message"];
  EXPECT_EQ(message.rfind("RS.dcm: ROI 'BODY' contour 1: vertex 1 at (1e+30, ", 0), 0u) << message;
  EXPECT_NE(run.err.find("kerma-cli structures: " + message), std::string::npos) << run.err;
  // What Kerma did is what it said: the BODY without that vertex is the BODY drawn.
  const double intactCc = structuresByName(demoStructureSet()).at("BODY")["volumeCc"];
  double repairedCc = 0;
  for (const auto& s : doc["structures"])
    if (s["name"] == "BODY") repairedCc = s["volumeCc"];
  EXPECT_NEAR(repairedCc, intactCc, 0.001 * intactCc);
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
  // The lytic part of the metastasis is below 150 HU, so not Bone: the CTV keeps it (a CTV
  // contains its GTV), and the command says how much of the GTV lay outside Bone.
  ASSERT_EQ(printed["warnings"].size(), 1u) << run.out;
  EXPECT_NE(printed["warnings"][0].get<std::string>().find("lie outside Bone and are kept in CTV"), std::string::npos);
  EXPECT_NE(run.err.find("lie outside Bone and are kept in CTV"), std::string::npos) << run.err;
  const auto overlapFile = out.parent_path() / "RS_overlap.dcm";
  const auto overlap = runProcess(KERMA_CLI_PATH, {"contour", "--ct", demoFolder().string(), "--rtstruct", out.string(),
                                                   "--out", overlapFile.string(), "--intersect", "CTV", "GTV_Met", "--as",
                                                   "CTV_and_GTV"});
  ASSERT_EQ(overlap.exitStatus, 0) << overlap.err;
  const double both = structuresByName(overlapFile).at("CTV_and_GTV")["volumeCc"];
  EXPECT_NEAR(both, gtv, 0.01 * gtv) << "the CTV holds " << both << " of the GTV's " << gtv << " cm³";
  // Colours: the file's kept, the new structures' their own.
  EXPECT_EQ(s.at("Rectum")["colorRgb"], json::parse("[150, 75, 0]"));
  EXPECT_EQ(s.at("CTV")["colorRgb"], json::parse("[255, 160, 0]"));
  for (const auto& [a, first] : s)
    for (const auto& [b, second] : s)
      if (a < b) {
        EXPECT_NE(first["colorRgb"], second["colorRgb"]) << a << " and " << b;
      }
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
