// kerma-cli register: the JSON contract, a CT registered to itself (the identity), landmark pairs
// alone (closed form, residuals) written as a Spatial Registration, and refusals. The image
// registration's accuracy against a known map is tested in test_registration.

#include "demo_folder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

// On bone: half the time of the whole image (the sanitizer build's CI minutes), the same answer.
TEST(RegisterCommand, ACtRegisteredToItselfGivesTheIdentity) {
  const std::string demo = demoPatientFolder().string();
  const auto run = runProcess(KERMA_CLI_PATH, {"register", "--fixed", demo, "--moving", demo, "--method", "rigid",
                                               "--bone-only", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  EXPECT_EQ(doc["method"], "rigid");
  ASSERT_EQ(doc["fixedFromMoving"].size(), 4u);
  for (int r = 0; r < 4; ++r) {
    ASSERT_EQ(doc["fixedFromMoving"][r].size(), 4u);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(doc["fixedFromMoving"][r][c].get<double>(), r == c ? 1 : 0, 2e-3) << r << c;
    EXPECT_NEAR(doc["fixedFromMoving"][r][3].get<double>(), r == 3 ? 1 : 0, 0.3) << r;
  }
  for (int n = 0; n < 3; ++n) EXPECT_NEAR(doc["rotationDeg"][n].get<double>(), 0, 0.1) << n;
  EXPECT_EQ(doc["metricName"], "Mattes mutual information");
  EXPECT_LT(doc["metric"].get<double>(), 0);
  EXPECT_GT(doc["seconds"].get<double>(), 0);
  EXPECT_EQ(doc["foldedVoxels"], 0);
  EXPECT_TRUE(doc["boneOnly"].get<bool>());
  EXPECT_TRUE(doc["landmarks"].is_null());
  EXPECT_TRUE(doc["out"].is_null());
}

TEST(RegisterCommand, LandmarkPairsAloneGiveTheirRigidMapAndResiduals) {
  const std::string demo = demoPatientFolder().string();
  // The fixed study is the moving one 10 mm to the patient's left.
  const std::vector<std::string> landmarks{"--landmarks-only", "--landmark", "L5:10,0,0:0,0,0", "--landmark",
                                           "Left acetabulum:100,-8,-45:90,-8,-45", "--landmark", "Pubis:10,-90,-60:0,-90,-60"};
  std::vector<std::string> args{"register", "--fixed", demo, "--moving", demo, "--json"};
  args.insert(args.end(), landmarks.begin(), landmarks.end());
  const auto run = runProcess(KERMA_CLI_PATH, args);
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  EXPECT_EQ(doc["method"], "landmarks");
  EXPECT_NEAR(doc["fixedFromMoving"][0][3].get<double>(), 10, 1e-9);
  EXPECT_NEAR(doc["fixedFromMoving"][1][3].get<double>(), 0, 1e-9);
  EXPECT_NEAR(doc["landmarks"]["rmsResidualMm"].get<double>(), 0, 1e-9);
  EXPECT_EQ(doc["landmarks"]["residualsMm"].size(), 3u);
  EXPECT_TRUE(doc["metric"].is_null());

  // A Spatial Registration relates two Frames of Reference: not a study to itself.
  args.insert(args.end(), {"--out", (testing::makeTemporaryFolder("register-self") / "REG.dcm").string()});
  const auto self = runProcess(KERMA_CLI_PATH, args);
  EXPECT_EQ(self.exitStatus, 2);
  EXPECT_NE(self.err.find("a Spatial Registration relates two different ones"), std::string::npos) << self.err;
}

TEST(RegisterCommand, RefusesWhatItCannotDoNamingIt) {
  const std::string demo = demoPatientFolder().string();
  const auto noPairs = runProcess(KERMA_CLI_PATH, {"register", "--fixed", demo, "--moving", demo, "--landmarks-only"});
  EXPECT_EQ(noPairs.exitStatus, 2);
  EXPECT_NE(noPairs.err.find("--landmarks-only needs --landmark pairs"), std::string::npos) << noPairs.err;
  const auto bad = runProcess(KERMA_CLI_PATH, {"register", "--fixed", demo, "--moving", demo, "--landmark", "L5:1,2"});
  EXPECT_EQ(bad.exitStatus, 2);
  EXPECT_NE(bad.err.find("expected NAME:fx,fy,fz:mx,my,mz"), std::string::npos) << bad.err;
  const auto deformable = runProcess(KERMA_CLI_PATH, {"register", "--fixed", demo, "--moving", demo, "--method",
                                                      "deformable", "--landmarks-only"});
  EXPECT_EQ(deformable.exitStatus, 2);
  EXPECT_NE(deformable.err.find("it cannot be --landmarks-only"), std::string::npos) << deformable.err;
  const auto noBone = runProcess(KERMA_CLI_PATH, {"register", "--fixed", demo, "--moving", demo, "--bone-hu", "9000"});
  EXPECT_EQ(noBone.exitStatus, 2);
  EXPECT_NE(noBone.err.find("no voxel of the fixed image reaches 9000 HU"), std::string::npos) << noBone.err;
}

}  // namespace
}  // namespace kerma::cli
