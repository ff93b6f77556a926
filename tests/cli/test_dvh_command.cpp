// kerma-cli dvh: the JSON contract against a sphere in a linear dose, and exit statuses.

#include "eval_cli_files.h"
#include "run_process.h"
#include "synthetic_ct.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <numbers>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

testing::ProcessResult dvh(const std::vector<std::string>& arguments) {
  std::vector<std::string> all{"dvh"};
  all.insert(all.end(), arguments.begin(), arguments.end());
  return runProcess(KERMA_CLI_PATH, all);
}

TEST(DvhCommand, PrintsTheContractedJson) {
  const auto folder = testing::makeTemporaryFolder("cli-dvh");
  const auto rs = testing::writeSphereStructureSet(folder, 20);
  const auto rd = testing::writeLinearDose(folder / "RD.dcm", 30, 0.5);  // 20 .. 40 Gy across the sphere
  const auto run = dvh({"--rtstruct", rs.string(), "--rtdose", rd.string(), "--v", "20,30,35.5", "--rx-gy", "30",
                        "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc["structures"].size(), 1u);
  const json& s = doc["structures"][0];
  EXPECT_EQ(s["name"], "Sphere");
  // Discs on 2 mm planes: the sphere's volume within 1 %.
  const double sphereCc = 4.0 / 3 * std::numbers::pi * 20 * 20 * 20 / 1000;
  EXPECT_NEAR(s["volumeCc"].get<double>(), sphereCc, 0.01 * sphereCc);
  EXPECT_NEAR(s["meanGy"].get<double>(), 30, 0.05);
  EXPECT_NEAR(s["d50Gy"].get<double>(), 30, 0.1);
  EXPECT_NEAR(s["minGy"].get<double>(), 20, 0.3);
  EXPECT_NEAR(s["maxGy"].get<double>(), 40, 0.3);
  for (const char* key : {"d2Gy", "d95Gy", "d98Gy"}) EXPECT_TRUE(s[key].is_number()) << key;
  EXPECT_GT(s["d2Gy"].get<double>(), s["d98Gy"].get<double>());
  ASSERT_EQ(s["v"].size(), 3u);
  EXPECT_NEAR(s["v"]["20Gy"].get<double>(), 100, 0.1);
  EXPECT_NEAR(s["v"]["30Gy"].get<double>(), 50, 0.5);
  EXPECT_TRUE(s["v"].contains("35.5Gy"));
  ASSERT_GT(s["cumulative"].size(), 2u);
  EXPECT_EQ(s["cumulative"][0], json({0, 100}));
  EXPECT_EQ(s["cumulative"][0].size(), 2u);
  EXPECT_TRUE(s["paddickCi"].is_number());
  EXPECT_TRUE(s["gradientIndex"].is_number());
}

TEST(DvhCommand, EvaluatesConstraintTemplates) {
  const auto folder = testing::makeTemporaryFolder("cli-dvh-constraints");
  const auto rs = testing::writeSphereStructureSet(folder, 10);
  const auto rd = testing::writeLinearDose(folder / "RD.dcm", 30, 0.5);
  const auto tmpl = folder / "t.json";
  std::ofstream(tmpl) << R"({"name":"t","version":"1","source":"test","fractionations":[{"fractions":5,
    "constraints":[{"structure":"sphere","metric":"Dmax","max":34},{"structure":"Cord","metric":"Dmax","max":1}]}]})";
  const auto run = dvh({"--rtstruct", rs.string(), "--rtdose", rd.string(), "--constraints", tmpl.string(),
                        "--fractions", "5", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc["constraints"].size(), 2u);
  EXPECT_EQ(doc["constraints"][0]["outcome"], "fail");
  EXPECT_NEAR(doc["constraints"][0]["value"].get<double>(), 35, 0.3);
  EXPECT_EQ(doc["constraints"][1]["outcome"], "not evaluated");
  EXPECT_TRUE(doc["constraints"][1]["value"].is_null());
}

TEST(DvhCommand, BadInputExitsWithTwoNamingTheFileAndProblem) {
  const auto folder = testing::makeTemporaryFolder("cli-dvh-bad");
  const auto rs = testing::writeSphereStructureSet(folder, 10);
  const auto other = testing::writeLinearDose(folder / "RD_other.dcm", 30, 0, "1.2.826.0.1.3680043.10.1234.999");
  const auto mismatch = dvh({"--rtstruct", rs.string(), "--rtdose", other.string(), "--json"});
  EXPECT_EQ(mismatch.exitStatus, 2);
  EXPECT_NE(mismatch.err.find("1.2.826.0.1.3680043.10.1234.999"), std::string::npos) << mismatch.err;
  EXPECT_NE(mismatch.err.find(testing::EVAL_FRAME_OF_REFERENCE), std::string::npos) << mismatch.err;
  EXPECT_NE(mismatch.err.find("RD_other.dcm"), std::string::npos) << mismatch.err;

  const auto missing = dvh({"--rtstruct", rs.string(), "--rtdose", "/nonexistent/RD.dcm"});
  EXPECT_EQ(missing.exitStatus, 2);
  EXPECT_NE(missing.err.find("/nonexistent/RD.dcm"), std::string::npos) << missing.err;

  const auto notDose = dvh({"--rtstruct", rs.string(), "--rtdose", rs.string()});
  EXPECT_EQ(notDose.exitStatus, 2);
  EXPECT_NE(notDose.err.find("not an RT Dose"), std::string::npos) << notDose.err;

  const auto rd = testing::writeLinearDose(folder / "RD.dcm", 30, 0);
  const auto badV = dvh({"--rtstruct", rs.string(), "--rtdose", rd.string(), "--v", "20,x"});
  EXPECT_EQ(badV.exitStatus, 2);
  EXPECT_NE(badV.err.find("--v"), std::string::npos) << badV.err;
  EXPECT_EQ(dvh({"--rtdose", rd.string()}).exitStatus, 2);
}

}  // namespace
}  // namespace kerma::cli
