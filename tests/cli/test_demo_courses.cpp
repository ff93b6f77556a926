// The clinical case end to end on the demo patient's two courses (issue 16): kerma-cli phantom
// --course 1 (2012: 10 mm CT, 21 Gy/3 AP/PA and its dose) and --course 2 (2019: 5 mm CT, the
// patient moved by a known rigid map, a fuller bladder, another Frame of Reference); the first
// registered onto the second on bone and written as a Spatial Registration (deformably too: no
// folding where the bladder filled); the second course
// contoured and planned (20 Gy/5); the first course's dose mapped through the registration and
// summed in EQD2; the rectum's and bladder's cumulative EQD2 checked against the re-irradiation
// constraint template on the second course's structures.

#include "run_process.h"
#include "synthetic_ct.h"

#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/phantom/demo_patient.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <numbers>

namespace kerma::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::runProcess;

// Issue 16: the demo's rigid registration recovers the known map within 1 mm and 0.5 degrees.
constexpr double TRE_LIMIT_MM = 1.0;
constexpr double ANGLE_LIMIT_DEG = 0.5;

fs::path only(const fs::path& folder, const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().filename().string().rfind(prefix, 0) == 0) return e.path();
  return {};
}

json run(const std::vector<std::string>& args) {
  const auto result = runProcess(KERMA_CLI_PATH, args);
  EXPECT_EQ(result.exitStatus, 0) << args.front() << ": " << result.err;
  return result.exitStatus == 0 && result.out.find('{') != std::string::npos ? json::parse(result.out) : json();
}

TEST(DemoCourses, TheClinicalCaseFromRegistrationToCumulativeEqd2) {
  const fs::path root = testing::makeTemporaryFolder("demo-courses");
  const fs::path first = root / "course1", second = root / "course2", plan2 = root / "plan2", out2 = root / "out2";
  const json one = run({"phantom", "--out", first.string(), "--course", "1", "--json"});
  run({"phantom", "--out", second.string(), "--course", "2", "--json"});
  ASSERT_FALSE(one["rtdose"].is_null());
  const dicom::RtDoseFile firstDose = dicom::readRtDose(one["rtdose"].get<std::string>());

  // Registration on bone (the bladder changed): the known map within 1 mm across the pelvis and 0.5 degrees.
  const fs::path reg = second / "REG.dcm";
  const json registered = run({"register", "--fixed", second.string(), "--moving", first.string(), "--bone-only",
                               "--out", reg.string(), "--accepted-by", "PHYSICIST^DEMO", "--json"});
  Eigen::Matrix4d found;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) found(r, c) = registered["fixedFromMoving"][r][c].get<double>();
  const Eigen::Affine3d truth = phantom::secondCourseFromFirst().matrix();
  double worstMm = 0;
  for (double x : {-120.0, 120.0})
    for (double y : {-100.0, 80.0})
      for (double z : {-120.0, 100.0}) {
        const Eigen::Vector4d p(x, y, z, 1);
        worstMm = std::max(worstMm, (found * p - truth.matrix() * p).head<3>().norm());
      }
  EXPECT_LT(worstMm, TRE_LIMIT_MM);
  const Eigen::AngleAxisd residual(Eigen::Matrix3d(found.topLeftCorner<3, 3>() * truth.linear().transpose()));
  EXPECT_LT(residual.angle() * 180 / std::numbers::pi, ANGLE_LIMIT_DEG);
  const dicom::SpatialRegistrationFile regFile = dicom::readSpatialRegistration(reg);
  EXPECT_EQ(regFile.registration.movingFrameOfReferenceUid, firstDose.dose.identity.frameOfReferenceUid);
  EXPECT_EQ(regFile.creatorName, "PHYSICIST^DEMO");

  // Deformable on top (the bladder filled): the same rigid part, a field that does not fold.
  const fs::path deformableReg = second / "REG_deformable.dcm";
  const json deformed = run({"register", "--fixed", second.string(), "--moving", first.string(), "--bone-only",
                             "--method", "deformable", "--out", deformableReg.string(), "--json"});
  EXPECT_EQ(deformed["method"], "deformable");
  EXPECT_EQ(deformed["foldedVoxels"], 0);
  EXPECT_GT(deformed["jacobian"]["min"].get<double>(), 0);
  EXPECT_GT(deformed["jacobian"]["max"].get<double>(), 1) << "the fuller bladder is a volume change";
  // The same rigid start (to the order in which ITK's threads add their sums).
  EXPECT_NEAR(deformed["fixedFromMoving"][2][3].get<double>(), registered["fixedFromMoving"][2][3].get<double>(), 1e-3);
  // Written as a Deformable Spatial Registration: the field, its rigid part as the JSON says.
  const dicom::SpatialRegistrationFile deformableFile = dicom::readSpatialRegistration(deformableReg);
  ASSERT_NE(deformableFile.registration.deformation, nullptr);
  EXPECT_NEAR(deformableFile.registration.fixedFromMoving.matrix()(2, 3), deformed["fixedFromMoving"][2][3].get<double>(), 1e-9);

  // The second course, contoured and planned as the clinical case's physicist did.
  run({"contour", "--ct", second.string(), "--rtstruct", only(second, "RS.").string(), "--out",
       (plan2 / "RS.dcm").string(), "--threshold", "Bone", "150", "3000", "--expand", "GTV_Met", "15", "--within",
       "Bone", "--as", "CTV", "--expand", "CTV", "5", "--as", "PTV"});
  for (const auto& e : fs::directory_iterator(second))
    if (e.path().filename().string().rfind("CT.", 0) == 0) fs::copy_file(e.path(), plan2 / e.path().filename());
  const json planned = run({"plan", "--ct", plan2.string(), "--rtstruct", (plan2 / "RS.dcm").string(), "--target", "PTV",
                            "--template", "box4", "--rx", "20Gy/5", "--out", out2.string(), "--json"});
  const std::string secondDoseFile = planned["rtdose"].get<std::string>();

  // Cumulative EQD2 (alpha/beta 3 Gy) on the second course's grid, the first course mapped through
  // the REG. Independently at the metastasis (its centre in the planning frame, where course 2 has it through
  // the truth): each course's physical dose from its own file, the first at the point the truth
  // takes back, converted to EQD2 and added.
  const Eigen::Vector3d metCourse2 = truth * Eigen::Vector3d(24.5, -48, -88);
  const core::Point3<core::Patient> met2{metCourse2.x(), metCourse2.y(), metCourse2.z()};
  const fs::path sum = root / "RD_sum.dcm";
  const json atMet = run({"sum", "--course", secondDoseFile + ":5", "--course",
                          one["rtdose"].get<std::string>() + ":3:0:" + reg.string(), "--as", "eqd2", "--alpha-beta",
                          "3", "--out", sum.string(), "--ref-point",
                          "Met:" + std::to_string(met2.x) + "," + std::to_string(met2.y) + "," + std::to_string(met2.z),
                          "--json"});
  const double secondGy = *eval::sampleDoseGy(dicom::readRtDose(secondDoseFile).dose, met2);
  const double firstGy = *eval::sampleDoseGy(firstDose.dose, {24.5, -48, -88});
  const double expectedEqd2 = eval::eqd2Gy(secondGy, 5, 3) + eval::eqd2Gy(firstGy, 3, 3);
  EXPECT_NEAR(atMet["referencePoints"][0]["sumGy"].get<double>(), expectedEqd2, 0.01 * expectedEqd2);
  EXPECT_GT(firstGy, 19);  // the metastasis got its 21 Gy in 2012
  // Through the deformation: the bone metastasis, which the bladder does not move, gets the same.
  const json deformedAtMet = run({"sum", "--course", secondDoseFile + ":5", "--course",
                                  one["rtdose"].get<std::string>() + ":3:0:" + deformableReg.string(), "--as", "eqd2",
                                  "--alpha-beta", "3", "--out", (root / "RD_sum_deformable.dcm").string(), "--ref-point",
                                  "Met:" + std::to_string(met2.x) + "," + std::to_string(met2.y) + "," + std::to_string(met2.z),
                                  "--json"});
  EXPECT_NEAR(deformedAtMet["referencePoints"][0]["sumGy"].get<double>(), expectedEqd2, 0.02 * expectedEqd2);
  // The sums name what they are made of: both plans and the registration each was mapped through.
  const dicom::RtDoseFile rigidSum = dicom::readRtDose(sum), deformableSum = dicom::readRtDose(root / "RD_sum_deformable.dcm");
  EXPECT_EQ(rigidSum.referencedRtPlanUids.size(), 2u);
  EXPECT_EQ(rigidSum.registrations, (std::vector<dicom::ReferencedRegistration>{{regFile.sopInstanceUid, false}}));
  EXPECT_EQ(deformableSum.registrations,
            (std::vector<dicom::ReferencedRegistration>{{deformableFile.sopInstanceUid, true}}));
  EXPECT_GT(atMet["maxGy"].get<double>(), expectedEqd2 * 0.9);

  // Rectum and bladder against the cumulative template, on the second course's structures.
  const json dvh = run({"dvh", "--rtstruct", (plan2 / "RS.dcm").string(), "--rtdose", sum.string(), "--constraints",
                        KERMA_RESOURCE_DIR "/constraints/reirradiation/cumulative_eqd2.json", "--fractions", "1",
                        "--json"});
  int checked = 0;
  for (const auto& result : dvh["constraints"]) {
    const std::string structure = result["structure"].get<std::string>();
    if (structure != "Rectum" && structure != "Bladder") continue;
    ++checked;
    EXPECT_EQ(result["outcome"], "pass") << result.dump();
    EXPECT_GT(result["value"].get<double>(), 1) << structure << ": a cumulative EQD2 the courses gave";
  }
  EXPECT_EQ(checked, 2) << dvh.dump();
}

}  // namespace
}  // namespace kerma::cli
