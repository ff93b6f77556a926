#include "kerma/dicom/ct_export.h"

#include "export_test_support.h"
#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <gtest/gtest.h>

#include <filesystem>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

using testing::TempFolder;

// A 7 × 5 × 3 CT with HU that encode the voxel index, on an oblique-free but offset grid.
core::CtImage smallCt() {
  core::CtImage ct;
  ct.identity.patientId = "EXPORT-1";
  ct.identity.patientName = "TEST^EXPORT";
  ct.identity.patientSex = "O";
  ct.identity.studyInstanceUid = core::deterministicUid("test/ct-export/study");
  ct.identity.seriesInstanceUid = core::deterministicUid("test/ct-export/series");
  ct.identity.frameOfReferenceUid = core::deterministicUid("test/ct-export/for");
  ct.identity.studyDate = "20240101";
  ct.identity.studyTime = "120000";
  ct.identity.studyId = "1";
  ct.identity.seriesNumber = 3;
  ct.identity.modality = "CT";
  ct.identity.patientPosition = "HFS";
  ct.hu = core::CtVolume(core::VolumeGeometry({7, 5, 3}, {-10.25, 20.5, -30.125}, {0.75, 1.25, 2.5}), 0);
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 7; ++i) ct.hu.at({i, j, k}) = std::int16_t(-1024 + 300 * k + 40 * j + i);
  ct.hu.at({6, 4, 2}) = 3071;
  ct.hu.at({0, 0, 1}) = -2048;  // below the intercept: needs signed pixels
  return ct;
}

TEST(WriteCtSeries, ReadsBackPixelsAndPositionsExactly) {
  const TempFolder folder("kerma-ct-export");
  const core::CtImage ct = smallCt();
  const ExportedSeries exported = writeCtSeries(ct, folder.path() / "new", {InstanceUids::Reproducible, "PELVIS"});
  ASSERT_EQ(exported.files.size(), 3u);
  ASSERT_EQ(exported.sopInstanceUids.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(exported.files[k].string().c_str()).good());
    DcmDataset& dataset = *file.getDataset();
    EXPECT_EQ(file.getDataset()->getOriginalXfer(), EXS_LittleEndianExplicit);
    OFString text;
    ASSERT_TRUE(dataset.findAndGetOFString(DCM_SOPInstanceUID, text).good());
    EXPECT_EQ(text.c_str(), exported.sopInstanceUids[k]);
    Float64 position[3];
    for (unsigned long n = 0; n < 3; ++n) ASSERT_TRUE(dataset.findAndGetFloat64(DCM_ImagePositionPatient, position[n], n).good());
    const auto expected = ct.hu.geometry().patientPoint({0, 0, k});
    EXPECT_EQ(position[0], expected.x);
    EXPECT_EQ(position[1], expected.y);
    EXPECT_EQ(position[2], expected.z);
    Float64 rowSpacing = 0, columnSpacing = 0, intercept = 0, slope = 0;
    dataset.findAndGetFloat64(DCM_PixelSpacing, rowSpacing, 0);
    dataset.findAndGetFloat64(DCM_PixelSpacing, columnSpacing, 1);
    dataset.findAndGetFloat64(DCM_RescaleIntercept, intercept);
    dataset.findAndGetFloat64(DCM_RescaleSlope, slope);
    EXPECT_EQ(rowSpacing, 1.25);
    EXPECT_EQ(columnSpacing, 0.75);
    const Uint16* pixels = nullptr;
    unsigned long count = 0;
    ASSERT_TRUE(dataset.findAndGetUint16Array(DCM_PixelData, pixels, &count).good());
    ASSERT_EQ(count, 35u);
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 7; ++i)
        EXPECT_EQ(Sint16(pixels[j * 7 + i]) * slope + intercept, ct.hu.at({i, j, k})) << i << "," << j << "," << k;
  }
}

TEST(WriteCtSeries, ReproducibleUidsAreStableAndFreshOnesAreNew) {
  const TempFolder folder("kerma-ct-export");
  const core::CtImage ct = smallCt();
  const auto first = writeCtSeries(ct, folder.path() / "a", {InstanceUids::Reproducible, ""});
  const auto second = writeCtSeries(ct, folder.path() / "b", {InstanceUids::Reproducible, ""});
  const auto fresh = writeCtSeries(ct, folder.path() / "c", {InstanceUids::Fresh, ""});
  EXPECT_EQ(first.sopInstanceUids, second.sopInstanceUids);
  EXPECT_NE(first.sopInstanceUids, fresh.sopInstanceUids);
}

TEST(WriteCtSeries, SliceHasNoDciodvfyErrors) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  const TempFolder folder("kerma-ct-export");
  const auto named = writeCtSeries(smallCt(), folder.path() / "named", {InstanceUids::Fresh, "PELVIS"});
  const std::string output = testing::commandOutput("dciodvfy " + named.files[1].string());
  EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << output;
  EXPECT_TRUE(testing::linesStartingWith(output, "Warning").empty()) << output;
  // Without a body part, the empty Laterality draws dciodvfy's one warning, not an error.
  const auto unnamed = writeCtSeries(smallCt(), folder.path() / "unnamed");
  const std::string unnamedOutput = testing::commandOutput("dciodvfy " + unnamed.files[1].string());
  EXPECT_TRUE(testing::linesStartingWith(unnamedOutput, "Error").empty()) << unnamedOutput;
  EXPECT_LE(testing::linesStartingWith(unnamedOutput, "Warning").size(), 1u) << unnamedOutput;
}

TEST(WriteCtSeries, RejectsMissingUidsAndUnstorableValues) {
  const TempFolder folder("kerma-ct-export");
  core::CtImage noFrame = smallCt();
  noFrame.identity.frameOfReferenceUid.clear();
  EXPECT_THROW(writeCtSeries(noFrame, folder.path()), Error);
  core::CtImage tooDense = smallCt();
  tooDense.hu.at({1, 1, 1}) = 32000;
  try {
    writeCtSeries(tooDense, folder.path());
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("32000"), std::string::npos) << e.what();
  }
}

TEST(WriteCtSeries, UnwritableFolderIsAnIoErrorNamingIt) {
  const TempFolder folder("kerma-ct-export");
  fs::create_directories(folder.path());
  const fs::path blocker = folder.path() / "file";
  { std::FILE* f = std::fopen(blocker.string().c_str(), "w"); std::fclose(f); }
  try {
    writeCtSeries(smallCt(), blocker / "sub");
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_NE(std::string(e.what()).find(blocker.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kerma::dicom
