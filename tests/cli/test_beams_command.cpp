// kerma-cli beams: the JSON contract on the demo patient, run as a process.

#include "demo_folder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

testing::ProcessResult beams(std::vector<std::string> extra) {
  std::vector<std::string> args{"beams", "--ct", demoPatientFolder().string(), "--rtstruct",
                                demoPatientStructureSet().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return runProcess(KERMA_CLI_PATH, args);
}

/// Open leaf pairs (wider than the 0.5 mm closed gap) of a beam.
int openPairs(const json& beam) {
  int open = 0;
  for (int n = 0; n < 60; ++n)
    open += beam["leavesMm"]["x2"][n].get<double>() - beam["leavesMm"]["x1"][n].get<double>() > 0.5 + 1e-6;
  return open;
}

TEST(BeamsCommand, Box4AboutTheGtvFollowsTheContract) {
  const auto run = beams({"--target", "GTV_Met", "--template", "box4", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  EXPECT_EQ(doc["machine"]["name"], "Generic 6 MV");
  EXPECT_EQ(doc["machine"]["checksum"].get<std::string>().size(), 64u);
  ASSERT_EQ(doc["beams"].size(), 4u);
  const std::vector<std::string> names{"AP", "LLAT", "PA", "RLAT"};
  const std::vector<double> gantry{0, 90, 180, 270};
  for (int b = 0; b < 4; ++b) {
    const json& beam = doc["beams"][b];
    EXPECT_EQ(beam["name"], names[b]);
    EXPECT_EQ(beam["gantryDeg"].get<double>(), gantry[b]);
    EXPECT_EQ(beam["collimatorDeg"].get<double>(), 0);
    EXPECT_EQ(beam["couchDeg"].get<double>(), 0);
    EXPECT_EQ(beam["isocenterMm"], doc["beams"][0]["isocenterMm"]);
    const double ssd = beam["ssdMm"].get<double>();
    EXPECT_GT(ssd, 700);
    EXPECT_LT(ssd, 1000);
    ASSERT_EQ(beam["leavesMm"]["x1"].size(), 60u);
    ASSERT_EQ(beam["leavesMm"]["x2"].size(), 60u);
    const json& jaws = beam["jawsMm"];
    // The GTV (about 2.5 cm across) plus 7 mm: a field of a few cm, centred near the axis.
    EXPECT_LT(jaws["x1"].get<double>(), -15);
    EXPECT_GT(jaws["x2"].get<double>(), 15);
    EXPECT_LT(jaws["x2"].get<double>() - jaws["x1"].get<double>(), 60);
    EXPECT_LT(jaws["y1"].get<double>(), -15);
    EXPECT_GT(jaws["y2"].get<double>(), 15);
    EXPECT_GE(openPairs(beam), 6);
    for (int n = 0; n < 60; ++n) {
      const double x1 = beam["leavesMm"]["x1"][n], x2 = beam["leavesMm"]["x2"][n];
      EXPECT_LE(x1 + 0.5, x2 + 1e-9) << "pair " << n;
      EXPECT_GE(x1, jaws["x1"].get<double>() - 0.5 - 1e-9);
      EXPECT_LE(x2, jaws["x2"].get<double>() + 1e-9);
    }
  }
  // Opposed beams see mirror images: the AP's X1 edge is the PA's X2 edge.
  EXPECT_NEAR(doc["beams"][0]["jawsMm"]["x1"].get<double>(), -doc["beams"][2]["jawsMm"]["x2"].get<double>(), 0.3);
  // The isocentre defaults to the GTV's centroid: about (24, -48, -88) mm in the demo patient.
  EXPECT_NEAR(doc["beams"][0]["isocenterMm"][0].get<double>(), 24.5, 2);
}

TEST(BeamsCommand, MarginsLeafModesAndIsocentreChangeTheField) {
  const auto wide = json::parse(beams({"--target", "GTV_Met", "--template", "ap", "--margin-mm", "15", "--json"}).out);
  const auto tight = json::parse(beams({"--target", "GTV_Met", "--template", "ap", "--margin-mm", "0", "--json"}).out);
  EXPECT_NEAR(wide["beams"][0]["jawsMm"]["x2"].get<double>() - tight["beams"][0]["jawsMm"]["x2"].get<double>(), 15, 1);
  const auto inside = json::parse(
      beams({"--target", "GTV_Met", "--template", "ap", "--leaf-mode", "inside", "--json"}).out);
  const auto outside = json::parse(beams({"--target", "GTV_Met", "--template", "ap", "--json"}).out);
  EXPECT_LT(openPairs(inside["beams"][0]), openPairs(outside["beams"][0]));
  const auto moved = json::parse(
      beams({"--target", "GTV_Met", "--template", "ap", "--isocenter", "0,-48,-88", "--json"}).out);
  EXPECT_EQ(moved["beams"][0]["isocenterMm"], json({0, -48, -88}));
  EXPECT_GT(moved["beams"][0]["jawsMm"]["x1"].get<double>(), 0);  // the GTV lies at patient left
}

// The brief's workflow: a PTV built by kerma-cli contour (GTV + 15 mm within bone as CTV, + 5 mm
// as PTV), then a box4 plan on it. The PTV's field is wider than the GTV's by about 20 mm a side.
TEST(BeamsCommand, Box4OnAPtvBuiltByTheContourCommand) {
  const auto rtstruct = testing::makeTemporaryFolder("cli-beams-ptv") / "RS_ptv.dcm";
  const auto contour = runProcess(KERMA_CLI_PATH, {"contour", "--ct", demoPatientFolder().string(), "--rtstruct",
                                                   demoPatientStructureSet().string(), "--out", rtstruct.string(),
                                                   "--threshold", "Bone", "150", "3000", "--expand", "GTV_Met", "15",
                                                   "--within", "Bone", "--as", "CTV", "--expand", "CTV", "5", "--as", "PTV"});
  ASSERT_EQ(contour.exitStatus, 0) << contour.err;
  const auto run = runProcess(KERMA_CLI_PATH, {"beams", "--ct", demoPatientFolder().string(), "--rtstruct",
                                               rtstruct.string(), "--target", "PTV", "--template", "box4", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json ptv = json::parse(run.out);
  const json gtv = json::parse(beams({"--target", "GTV_Met", "--template", "box4", "--json"}).out);
  ASSERT_EQ(ptv["beams"].size(), 4u);
  for (int b = 0; b < 4; ++b) {
    const double ptvWidth = ptv["beams"][b]["jawsMm"]["x2"].get<double>() - ptv["beams"][b]["jawsMm"]["x1"].get<double>();
    const double gtvWidth = gtv["beams"][b]["jawsMm"]["x2"].get<double>() - gtv["beams"][b]["jawsMm"]["x1"].get<double>();
    EXPECT_GT(ptvWidth, gtvWidth + 10) << "beam " << b;
    EXPECT_GT(openPairs(ptv["beams"][b]), openPairs(gtv["beams"][b]));
  }
}

TEST(BeamsCommand, CollimatorAndCouchTurnTheField) {
  const auto field = [](std::vector<std::string> angles) {
    std::vector<std::string> args{"--target", "GTV_Met", "--template", "ap", "--json"};
    args.insert(args.end(), angles.begin(), angles.end());
    const auto run = beams(args);
    EXPECT_EQ(run.exitStatus, 0) << run.err;
    return json::parse(run.out)["beams"][0];
  };
  const json straight = field({});
  const json turned = field({"--collimator", "90"});
  EXPECT_EQ(turned["collimatorDeg"].get<double>(), 90);
  EXPECT_EQ(turned["couchDeg"].get<double>(), 0);
  // IEC 61217: the collimator turns counter-clockwise as seen from the source, so at 90° the
  // Xb axis is the old Yb axis and Yb the old −Xb. X jaws sit on the leaf tips (the margin-grown
  // target's extent); Y jaws on leaf boundaries outside it, less than one 5 mm leaf beyond.
  const json& j0 = straight["jawsMm"];
  const json& j90 = turned["jawsMm"];
  constexpr double LEAF_MM = 5, TOLERANCE_MM = 0.05;
  EXPECT_LE(j90["y1"].get<double>(), -j0["x2"].get<double>() + TOLERANCE_MM);
  EXPECT_GT(j90["y1"].get<double>(), -j0["x2"].get<double>() - LEAF_MM);
  EXPECT_GE(j90["y2"].get<double>(), -j0["x1"].get<double>() - TOLERANCE_MM);
  EXPECT_LT(j90["y2"].get<double>(), -j0["x1"].get<double>() + LEAF_MM);
  EXPECT_GE(j90["x1"].get<double>(), j0["y1"].get<double>() - TOLERANCE_MM);
  EXPECT_LT(j90["x1"].get<double>(), j0["y1"].get<double>() + LEAF_MM);
  EXPECT_LE(j90["x2"].get<double>(), j0["y2"].get<double>() + TOLERANCE_MM);
  EXPECT_GT(j90["x2"].get<double>(), j0["y2"].get<double>() - LEAF_MM);

  // The AP beam's axis is vertical, so turning the couch by 90° (counter-clockwise seen from
  // above) turns the patient under an unchanged beam: the same field as the collimator at −90°.
  const json couch = field({"--couch", "90"});
  const json collimator = field({"--collimator", "-90"});
  EXPECT_EQ(couch["name"], "AP");
  EXPECT_EQ(couch["couchDeg"].get<double>(), 90);
  for (const char* jaw : {"x1", "x2", "y1", "y2"})
    EXPECT_NEAR(couch["jawsMm"][jaw].get<double>(), collimator["jawsMm"][jaw].get<double>(), 1e-6) << jaw;
  for (const char* bank : {"x1", "x2"})
    for (int n = 0; n < 60; ++n)
      EXPECT_NEAR(couch["leavesMm"][bank][n].get<double>(), collimator["leavesMm"][bank][n].get<double>(), 1e-6)
          << bank << " pair " << n;
}

TEST(BeamsCommand, BadInputExitsTwoNamingTheProblem) {
  auto run = beams({"--target", "GTV_Met", "--template", "box5"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("template 'box5'"), std::string::npos) << run.err;
  run = beams({"--target", "PTV_Nope", "--template", "box4"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--target 'PTV_Nope' not found"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(demoPatientStructureSet().filename().string()), std::string::npos) << run.err;
  run = beams({"--target", "GTV_Met", "--template", "ap", "--isocenter", "0,0,900"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--isocenter (0, 0, 900) mm lies outside the CT"), std::string::npos) << run.err;
  run = beams({"--target", "GTV_Met", "--template", "ap", "--leaf-mode", "centre"});
  EXPECT_EQ(run.exitStatus, 2);
  // The whole pelvis (about 38 cm wide) needs leaf tips further apart than the MLC's 15 cm spread.
  run = beams({"--target", "BODY", "--template", "ap"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("cannot be delivered on Generic 6 MV"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("expected at most the maximum tip spread 150.0 mm"), std::string::npos) << run.err;
  run = beams({"--target", "GTV_Met", "--template", "ap", "--couch", "120"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("couch"), std::string::npos) << run.err;
  run = beams({"--target", "GTV_Met", "--template", "ap", "--collimator", "ninety"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("--collimator"), std::string::npos) << run.err;
  run = beams({"--target", "GTV_Met", "--template", "ap", "--machine", "/nonexistent"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("machine.json"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace kerma::cli
