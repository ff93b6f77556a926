#include "kerma/dicom/ct_import.h"

#include "kerma/core/error.h"
#include "kerma/core/statistics.h"

#include "shared_data.h"
#include "synthetic_ct.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;
using testing::makeTemporaryFolder;
using testing::SyntheticSlice;
using testing::syntheticStoredValue;
using testing::writeSyntheticSeries;
using testing::writeSyntheticSlice;

constexpr double EXACT_MM = 1e-6;

int expectedHu(int i, int j, int k) { return int(syntheticStoredValue(i, j, k)) - 1024; }

// The only refusal of a scan, with a failure naming what was found instead.
std::string onlyRefusal(const CtScanResult& scan) {
  EXPECT_TRUE(scan.series.empty());
  EXPECT_EQ(scan.refused.size(), 1u);
  return scan.refused.empty() ? std::string() : scan.refused.front().reason;
}

// Sets one attribute of a DICOM file in place.
void setAttribute(const fs::path& file, const DcmTagKey& tag, const std::string& value) {
  DcmFileFormat format;
  ASSERT_TRUE(format.loadFile(file.c_str()).good()) << file;
  // Values over 4 KiB (the pixels) are still on disk, in the file about to be overwritten.
  ASSERT_TRUE(format.loadAllDataIntoMemory().good()) << file;
  ASSERT_TRUE(format.getDataset()->putAndInsertString(tag, value.c_str()).good());
  ASSERT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good()) << file;
}

TEST(CtImport, OrdersSlicesAlongTheNormalAndAppliesTheRescale) {
  const auto folder = makeTemporaryFolder("order");
  writeSyntheticSeries(folder, 5, -20, 2.0);
  const CtSeries series = loadCtSeries(folder);
  const auto& g = series.image.hu.geometry();
  EXPECT_EQ(g.size(), (std::array<int, 3>{32, 24, 5}));
  EXPECT_NEAR(g.spacingMm()[0], 0.8, EXACT_MM);
  EXPECT_NEAR(g.spacingMm()[2], 2.0, EXACT_MM);
  EXPECT_NEAR(g.originMm().z, -20, EXACT_MM);
  for (int k = 0; k < 5; ++k) {
    EXPECT_NEAR(series.slicePositionsMm[k], -20 + 2.0 * k, EXACT_MM);
    EXPECT_EQ(series.files[k].filename(), "CT_" + std::to_string(4 - k) + ".dcm");
    for (const auto& [i, j] : {std::pair{0, 0}, std::pair{31, 23}, std::pair{17, 5}})
      EXPECT_EQ(series.image.hu.at({i, j, k}), expectedHu(i, j, k)) << i << "," << j << "," << k;
  }
  EXPECT_EQ(series.image.identity.patientId, "SYN-001");
  EXPECT_EQ(series.image.identity.frameOfReferenceUid, "1.2.826.0.1.3680043.10.1234.7");
  EXPECT_TRUE(series.notes.empty());
}

TEST(CtImport, FeetFirstNormalPointsInferiorAndOrdersByIt) {
  // Rows along -x and columns along +y give a slice normal of -z: slices run head-wards down.
  SyntheticSlice base;
  base.orientation = {-1, 0, 0, 0, 1, 0};
  const auto folder = makeTemporaryFolder("feet-first");
  writeSyntheticSeries(folder, 4, 0, 3.0, base);
  const CtSeries series = loadCtSeries(folder);
  const auto& g = series.image.hu.geometry();
  EXPECT_NEAR(g.originMm().z, 9.0, EXACT_MM);
  EXPECT_NEAR(g.directionCosines()(2, 2), -1.0, EXACT_MM);
  EXPECT_NEAR(g.patientPoint({0, 0, 3}).z, 0.0, EXACT_MM);
  EXPECT_EQ(series.image.hu.at({5, 6, 0}), expectedHu(5, 6, 3));
}

TEST(CtImport, RefusesMixedOrientationNamingBothFiles) {
  const auto folder = makeTemporaryFolder("mixed-orientation");
  writeSyntheticSeries(folder, 3);
  SyntheticSlice odd;
  odd.orientation = {1, 0, 0, 0, 0, -1};
  odd.positionMm = {0, 0, -14};
  writeSyntheticSlice(folder / "odd.dcm", odd, 3);
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("orientation"), std::string::npos) << reason;
  EXPECT_NE(reason.find("odd.dcm"), std::string::npos) << reason;
}

TEST(CtImport, RefusesMixedPixelSpacing) {
  const auto folder = makeTemporaryFolder("mixed-spacing");
  writeSyntheticSeries(folder, 3);
  SyntheticSlice odd;
  odd.pixelSpacingMm = {0.9, 0.9};
  odd.positionMm = {0, 0, -14};
  writeSyntheticSlice(folder / "odd.dcm", odd, 3);
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("pixel spacing"), std::string::npos) << reason;
  EXPECT_NE(reason.find("odd.dcm"), std::string::npos) << reason;
}

TEST(CtImport, RefusesGantryTilt) {
  SyntheticSlice tilted;
  tilted.gantryTiltDeg = 12;
  const auto folder = makeTemporaryFolder("tilt");
  writeSyntheticSeries(folder, 4, 0, 2, tilted);
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("tilt of 12 deg"), std::string::npos) << reason;
}

TEST(CtImport, RefusesSlicesShearedInPlaneEvenWithoutATiltTag) {
  const auto folder = makeTemporaryFolder("shear");
  for (int k = 0; k < 4; ++k) {
    SyntheticSlice s;
    s.positionMm = {0, 0.5 * k, 2.0 * k};  // 14 degrees of tilt written as an in-plane drift
    writeSyntheticSlice(folder / ("s" + std::to_string(k) + ".dcm"), s, k);
  }
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("not stacked along the image normal"), std::string::npos) << reason;
}

TEST(CtImport, RefusesMissingSlicesListingThePositions) {
  const auto folder = makeTemporaryFolder("missing");
  const auto files = writeSyntheticSeries(folder, 8, -20, 2.0);
  fs::remove(files[3]);  // z = -14
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("missing slices"), std::string::npos) << reason;
  EXPECT_NE(reason.find("between -16 and -12 mm"), std::string::npos) << reason;
}

TEST(CtImport, RefusesDuplicatePositions) {
  const auto folder = makeTemporaryFolder("duplicate");
  writeSyntheticSeries(folder, 4, 0, 2.0);
  SyntheticSlice copy;
  copy.positionMm = {0, 0, 2.0};
  copy.sopInstanceUid = "1.2.826.0.1.3680043.10.1234.1.5555";
  writeSyntheticSlice(folder / "copy.dcm", copy, 1);
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("duplicate slice position 2 mm"), std::string::npos) << reason;
  EXPECT_NE(reason.find("copy.dcm"), std::string::npos) << reason;
}

TEST(CtImport, RefusesANonCtModalityOfferedAsPlanningCt) {
  SyntheticSlice mr;
  mr.modality = "MR";
  const auto folder = makeTemporaryFolder("modality");
  writeSyntheticSeries(folder, 3, 0, 2.0, mr);
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("modality is MR"), std::string::npos) << reason;
}

TEST(CtImport, RefusesTruncatedPixelDataNamingTheFile) {
  const auto folder = makeTemporaryFolder("truncated");
  const auto files = writeSyntheticSeries(folder, 4, 0, 2.0);
  fs::resize_file(files[2], fs::file_size(files[2]) - 300);
  const CtScanResult scan = scanCtFolder(folder);
  const std::string reason = onlyRefusal(scan);
  EXPECT_NE(reason.find(files[2].filename().string()), std::string::npos) << reason;
  EXPECT_NE(reason.find("Pixel Data"), std::string::npos) << reason;
  EXPECT_THROW(loadCtSeries(folder), Error);
}

TEST(CtImport, AcceptsUnequalGapFreeSpacingAndReportsIt) {
  const auto folder = makeTemporaryFolder("unequal");
  const double z[] = {0, 2, 4, 6, 8.5, 11, 13.5};
  for (int k = 0; k < 7; ++k) {
    SyntheticSlice s;
    s.positionMm = {0, 0, z[k]};
    writeSyntheticSlice(folder / ("s" + std::to_string(k) + ".dcm"), s, k);
  }
  const CtSeries series = loadCtSeries(folder);
  ASSERT_EQ(series.notes.size(), 1u);
  EXPECT_NE(series.notes[0].find("varies from 2 to 2.5 mm"), std::string::npos) << series.notes[0];
  const auto& g = series.image.hu.geometry();
  EXPECT_NEAR(g.spacingMm()[2], 2.0, EXACT_MM);
  EXPECT_EQ(g.size()[2], 8);  // 0 .. 14 mm in 2 mm steps, the last one clamped to 13.5
  EXPECT_EQ(series.image.hu.at({3, 4, 0}), expectedHu(3, 4, 0));
  EXPECT_EQ(series.image.hu.at({3, 4, 3}), expectedHu(3, 4, 3));
  // Grid slice 5 (z = 10) lies 60 % of the way from z = 8.5 to z = 11.
  EXPECT_EQ(series.image.hu.at({3, 4, 5}), std::lround(0.4 * expectedHu(3, 4, 4) + 0.6 * expectedHu(3, 4, 5)));
}

TEST(CtImport, KeepsSeveralSeriesApartAndIgnoresNonDicomFiles) {
  const auto folder = makeTemporaryFolder("mixed-series");
  writeSyntheticSeries(folder / "a", 3, 0, 2.0);
  SyntheticSlice other;
  other.seriesInstanceUid = "1.2.826.0.1.3680043.10.1234.2";
  writeSyntheticSeries(folder / "b" / "deeper", 4, 0, 3.0, other);
  std::ofstream(folder / "README.txt") << "not DICOM at all\n";
  std::ofstream(folder / "b" / "noise.bin", std::ios::binary) << std::string(4000, '\x17');
  const CtScanResult scan = scanCtFolder(folder);
  ASSERT_EQ(scan.series.size(), 2u);
  EXPECT_TRUE(scan.refused.empty());
  EXPECT_EQ(scan.series[0].image.hu.geometry().size()[2] + scan.series[1].image.hu.geometry().size()[2], 7);
  try {
    loadCtSeries(folder);
    ADD_FAILURE() << "two series must not load as one planning CT";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2 CT series found"), std::string::npos) << e.what();
  }
}

TEST(CtImport, EmptyFolderAndMissingFolderAreBadInput) {
  const auto folder = makeTemporaryFolder("empty");
  try {
    loadCtSeries(folder);
    ADD_FAILURE() << "an empty folder has no CT";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("no DICOM images found"), std::string::npos) << e.what();
  }
  EXPECT_THROW(scanCtFolder(folder / "does-not-exist"), Error);
}

TEST(CtImport, DecodesEveryAcceptedTransferSyntaxToTheSameHu) {
  const auto folder = makeTemporaryFolder("xfer");
  writeSyntheticSeries(folder / "source", 3, 0, 2.0);
  const CtSeries reference = loadCtSeries(folder / "source");
  // DCMTK's command-line tools re-encode each file; Kerma must read back identical HU.
  const std::pair<const char*, const char*> encoders[] = {
      {"implicit", "dcmconv +ti"},      {"big-endian", "dcmconv +tb"},
      {"deflate", "dcmconv +td"},       {"rle", "dcmcrle"},
      {"jpeg-lossless", "dcmcjpeg +el"}, {"jpeg-lossless-sv1", "dcmcjpeg +e1"},
      {"jpeg-ls", "dcmcjpls +el"},
  };
  for (const auto& [name, encoder] : encoders) {
    const auto out = folder / name;
    fs::create_directories(out);
    for (const auto& entry : fs::directory_iterator(folder / "source")) {
      const std::string command = std::string(encoder) + " '" + entry.path().string() + "' '" +
                                  (out / entry.path().filename()).string() + "'";
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
    const CtSeries decoded = loadCtSeries(out);
    ASSERT_EQ(decoded.image.hu.values().size(), reference.image.hu.values().size()) << name;
    EXPECT_TRUE(std::equal(decoded.image.hu.values().begin(), decoded.image.hu.values().end(),
                           reference.image.hu.values().begin()))
        << name;
  }
}

TEST(CtImport, RefusesLossyJpegNamingTheTransferSyntax) {
  const auto folder = makeTemporaryFolder("lossy");
  const auto files = writeSyntheticSeries(folder / "source", 2, 0, 2.0);
  fs::create_directories(folder / "lossy");
  for (const auto& f : files) {
    const std::string command = "dcmcjpeg +ee '" + f.string() + "' '" + (folder / "lossy" / f.filename()).string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  const std::string reason = onlyRefusal(scanCtFolder(folder / "lossy"));
  EXPECT_NE(reason.find("JPEG Extended"), std::string::npos) << reason;
  EXPECT_NE(reason.find("1.2.840.10008.1.2.4.51"), std::string::npos) << reason;
}

// ---- real data in ../shared ----

TEST(CtImportShared, Lung1HasTheDocumentedGeometryAndPlausibleHu) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const CtSeries series = loadCtSeries(testing::sharedPath("data/lung1-001/ct"));
  const auto& g = series.image.hu.geometry();
  EXPECT_EQ(g.size(), (std::array<int, 3>{512, 512, 134}));
  EXPECT_NEAR(g.spacingMm()[0], 0.9766, 1e-4);
  EXPECT_NEAR(g.spacingMm()[1], 0.9766, 1e-4);
  EXPECT_NEAR(g.spacingMm()[2], 3.0, 1e-3);
  EXPECT_NEAR(g.originMm().z, -681.5, 1e-3);
  EXPECT_NEAR(g.patientPoint({0, 0, 133}).z, -282.5, 1e-3);
  EXPECT_TRUE(g.directionCosines().isIdentity(1e-6));
  const auto hu = core::summarize(series.image.hu);
  EXPECT_GE(hu.min, -1100);   // air, with a margin for padding
  EXPECT_LE(hu.min, -900);
  EXPECT_GE(hu.max, 1000);    // bone or contrast
  EXPECT_LE(hu.max, 4000);
  EXPECT_LT(hu.mean, 0);      // a thorax is mostly air and lung
  EXPECT_EQ(series.image.identity.modality, "CT");
  EXPECT_FALSE(series.image.identity.frameOfReferenceUid.empty());
  EXPECT_EQ(series.sopInstanceUids.size(), 134u);
  EXPECT_TRUE(series.notes.empty());
}

TEST(CtImportShared, HeadAndNeckWithAnOdd511Matrix) {
  KERMA_REQUIRE_SHARED("data/hn-511/ct");
  const CtSeries series = loadCtSeries(testing::sharedPath("data/hn-511/ct"));
  const auto& g = series.image.hu.geometry();
  EXPECT_EQ(g.size(), (std::array<int, 3>{511, 511, 90}));
  EXPECT_NEAR(g.spacingMm()[0], 1.0, 1e-4);
  EXPECT_NEAR(g.spacingMm()[2], 3.0, 1e-3);
  const auto hu = core::summarize(series.image.hu);
  EXPECT_LE(hu.min, -900);
  EXPECT_GE(hu.max, 1000);
}

TEST(CtImportShared, EverySampleThatIsACtLoadsAndTheRestIsRefusedOrSkipped) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom");
  const CtScanResult pydicom = scanCtFolder(testing::sharedPath("data/rt-samples/pydicom"));
  ASSERT_EQ(pydicom.series.size(), 1u);  // CT_small.dcm
  EXPECT_EQ(pydicom.series[0].image.hu.geometry().size(), (std::array<int, 3>{128, 128, 1}));
  bool mrRefused = false;
  for (const auto& r : pydicom.refused) mrRefused |= r.reason.find("modality is MR") != std::string::npos;
  EXPECT_TRUE(mrRefused);

  KERMA_REQUIRE_SHARED("data/rt-samples/dicompyler-breast");
  const CtScanResult breast = scanCtFolder(testing::sharedPath("data/rt-samples/dicompyler-breast"));
  ASSERT_EQ(breast.series.size(), 1u);
  EXPECT_EQ(breast.series[0].image.hu.geometry().size()[2], 1);
}

// Copies LUNG1-001 to a temporary folder for a test that damages it.
fs::path copyOfLung1(const std::string& name) {
  const auto folder = makeTemporaryFolder(name);
  fs::copy(testing::sharedPath("data/lung1-001/ct"), folder);
  return folder;
}

std::vector<fs::path> sortedFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folder)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CtImportShared, Lung1WithAMissingSliceIsRefused) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const auto folder = copyOfLung1("lung1-missing");
  const CtSeries intact = loadCtSeries(folder);
  fs::remove(intact.files[60]);  // z = -501.5
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("missing slices"), std::string::npos) << reason;
  EXPECT_NE(reason.find("-504.5 and -498.5"), std::string::npos) << reason;
}

TEST(CtImportShared, Lung1TiltedIsRefused) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const auto folder = copyOfLung1("lung1-tilt");
  for (const auto& f : sortedFiles(folder)) setAttribute(f, DCM_GantryDetectorTilt, "15");
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find("tilt of 15 deg"), std::string::npos) << reason;
}

TEST(CtImportShared, Lung1TruncatedFileIsRefusedByName) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const auto folder = copyOfLung1("lung1-truncated");
  const auto victim = sortedFiles(folder)[10];
  fs::resize_file(victim, fs::file_size(victim) / 2);
  const std::string reason = onlyRefusal(scanCtFolder(folder));
  EXPECT_NE(reason.find(victim.filename().string()), std::string::npos) << reason;
}

TEST(CtImportShared, Lung1MixedWithAnotherSeriesGivesTwoSeries) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  KERMA_REQUIRE_SHARED("data/hn-511/ct");
  const auto folder = copyOfLung1("lung1-mixed");
  fs::copy(testing::sharedPath("data/hn-511/ct"), folder / "hn");
  const CtScanResult scan = scanCtFolder(folder);
  EXPECT_EQ(scan.series.size(), 2u);
  EXPECT_TRUE(scan.refused.empty());
  EXPECT_THROW(loadCtSeries(folder), Error);
}

}  // namespace
}  // namespace kerma::dicom
