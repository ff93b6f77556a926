// PlanDose: reading an RT Dose as the plan's dose, finding RT Doses in a folder, refusing a dose
// of another patient or Frame of Reference.

#include "kerma/app/plan_dose.h"

#include "../eval/analytic_dose.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtdose_export.h"

#include <gtest/gtest.h>

#include <fstream>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

eval::DoseDistribution analyticDose() {
  auto dose = testing::linearDose({0, 0, 0}, {8, 6, 4}, {2, 2, 3}, 10, 0.5);
  dose.identity.studyInstanceUid = "1.2.3.9";
  return dose;
}

fs::path freshFolder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("kerma_test_plan_dose_" + name);
  fs::remove_all(folder);
  fs::create_directories(folder / "sub");
  return folder;
}

TEST(PlanDose, ReadsAnRtDoseWithItsFileNameAsOrigin) {
  const fs::path folder = freshFolder("read");
  dicom::writeRtDose(analyticDose(), folder / "RD.test.dcm");
  const PlanDose dose = readPlanDose(folder / "RD.test.dcm");
  EXPECT_EQ(dose.origin, "RD.test.dcm");
  ASSERT_NE(dose.dose, nullptr);
  EXPECT_EQ(dose.dose->identity.frameOfReferenceUid, "1.2.3.4");
  const auto expected = analyticDose();
  EXPECT_NEAR(dose.dose->doseGy.at({7, 5, 3}), expected.doseGy.at({7, 5, 3}), 1e-4);
  EXPECT_THROW(readPlanDose(folder / "missing.dcm"), Error);
}

TEST(PlanDose, FindsRtDosesInAFolderAndItsSubfolders) {
  const fs::path folder = freshFolder("find");
  dicom::writeRtDose(analyticDose(), folder / "sub" / "b.dcm");
  dicom::writeRtDose(analyticDose(), folder / "a.dcm");
  std::ofstream(folder / "notes.txt") << "RTDOSE mentioned in a text file is no DICOM file";
  const auto found = findRtDoseFiles(folder);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], folder / "a.dcm");
  EXPECT_EQ(found[1], folder / "sub" / "b.dcm");
  EXPECT_TRUE(findRtDoseFiles(folder / "sub" / "..").size() == 2);
  EXPECT_THROW(findRtDoseFiles(folder / "no-such-folder"), Error);
}

TEST(PlanDose, RefusesAnotherPatientOrFrameOfReferenceNamingBoth) {
  core::SeriesIdentity ct;
  ct.patientId = "ANALYTIC";
  ct.frameOfReferenceUid = "1.2.3.4";
  PlanDose dose{std::make_shared<const eval::DoseDistribution>(analyticDose()), "RD.dcm", {}};
  EXPECT_NO_THROW(requireDoseOfPatient(ct, "CT folder", dose));
  ct.frameOfReferenceUid = "5.6.7";
  try {
    requireDoseOfPatient(ct, "CT folder", dose);
    FAIL() << "accepted another Frame of Reference";
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const char* part : {"1.2.3.4", "5.6.7", "RD.dcm", "CT folder"})
      EXPECT_NE(message.find(part), std::string::npos) << message;
  }
  ct.patientId = "OTHER";
  EXPECT_THROW(requireDoseOfPatient(ct, "CT folder", dose), Error);
}

}  // namespace
}  // namespace kerma::app
