// RT Dose import: the pydicom samples in every encoding, and files written here with exactly the
// variant or defect a test needs.

#include "kerma/dicom/rtdose_import.h"

#include "shared_data.h"
#include "synthetic_ct.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

constexpr double POSITION_TOLERANCE_MM = 1e-6;

// A small RT Dose dataset with stored value 1000 (i + 10 j + 100 k) + 7 in frame k.
struct SyntheticDose {
  int columns = 4, rows = 3, frames = 5;
  int bitsAllocated = 32;
  bool isSigned = false;
  std::string numberOfFrames;  // empty: frames
  std::string offsets;         // empty: 0\2.5\5...
  std::optional<std::string> scaling = "0.001";
  std::array<double, 3> positionMm{-10, 20, -30};
  std::string units = "GY";
  std::size_t pixelBytes = 0;  // 0: exactly what the header declares
  E_TransferSyntax transferSyntax = EXS_LittleEndianExplicit;
};

std::int64_t syntheticStored(int i, int j, int k) { return 1000LL * (i + 10 * j + 100 * k) + 7; }

fs::path writeDose(const std::string& name, const SyntheticDose& d) {
  const fs::path file = testing::makeTemporaryFolder("rtdose-import") / name;
  DcmFileFormat format;
  DcmDataset& ds = *format.getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, UID_RTDoseStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.10.1234.500");
  ds.putAndInsertString(DCM_Modality, "RTDOSE");
  ds.putAndInsertString(DCM_PatientID, "DOSE-001");
  ds.putAndInsertString(DCM_PatientName, "DOSE^TEST");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1234.501");
  ds.putAndInsertString(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.10.1234.7");
  const std::string position = std::to_string(d.positionMm[0]) + "\\" + std::to_string(d.positionMm[1]) + "\\" +
                               std::to_string(d.positionMm[2]);
  ds.putAndInsertString(DCM_ImagePositionPatient, position.c_str());
  ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  ds.putAndInsertString(DCM_PixelSpacing, "3\\2");  // rows 3 mm apart, columns 2 mm
  ds.putAndInsertUint16(DCM_Rows, Uint16(d.rows));
  ds.putAndInsertUint16(DCM_Columns, Uint16(d.columns));
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds.putAndInsertUint16(DCM_BitsAllocated, Uint16(d.bitsAllocated));
  ds.putAndInsertUint16(DCM_BitsStored, Uint16(d.bitsAllocated));
  ds.putAndInsertUint16(DCM_HighBit, Uint16(d.bitsAllocated - 1));
  ds.putAndInsertUint16(DCM_PixelRepresentation, d.isSigned ? 1 : 0);
  ds.putAndInsertString(DCM_NumberOfFrames, (d.numberOfFrames.empty() ? std::to_string(d.frames) : d.numberOfFrames).c_str());
  std::string offsets;
  for (int k = 0; k < d.frames; ++k) offsets += (k ? "\\" : "") + std::to_string(2.5 * k);
  ds.putAndInsertString(DCM_GridFrameOffsetVector, (d.offsets.empty() ? offsets : d.offsets).c_str());
  if (d.scaling) ds.putAndInsertString(DCM_DoseGridScaling, d.scaling->c_str());
  ds.putAndInsertString(DCM_DoseUnits, d.units.c_str());
  ds.putAndInsertString(DCM_DoseType, "PHYSICAL");
  ds.putAndInsertString(DCM_DoseSummationType, "PLAN");
  std::vector<Uint16> words;
  for (int k = 0; k < d.frames; ++k)
    for (int j = 0; j < d.rows; ++j)
      for (int i = 0; i < d.columns; ++i) {
        const std::int64_t v = (d.isSigned ? -1 : 1) * syntheticStored(i, j, k);
        if (d.bitsAllocated == 16) {
          words.push_back(Uint16(std::int16_t(v % 30000)));
        } else {
          // DCMTK swaps OW word by word: for big endian, give the high word first so that the
          // file holds each 32-bit value big-endian, as pydicom and DICOM read it.
          const Uint16 low = Uint16(std::uint32_t(v) & 0xffff), high = Uint16(std::uint32_t(v) >> 16);
          const bool bigEndian = d.transferSyntax == EXS_BigEndianExplicit;
          words.push_back(bigEndian ? high : low);
          words.push_back(bigEndian ? low : high);
        }
      }
  if (d.pixelBytes) words.resize(d.pixelBytes / 2);
  ds.putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(words.size()));
  EXPECT_TRUE(format.saveFile(file.c_str(), d.transferSyntax).good());
  return file;
}

void expectRefused(const fs::path& file, const std::vector<std::string>& parts) {
  try {
    readRtDose(file);
    ADD_FAILURE() << file << " accepted";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(file.filename().string()), std::string::npos) << m;
    for (const auto& part : parts) EXPECT_NE(m.find(part), std::string::npos) << m;
  }
}

TEST(RtDoseImport, ReadsGeometryScalingIdentityAndUnits) {
  const auto dose = readRtDose(writeDose("plain.dcm", {}));
  const auto& g = dose.dose.doseGy.geometry();
  EXPECT_EQ(g.size(), (std::array<int, 3>{4, 3, 5}));
  EXPECT_EQ(g.spacingMm(), (std::array<double, 3>{2, 3, 2.5}));
  EXPECT_NEAR(g.originMm().z, -30, POSITION_TOLERANCE_MM);
  EXPECT_EQ(dose.dose.identity.frameOfReferenceUid, "1.2.826.0.1.3680043.10.1234.7");
  EXPECT_EQ(dose.dose.identity.patientId, "DOSE-001");
  EXPECT_EQ(dose.dose.units, eval::DoseUnits::Gy);
  EXPECT_EQ(dose.dose.type, eval::DoseType::Physical);
  EXPECT_EQ(dose.dose.summationType, "PLAN");
  EXPECT_NEAR(dose.dose.doseGy.at({3, 2, 4}), 0.001 * syntheticStored(3, 2, 4), 1e-3);
  // Voxel (1, 2, 3) is at x = -10 + 2, y = 20 + 6, z = -30 + 7.5.
  EXPECT_NEAR(*eval::sampleDoseGy(dose.dose, {-8, 26, -22.5}), 0.001 * syntheticStored(1, 2, 3), 1e-3);
  EXPECT_NEAR(*eval::sampleDoseGy(dose.dose, {-7, 26, -22.5}),
              0.0005 * (syntheticStored(1, 2, 3) + syntheticStored(2, 2, 3)), 1e-3);
}

TEST(RtDoseImport, EveryEncodingGivesTheSameDose) {
  const auto reference = readRtDose(writeDose("le.dcm", {}));
  for (E_TransferSyntax xfer : {EXS_LittleEndianImplicit, EXS_BigEndianExplicit}) {
    SyntheticDose d;
    d.transferSyntax = xfer;
    const auto other = readRtDose(writeDose("xfer.dcm", d));
    EXPECT_TRUE(std::equal(reference.dose.doseGy.values().begin(), reference.dose.doseGy.values().end(),
                           other.dose.doseGy.values().begin()))
        << DcmXfer(xfer).getXferName();
  }
  SyntheticDose sixteen;
  sixteen.bitsAllocated = 16;
  sixteen.isSigned = true;
  const auto signed16 = readRtDose(writeDose("s16.dcm", sixteen));
  EXPECT_NEAR(signed16.dose.doseGy.at({1, 1, 1}), -0.001 * (syntheticStored(1, 1, 1) % 30000), 1e-4);
}

TEST(RtDoseImport, AbsoluteAndDecreasingFrameOffsets) {
  SyntheticDose absolute;
  absolute.offsets = "-30\\-27.5\\-25\\-22.5\\-20";
  const auto a = readRtDose(writeDose("absolute.dcm", absolute));
  EXPECT_EQ(a.dose.doseGy.geometry().spacingMm()[2], 2.5);
  EXPECT_NEAR(a.dose.doseGy.geometry().originMm().z, -30, POSITION_TOLERANCE_MM);

  SyntheticDose decreasing;
  decreasing.offsets = "0\\-2.5\\-5\\-7.5\\-10";
  const auto d = readRtDose(writeDose("decreasing.dcm", decreasing));
  EXPECT_NEAR(d.dose.doseGy.geometry().originMm().z, -40, POSITION_TOLERANCE_MM);
  // The file's first frame (z = -30) is now the last slice.
  EXPECT_NEAR(d.dose.doseGy.at({0, 0, 4}), 0.001 * syntheticStored(0, 0, 0), 1e-4);
}

TEST(RtDoseImport, RefusesBadFilesNamingTheAttribute) {
  SyntheticDose d;
  d.scaling.reset();
  expectRefused(writeDose("noscaling.dcm", d), {"DoseGridScaling", "missing"});
  d.scaling = "0";
  expectRefused(writeDose("zeroscaling.dcm", d), {"DoseGridScaling", "positive"});
  d.scaling = "-0.5";
  expectRefused(writeDose("negscaling.dcm", d), {"DoseGridScaling"});

  SyntheticDose frames;
  frames.numberOfFrames = "4";
  expectRefused(writeDose("frames.dcm", frames), {"NumberOfFrames", "GridFrameOffsetVector", "4", "5"});

  SyntheticDose uneven;
  uneven.offsets = "0\\2.5\\5\\9\\10";
  expectRefused(writeDose("uneven.dcm", uneven), {"GridFrameOffsetVector", "evenly"});

  SyntheticDose badStart;
  badStart.offsets = "3\\5.5\\8\\10.5\\13";
  expectRefused(writeDose("badstart.dcm", badStart), {"GridFrameOffsetVector", "starts at 3"});

  SyntheticDose truncated;
  truncated.pixelBytes = 100;
  expectRefused(writeDose("truncated.dcm", truncated), {"PixelData", "100 bytes", "240"});

  SyntheticDose absurd;
  absurd.numberOfFrames = "60000";
  absurd.rows = 60000;
  absurd.offsets = "0";
  absurd.frames = 1;
  expectRefused(writeDose("absurd.dcm", absurd), {"NumberOfFrames", "voxels"});

  SyntheticDose units;
  units.units = "CGY";
  expectRefused(writeDose("cgy.dcm", units), {"DoseUnits", "CGY"});

  expectRefused(testing::writeSyntheticSeries(testing::makeTemporaryFolder("rtdose-ct"), 1).front(), {"not an RT Dose"});
}

TEST(RtDoseImport, PydicomSamplesAgreeInEveryEncoding) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom/rtdose.dcm");
  const fs::path folder = testing::sharedPath("data/rt-samples/pydicom");
  const auto implicit = readRtDose(folder / "rtdose.dcm");
  const auto& g = implicit.dose.doseGy.geometry();
  EXPECT_EQ(g.size(), (std::array<int, 3>{10, 10, 15}));
  EXPECT_EQ(g.spacingMm(), (std::array<double, 3>{10, 10, 5}));
  EXPECT_NEAR(g.originMm().z, -761.87, POSITION_TOLERANCE_MM);
  EXPECT_EQ(implicit.dose.units, eval::DoseUnits::Relative);
  EXPECT_EQ(implicit.dose.summationType, "BEAM");
  const auto values = implicit.dose.doseGy.values();
  EXPECT_GT(*std::max_element(values.begin(), values.end()), 0);
  for (const char* name : {"rtdose_expb.dcm", "rtdose_rle.dcm"}) {
    const auto other = readRtDose(folder / name);
    ASSERT_TRUE(other.dose.doseGy.geometry().sameGridAs(g)) << name;
    EXPECT_TRUE(std::equal(values.begin(), values.end(), other.dose.doseGy.values().begin())) << name;
  }
  // One frame without Number of Frames, but the 15 offsets of the multi-frame file.
  const auto single = readRtDose(folder / "rtdose_1frame.dcm");
  EXPECT_EQ(single.dose.doseGy.geometry().size(), (std::array<int, 3>{10, 10, 1}));
  ASSERT_EQ(single.notes.size(), 1u);
  const auto frame0 = single.dose.doseGy.values();
  EXPECT_TRUE(std::equal(frame0.begin(), frame0.end(), implicit.dose.doseGy.slice(0).begin()));
}

}  // namespace
}  // namespace kerma::dicom
