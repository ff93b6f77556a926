// RT Dose export: round trip through readRtDose, and dciodvfy on what is written.

#include "kerma/dicom/rtdose_export.h"

#include "export_test_support.h"
#include "synthetic_ct.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtdose_import.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

eval::DoseDistribution analyticDose() {
  eval::DoseDistribution dose;
  dose.identity.patientId = "EXPORT-001";
  dose.identity.patientName = "EXPORT^DOSE";
  dose.identity.studyInstanceUid = "1.2.826.0.1.3680043.10.1234.601";
  dose.identity.frameOfReferenceUid = "1.2.826.0.1.3680043.10.1234.602";
  dose.identity.studyDate = "20121201";
  dose.identity.studyTime = "101500";
  dose.identity.studyId = "1";
  dose.doseGy = core::Volume<float>(core::VolumeGeometry({7, 5, 4}, {-100, 50, -300}, {2.5, 2.5, 3}));
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 7; ++i)
        dose.doseGy.at({i, j, k}) = static_cast<float>(21 * std::exp(-0.02 * (i * i + j * j + k * k)));
  return dose;
}

TEST(RtDoseExport, RoundTripKeepsDoseGeometryAndIdentity) {
  const auto dose = analyticDose();
  const fs::path file = testing::makeTemporaryFolder("rtdose-export") / "RD.dcm";
  const ExportedDose written = writeRtDose(dose, file, {InstanceUids::Fresh, "test", {"1.2.3.4.5", "1.2.3.4.6"}});
  const RtDoseFile read = readRtDose(file);
  EXPECT_EQ(read.sopInstanceUid, written.sopInstanceUid);
  EXPECT_EQ(read.referencedRtPlanUids, (std::vector<std::string>{"1.2.3.4.5", "1.2.3.4.6"}));
  EXPECT_TRUE(read.dose.doseGy.geometry().sameGridAs(dose.doseGy.geometry()));
  EXPECT_EQ(read.dose.identity.frameOfReferenceUid, dose.identity.frameOfReferenceUid);
  EXPECT_EQ(read.dose.identity.patientId, "EXPORT-001");
  EXPECT_EQ(read.dose.identity.studyInstanceUid, dose.identity.studyInstanceUid);
  EXPECT_EQ(read.dose.units, eval::DoseUnits::Gy);
  EXPECT_EQ(read.dose.type, eval::DoseType::Physical);
  EXPECT_EQ(read.dose.summationType, "PLAN");
  EXPECT_NEAR(written.doseGridScaling, 21.0 / 4294967295.0, 1e-12);
  // Stored precision: half a scaling step, plus float rounding of the values.
  const auto a = dose.doseGy.values(), b = read.dose.doseGy.values();
  for (std::size_t n = 0; n < a.size(); ++n) EXPECT_NEAR(a[n], b[n], written.doseGridScaling + 2e-6f * a[n]);
}

TEST(RtDoseExport, EffectiveDoseAndMultiPlanSummationAreKept) {
  auto dose = analyticDose();
  dose.type = eval::DoseType::Effective;
  dose.summationType = "MULTI_PLAN";
  const fs::path file = testing::makeTemporaryFolder("rtdose-export") / "RD_eqd2.dcm";
  writeRtDose(dose, file);
  const auto read = readRtDose(file);
  EXPECT_EQ(read.dose.type, eval::DoseType::Effective);
  EXPECT_EQ(read.dose.summationType, "MULTI_PLAN");
}

TEST(RtDoseExport, RefusesMissingIdentityAndUnwritablePaths) {
  auto dose = analyticDose();
  dose.identity.frameOfReferenceUid.clear();
  EXPECT_THROW(writeRtDose(dose, testing::makeTemporaryFolder("rtdose-export") / "x.dcm"), Error);
  EXPECT_THROW(writeRtDose(analyticDose(), "/nonexistent/kerma/RD.dcm"), Error);
}

TEST(RtDoseExport, DciodvfyFindsNoErrors) {
  if (std::system("command -v dciodvfy > /dev/null 2>&1 && command -v dcmodify > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "dciodvfy or dcmodify absent (Debian packages dicom3tools, dcmtk)";
  const fs::path folder = testing::makeTemporaryFolder("rtdose-dciodvfy");
  const fs::path file = folder / "RD.dcm";
  writeRtDose(analyticDose(), file, {InstanceUids::Fresh, "Kerma dose", {"1.2.826.0.1.3680043.10.1234.700"}});
  const auto errors = testing::dciodvfyErrorsWithoutPixelData(file);
  EXPECT_TRUE(errors.empty()) << errors.front();
  // Nor warnings: a DICOMDIR needs the Series Number, which was once left empty.
  const auto warnings = testing::dciodvfyErrorsWithoutPixelData(file, "Warning");
  EXPECT_TRUE(warnings.empty()) << warnings.front();

  // Without an RT Plan to reference, a PLAN dose lacks the Referenced RT Plan Sequence DICOM asks
  // for, and nothing else.
  writeRtDose(analyticDose(), file);
  const auto withoutPlan = testing::dciodvfyErrorsWithoutPixelData(file);
  ASSERT_EQ(withoutPlan.size(), 1u);
  EXPECT_NE(withoutPlan[0].find("ReferencedRTPlanSequence"), std::string::npos) << withoutPlan[0];

  DcmFileFormat format;
  ASSERT_TRUE(format.loadFile(file.c_str()).good());
  DcmDataset& ds = *format.getDataset();
  Uint16 bits = 0, stored = 0, high = 0, representation = 1;
  ds.findAndGetUint16(DCM_BitsAllocated, bits);
  ds.findAndGetUint16(DCM_BitsStored, stored);
  ds.findAndGetUint16(DCM_HighBit, high);
  ds.findAndGetUint16(DCM_PixelRepresentation, representation);
  EXPECT_EQ(bits, 32);
  EXPECT_EQ(stored, 32);
  EXPECT_EQ(high, 31);
  EXPECT_EQ(representation, 0);
  DcmElement* pixels = nullptr;
  ASSERT_TRUE(ds.findAndGetElement(DCM_PixelData, pixels).good());
  EXPECT_EQ(pixels->getLength(), 7u * 5 * 4 * 4);
}

}  // namespace
}  // namespace kerma::dicom
