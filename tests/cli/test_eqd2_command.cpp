// kerma-cli eqd2: writes an EFFECTIVE RT Dose with the hand-checked EQD2.

#include "eval_cli_files.h"
#include "run_process.h"
#include "synthetic_ct.h"

#include "kerma/dicom/rtdose_import.h"

#include <gtest/gtest.h>

namespace kerma::cli {
namespace {

using testing::runProcess;

TEST(Eqd2Command, WritesTheEqd2AsAnEffectiveDose) {
  const auto folder = testing::makeTemporaryFolder("cli-eqd2");
  const auto rd = testing::writeLinearDose(folder / "RD.dcm", 8, 0);
  const auto out = folder / "RD_eqd2.dcm";
  const auto run = runProcess(KERMA_CLI_PATH, {"eqd2", "--rtdose", rd.string(), "--fractions", "1", "--alpha-beta", "3",
                                               "--out", out.string()});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const auto eqd2 = dicom::readRtDose(out);
  EXPECT_EQ(eqd2.dose.type, eval::DoseType::Effective);
  EXPECT_EQ(eqd2.dose.identity.frameOfReferenceUid, testing::EVAL_FRAME_OF_REFERENCE);
  EXPECT_EQ(eqd2.referencedRtPlanUids.size(), 1u);
  for (float v : eqd2.dose.doseGy.values()) EXPECT_NEAR(v, 17.6, 1e-4);  // 8 Gy x 1, alpha/beta 3
}

TEST(Eqd2Command, ImpossibleFractionationExitsWithTwo) {
  const auto folder = testing::makeTemporaryFolder("cli-eqd2-bad");
  const auto rd = testing::writeLinearDose(folder / "RD.dcm", 8, 0);
  const auto zero = runProcess(KERMA_CLI_PATH, {"eqd2", "--rtdose", rd.string(), "--fractions", "0", "--alpha-beta", "3",
                                                "--out", (folder / "x.dcm").string()});
  EXPECT_EQ(zero.exitStatus, 2);
  EXPECT_NE(zero.err.find("fractions"), std::string::npos) << zero.err;
  EXPECT_NE(zero.err.find("RD.dcm"), std::string::npos) << zero.err;
  const auto ab = runProcess(KERMA_CLI_PATH, {"eqd2", "--rtdose", rd.string(), "--fractions", "5", "--alpha-beta", "-1",
                                              "--out", (folder / "x.dcm").string()});
  EXPECT_EQ(ab.exitStatus, 2);
}

}  // namespace
}  // namespace kerma::cli
