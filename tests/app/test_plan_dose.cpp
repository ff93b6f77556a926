// PlanDose: reading an RT Dose as the plan's dose, finding RT Doses in a folder, refusing a dose
// of another patient or Frame of Reference.

#include "kerma/core/patient_identity.h"
#include "kerma/app/plan_dose.h"
#include "kerma/app/combine_log.h"

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

TEST(PlanDose, DifferencesNameEachAttributeAndAnAcceptedDecisionCoversExactlyThem) {
  core::SeriesIdentity ct;
  ct.patientId = "ANALYTIC";
  ct.frameOfReferenceUid = "1.2.3.4";
  PlanDose dose{std::make_shared<const eval::DoseDistribution>(analyticDose()), "RD.dcm", {}};
  EXPECT_TRUE(core::combineDifferences(dose.dose->identity, ct).empty());
  ct.patientId = "OTHER";
  ct.frameOfReferenceUid = "5.6.7";
  const std::vector<std::string> differences = core::combineDifferences(dose.dose->identity, ct);
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_NE(differences[0].find("Patient ID (0010,0020) 'ANALYTIC' vs 'OTHER'"), std::string::npos) << differences[0];
  EXPECT_EQ(differences[1], "Frame of Reference UID (0020,0052) '1.2.3.4' vs '5.6.7'");
  EXPECT_THROW(requireDoseOfPatient(ct, "CT folder", dose), Error);
  // Accepting only the Frame of Reference does not let another patient pass.
  dose.acceptedDifferences = {differences[1]};
  EXPECT_THROW(requireDoseOfPatient(ct, "CT folder", dose), Error);
  dose.acceptedDifferences = differences;
  EXPECT_NO_THROW(requireDoseOfPatient(ct, "CT folder", dose));
  // A decision is about these two objects: a third patient is refused again.
  ct.patientId = "THIRD";
  EXPECT_THROW(requireDoseOfPatient(ct, "CT folder", dose), Error);
}

TEST(CombineLog, AppendsOneLinePerDecisionWithUserTimeAndWhatDiffered) {
  const fs::path folder = freshFolder("combine-log");
  const fs::path log = folder / "new" / "combine-decisions.log";
  const CombineDecision first{"anna", "2026-11-27T21:40:00Z", "RT Dose RD.dcm with the CT (demo)",
                              {"Patient ID (0010,0020) 'A' vs 'B'", "Frame of Reference UID (0020,0052) '1' vs '2'"}};
  appendCombineDecision(log, first);
  appendCombineDecision(log, {"ben", "2026-11-27T22:00:00Z", "RT Dose\nX.dcm with the CT", {"Patient's Name\n"}});
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "2026-11-27T21:40:00Z user anna combined RT Dose RD.dcm with the CT (demo) although: "
                      "Patient ID (0010,0020) 'A' vs 'B'; Frame of Reference UID (0020,0052) '1' vs '2'");
  EXPECT_EQ(lines[1], "2026-11-27T22:00:00Z user ben combined RT Dose X.dcm with the CT although: Patient's Name ");
  EXPECT_THROW(appendCombineDecision("/proc/kerma-no-such/log", first), Error);
}

}  // namespace
}  // namespace kerma::app
