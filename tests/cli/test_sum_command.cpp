// kerma-cli sum: two courses in EQD2 and physically, recovery, a prior course on another CT
// through its registration, and Frame of Reference refusal.

#include "eval_cli_files.h"
#include "run_process.h"
#include "synthetic_ct.h"

#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/spatial_registration.h"

#include <Eigen/Geometry>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <numbers>

namespace kerma::cli {
namespace {

using testing::runProcess;

TEST(SumCommand, AddsTwoCoursesInEqd2) {
  const auto folder = testing::makeTemporaryFolder("cli-sum");
  const auto first = testing::writeLinearDose(folder / "RD_2012.dcm", 21, 0);
  const auto second = testing::writeLinearDose(folder / "RD_2019.dcm", 20, 0);
  const auto out = folder / "RD_sum.dcm";
  // 21 Gy / 3 + 20 Gy / 5 at alpha/beta 3: 42 + 28 = 70 Gy EQD2.
  const auto run = runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3", "--course",
                                               second.string() + ":5", "--as", "eqd2", "--alpha-beta", "3", "--out",
                                               out.string()});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const auto sum = dicom::readRtDose(out);
  EXPECT_EQ(sum.dose.type, eval::DoseType::Effective);
  EXPECT_EQ(sum.dose.summationType, "MULTI_PLAN");
  for (float v : sum.dose.doseGy.values()) EXPECT_NEAR(v, 70, 1e-3);

  // Half of the first course recovered: 21 + 28 = 49 Gy; physically 21 + 20 = 41 Gy.
  ASSERT_EQ(runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3:0.5", "--course",
                                        second.string() + ":5", "--as", "eqd2", "--alpha-beta", "3", "--out",
                                        out.string()})
                .exitStatus,
            0);
  EXPECT_NEAR(dicom::readRtDose(out).dose.doseGy.values()[0], 49, 1e-3);
  ASSERT_EQ(runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3", "--course", second.string() + ":5",
                                        "--as", "physical", "--out", out.string()})
                .exitStatus,
            0);
  EXPECT_NEAR(dicom::readRtDose(out).dose.doseGy.values()[0], 41, 1e-3);
}

// Reference points over the courses: each course's own dose there and the sum's; a linear dose
// (1 Gy/mm along x) gives a known value at every point; a point outside the grids has none.
TEST(SumCommand, ReferencePointsGetEveryCoursesDoseAndTheSum) {
  const auto folder = testing::makeTemporaryFolder("cli-sum-points");
  const auto first = testing::writeLinearDose(folder / "RD_2012.dcm", 21, 0);
  const auto second = testing::writeLinearDose(folder / "RD_2019.dcm", 20, 0.1);
  const auto run = runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3", "--course",
                                               second.string() + ":5", "--as", "eqd2", "--alpha-beta", "3", "--out",
                                               (folder / "RD_sum.dcm").string(), "--ref-point", "Cord:10,0,0",
                                               "--ref-point", "Far:500,0,0", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  const auto& points = doc["referencePoints"];
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0]["name"], "Cord");
  EXPECT_NEAR(points[0]["courseGy"][0].get<double>(), 21, 1e-3);
  const double second10 = 20 + 0.1 * 10;  // the second course's linear dose at x = 10 mm
  EXPECT_NEAR(points[0]["courseGy"][1].get<double>(), second10, 1e-3);
  // 21 Gy / 3 at alpha/beta 3 is 42 Gy EQD2; the second course's EQD2 at its own dose there.
  const double eqd2 = second10 * (second10 / 5 + 3) / (2 + 3);
  EXPECT_NEAR(points[0]["sumGy"].get<double>(), 42 + eqd2, 1e-2);
  EXPECT_TRUE(points[1]["courseGy"][0].is_null());
  EXPECT_TRUE(points[1]["sumGy"].is_null());
}

// The prior course on another CT (its own Frame of Reference), 8 mm to the patient's left of where
// the current CT sees it and turned 90 degrees about z: through the registration, its dose at a
// point of the current frame is its own dose where the registration takes that point back. The
// linear dose (1 Gy/mm along x of the prior frame) shows both the shift and the rotation.
TEST(SumCommand, APriorCourseOnAnotherCtIsMappedThroughItsRegistration) {
  const auto folder = testing::makeTemporaryFolder("cli-sum-registration");
  const std::string priorFrame = "1.2.826.0.1.3680043.10.1234.777";
  const auto prior = testing::writeLinearDose(folder / "RD_2012.dcm", 21, 0.1, priorFrame);
  const auto current = testing::writeLinearDose(folder / "RD_2019.dcm", 20, 0);
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = Eigen::AngleAxisd(std::numbers::pi / 2, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  m.translation() = Eigen::Vector3d(8, 0, 0);
  const core::FrameRegistration registration{testing::EVAL_FRAME_OF_REFERENCE, priorFrame,
                                             core::Transform<core::Patient, core::Patient>(m), nullptr};
  const auto reg = folder / "REG.dcm";
  dicom::SpatialRegistrationExportOptions options;
  options.contentDate = "20261207";
  options.contentTime = "120000";
  dicom::writeSpatialRegistration(registration, testing::evalIdentity(), reg, options);

  const auto out = folder / "RD_sum.dcm";
  const auto run = runProcess(KERMA_CLI_PATH, {"sum", "--course", current.string() + ":5", "--course",
                                               prior.string() + ":3:0:" + reg.string(), "--as", "physical", "--out",
                                               out.string(), "--ref-point", "P:10,4,0", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  // (10, 4, 0) in the current frame is R^-1 ((10, 4, 0) - (8, 0, 0)) = (4, -2, 0) in the prior one:
  // 21 + 0.1 * 4 Gy there; the current course gives 20 Gy.
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_NEAR(doc["referencePoints"][0]["sumGy"].get<double>(), 20 + 21 + 0.1 * 4, 1e-3);
  const auto sum = dicom::readRtDose(out);
  EXPECT_EQ(sum.dose.identity.frameOfReferenceUid, testing::EVAL_FRAME_OF_REFERENCE);

  // Without the registration, or with one of other frames, the courses are not added.
  const auto alone = runProcess(KERMA_CLI_PATH, {"sum", "--course", current.string() + ":5", "--course",
                                                 prior.string() + ":3", "--as", "physical", "--out", out.string()});
  EXPECT_EQ(alone.exitStatus, 2);
  EXPECT_NE(alone.err.find("expected the same Frame of Reference"), std::string::npos) << alone.err;
  const auto reversed = runProcess(KERMA_CLI_PATH, {"sum", "--course", prior.string() + ":3:0:" + reg.string(),
                                                    "--course", current.string() + ":5", "--as", "physical", "--out",
                                                    out.string()});
  EXPECT_EQ(reversed.exitStatus, 2);
  EXPECT_NE(reversed.err.find("its registration maps Frame of Reference " + priorFrame), std::string::npos)
      << reversed.err;
}

TEST(SumCommand, PerStructureRecoveryAppliesInsideTheStructure) {
  const auto folder = testing::makeTemporaryFolder("cli-sum-structure");
  const auto rs = testing::writeSphereStructureSet(folder, 15);
  const auto first = testing::writeLinearDose(folder / "RD_1.dcm", 21, 0);
  const auto second = testing::writeLinearDose(folder / "RD_2.dcm", 20, 0);
  const auto out = folder / "RD_sum.dcm";
  const auto run = runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3", "--course",
                                               second.string() + ":5", "--as", "eqd2", "--alpha-beta", "3", "--rtstruct",
                                               rs.string(), "--structure-recovered", "Sphere=0.5", "--out", out.string()});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const auto sum = dicom::readRtDose(out);
  EXPECT_NEAR(*eval::sampleDoseGy(sum.dose, {0, 0, 0}), 49, 1e-3);    // inside the sphere
  EXPECT_NEAR(*eval::sampleDoseGy(sum.dose, {30, 30, 30}), 70, 1e-3);  // outside
}

TEST(SumCommand, RefusesOtherFramesOfReferenceAndBadCourses) {
  const auto folder = testing::makeTemporaryFolder("cli-sum-bad");
  const auto first = testing::writeLinearDose(folder / "RD_a.dcm", 21, 0);
  const auto other = testing::writeLinearDose(folder / "RD_b.dcm", 20, 0, "1.2.826.0.1.3680043.10.1234.998");
  const auto out = (folder / "x.dcm").string();
  const auto run = runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3", "--course",
                                               other.string() + ":5", "--as", "eqd2", "--out", out});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("1.2.826.0.1.3680043.10.1234.998"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(testing::EVAL_FRAME_OF_REFERENCE), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("RD_b.dcm"), std::string::npos) << run.err;
  for (const std::string& course : {first.string(), first.string() + ":0", first.string() + ":3:2"})
    EXPECT_EQ(runProcess(KERMA_CLI_PATH, {"sum", "--course", course, "--as", "eqd2", "--out", out}).exitStatus, 2)
        << course;
  EXPECT_EQ(runProcess(KERMA_CLI_PATH, {"sum", "--course", first.string() + ":3", "--as", "both", "--out", out})
                .exitStatus,
            2);
}

}  // namespace
}  // namespace kerma::cli
