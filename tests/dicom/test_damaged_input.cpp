// Damaged copies of real files, made at test time from the files Kerma writes for a small patient
// and from ../shared/data where present: truncated at many offsets, wrong Value Lengths, Type 1
// attributes removed, degenerate contours, broken dose scaling and frame counts, absurd sizes.
// Every one must end in kerma::Error (BadInput) naming the file and, where one is at fault, the
// attribute; none may crash or allocate what an untrusted header declares. A representative
// subset goes through kerma-cli, which must exit with status 2. docs/validation/reliability.md
// lists the cases.

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtstruct_import.h"

#include "memory_limit.h"
#include "run_process.h"
#include "shared_data.h"
#include "synthetic_ct.h"
#include "tiny_patient.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <iterator>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

enum class Kind { CtSlice, RtStruct, RtDose };

struct Source {
  std::string name;
  fs::path file;
  Kind kind;
};

// Kerma's own files for the tiny patient, written once per test program.
const fuzz::TinyPatientFiles& kermaFiles() {
  static const fuzz::TinyPatientFiles files = fuzz::writeTinyPatient(testing::makeTemporaryFolder("damaged-sources"));
  return files;
}

std::vector<Source> sources() {
  const auto& kerma = kermaFiles();
  std::vector<Source> all{{"kerma-ct", kerma.ctSlices.front(), Kind::CtSlice},
                          {"kerma-rs", kerma.rtstruct, Kind::RtStruct},
                          {"kerma-rd", kerma.rtdose, Kind::RtDose}};
  const auto shared = [](const char* relative) { return testing::sharedPath(relative); };
  if (fs::is_directory(shared("data/lung1-001/ct"))) {
    std::vector<fs::path> slices;
    for (const auto& entry : fs::directory_iterator(shared("data/lung1-001/ct"))) slices.push_back(entry.path());
    std::sort(slices.begin(), slices.end());
    all.push_back({"lung1-ct", slices.front(), Kind::CtSlice});
    all.push_back({"lung1-rs", shared("data/lung1-001/rtstruct/RS.dcm"), Kind::RtStruct});
  }
  if (fs::exists(shared("data/rt-samples/pydicom/rtdose.dcm")))
    all.push_back({"pydicom-rd", shared("data/rt-samples/pydicom/rtdose.dcm"), Kind::RtDose});
  return all;
}

std::string bytesOf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The damaged copy as name in a folder of its own (CT import reads folders).
fs::path writeCopy(const std::string& name, const std::string& bytes) {
  const fs::path file = testing::makeTemporaryFolder("damaged-" + name) / (name + ".dcm");
  std::ofstream(file, std::ios::binary) << bytes;
  return file;
}

// The message of the refusal of file; nullopt when it was accepted.
std::optional<std::string> refusal(Kind kind, const fs::path& file) {
  try {
    switch (kind) {
      case Kind::CtSlice: loadCtSeries(file.parent_path(), {.threads = 1}); break;
      case Kind::RtStruct: {
        StructureSetFile set = readStructureSet(file);
        repairContours(set, std::nullopt);
        break;
      }
      case Kind::RtDose: readRtDose(file); break;
    }
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput) << e.what();
    return std::string(e.what());
  }
  return std::nullopt;
}

// Refused, naming the file (a CT folder's refusal names the folder, which bears the file's name),
// and every one of words.
void expectRefused(Kind kind, const fs::path& file, const std::vector<std::string>& words = {}) {
  const auto message = refusal(kind, file);
  ASSERT_TRUE(message) << file << " was accepted";
  EXPECT_NE(message->find(file.stem().string()), std::string::npos) << *message;
  for (const auto& word : words) EXPECT_NE(message->find(word), std::string::npos) << word << " in " << *message;
}

// A copy of source with its dataset changed by edit (DCMTK), saved as Explicit VR Little Endian.
fs::path editedCopy(const Source& source, const std::string& name, const std::function<void(DcmDataset&)>& edit) {
  DcmFileFormat format;
  EXPECT_TRUE(format.loadFile(source.file.c_str()).good()) << source.file;
  edit(*format.getDataset());
  const fs::path file = testing::makeTemporaryFolder("damaged-" + name) / (name + ".dcm");
  EXPECT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good()) << file;
  return file;
}

TEST(DamagedInput, TruncatedAtManyOffsets) {
  for (const Source& source : sources()) {
    const std::string bytes = bytesOf(source.file);
    ASSERT_GT(bytes.size(), 500u) << source.file;
    // 40 offsets spread over the file, and the edges of the preamble and file meta header.
    std::vector<std::size_t> offsets{0, 1, 128, 131, 132, 133, 200};
    for (int n = 1; n < 40; ++n) offsets.push_back(bytes.size() * n / 40);
    offsets.push_back(bytes.size() - 1);
    for (const std::size_t at : offsets) {
      const std::string name = source.name + "-truncated-" + std::to_string(at);
      expectRefused(source.kind, writeCopy(name, bytes.substr(0, at)));
    }
  }
}

// The offset of the explicit-VR element tag (group, element) at the top level of bytes.
std::size_t findElement(const std::string& bytes, std::uint16_t group, std::uint16_t element, const char* vr) {
  const char key[6] = {char(group & 0xff), char(group >> 8), char(element & 0xff), char(element >> 8), vr[0], vr[1]};
  const std::size_t at = bytes.find(std::string(key, 6), 132);
  EXPECT_NE(at, std::string::npos) << std::hex << group << "," << element;
  return at;
}

// Whether vr has a 4-byte Value Length in explicit VR (PS3.5 7.1.2).
bool hasLongLength(const char* vr) { return std::string("OB OW OF SQ UN UT").find(vr) != std::string::npos; }

// Copies of bytes with the Value Length of one element (explicit VR little endian) set to each of
// lengths.
std::vector<std::string> withValueLengths(const std::string& bytes, std::uint16_t group, std::uint16_t element,
                                          const char* vr, const std::vector<std::uint32_t>& lengths) {
  const std::size_t at = findElement(bytes, group, element, vr);
  if (at == std::string::npos) return {};
  const bool longForm = hasLongLength(vr);
  std::vector<std::string> copies;
  for (const std::uint32_t length : lengths) {
    std::string copy = bytes;
    if (longForm)
      for (int b = 0; b < 4; ++b) copy[at + 8 + b] = char((length >> (8 * b)) & 0xff);
    else
      for (int b = 0; b < 2; ++b) copy[at + 6 + b] = char((length >> (8 * b)) & 0xff);
    copies.push_back(copy);
  }
  return copies;
}

TEST(DamagedInput, WrongValueLengths) {
  const auto& kerma = kermaFiles();
  struct Case {
    Kind kind;
    fs::path file;
    std::uint16_t group, element;
    const char* vr;
  };
  const Case cases[] = {
      {Kind::CtSlice, kerma.ctSlices.front(), 0x0028, 0x0010, "US"},  // Rows
      {Kind::CtSlice, kerma.ctSlices.front(), 0x0028, 0x0030, "DS"},  // Pixel Spacing
      {Kind::CtSlice, kerma.ctSlices.front(), 0x7fe0, 0x0010, "OW"},  // Pixel Data
      {Kind::RtDose, kerma.rtdose, 0x0028, 0x0010, "US"},              // Rows
      {Kind::RtDose, kerma.rtdose, 0x3004, 0x000c, "DS"},              // Grid Frame Offset Vector
      {Kind::RtDose, kerma.rtdose, 0x3004, 0x000e, "DS"},              // Dose Grid Scaling
      {Kind::RtDose, kerma.rtdose, 0x7fe0, 0x0010, "OW"},              // Pixel Data
      {Kind::RtStruct, kerma.rtstruct, 0x3006, 0x0020, "SQ"},          // Structure Set ROI Sequence
      {Kind::RtStruct, kerma.rtstruct, 0x3006, 0x0039, "SQ"},          // ROI Contour Sequence
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string bytes = bytesOf(c.file);
    // Kerma writes sequences with undefined length and a delimitation item; DCMTK ends such a
    // sequence at the delimiter whatever length it claims, so an over-long sequence length loses
    // nothing and is rightly read. Too short a length cuts its items and must be refused.
    std::vector<std::uint32_t> lengths{1, 3, 0x7ff1, 0xffff};
    if (hasLongLength(c.vr)) lengths = std::string(c.vr) == "SQ" ? std::vector<std::uint32_t>{1, 3, 20}
                                                                  : std::vector<std::uint32_t>{1, 3, 0x7ffffff0u, 0xfffffff0u};
    for (const std::string& copy : withValueLengths(bytes, c.group, c.element, c.vr, lengths))
      expectRefused(c.kind, writeCopy("value-length-" + std::to_string(n++), copy));
  }
}

TEST(DamagedInput, MissingType1AttributesAreNamed) {
  const auto& kerma = kermaFiles();
  struct Case {
    Kind kind;
    fs::path file;
    DcmTagKey tag;
    std::string named;  // what the message must say
  };
  const Case cases[] = {
      {Kind::CtSlice, kerma.ctSlices.front(), DCM_ImagePositionPatient, "ImagePositionPatient (0020,0032)"},
      {Kind::CtSlice, kerma.ctSlices.front(), DCM_ImageOrientationPatient, "ImageOrientationPatient (0020,0037)"},
      {Kind::CtSlice, kerma.ctSlices.front(), DCM_PixelSpacing, "PixelSpacing (0028,0030)"},
      {Kind::CtSlice, kerma.ctSlices.front(), DCM_BitsAllocated, "(0028,0100"},
      {Kind::CtSlice, kerma.ctSlices.front(), DCM_Rows, "Rows (0028,0010)"},
      {Kind::CtSlice, kerma.ctSlices.front(), DCM_PixelData, "Pixel Data (7FE0,0010)"},
      {Kind::RtStruct, kerma.rtstruct, DCM_StructureSetROISequence, "StructureSetROISequence (3006,0020)"},
      {Kind::RtStruct, kerma.rtstruct, DCM_ROINumber, "ROINumber (3006,0022)"},
      {Kind::RtStruct, kerma.rtstruct, DCM_ReferencedROINumber, "ReferencedROINumber (3006,0084)"},
      {Kind::RtStruct, kerma.rtstruct, DCM_ContourData, "ContourData (3006,0050)"},
      {Kind::RtStruct, kerma.rtstruct, DCM_ContourGeometricType, "ContourGeometricType (3006,0042)"},
      {Kind::RtDose, kerma.rtdose, DCM_DoseGridScaling, "DoseGridScaling (3004,000E)"},
      {Kind::RtDose, kerma.rtdose, DCM_GridFrameOffsetVector, "GridFrameOffsetVector (3004,000C)"},
      {Kind::RtDose, kerma.rtdose, DCM_ImagePositionPatient, "ImagePositionPatient (0020,0032)"},
      {Kind::RtDose, kerma.rtdose, DCM_ImageOrientationPatient, "ImageOrientationPatient (0020,0037)"},
      {Kind::RtDose, kerma.rtdose, DCM_PixelSpacing, "PixelSpacing (0028,0030)"},
      {Kind::RtDose, kerma.rtdose, DCM_DoseUnits, "DoseUnits (3004,0002)"},
      {Kind::RtDose, kerma.rtdose, DCM_DoseType, "DoseType (3004,0004)"},
      {Kind::RtDose, kerma.rtdose, DCM_Rows, "Rows (0028,0010)"},
      {Kind::RtDose, kerma.rtdose, DCM_BitsAllocated, "BitsAllocated (0028,0100)"},
      {Kind::RtDose, kerma.rtdose, DCM_PixelData, "PixelData (7FE0,0010)"},
  };
  int n = 0;
  for (const Case& c : cases) {
    const Source source{"", c.file, c.kind};
    const fs::path file = editedCopy(source, "missing-" + std::to_string(n++), [&](DcmDataset& ds) {
      ASSERT_TRUE(ds.findAndDeleteElement(c.tag, /*allOccurrences=*/OFTrue, /*searchIntoSub=*/OFTrue).good())
          << c.named;
    });
    expectRefused(c.kind, file, {c.named});
  }
}

// The tiny patient's structure set with the first contour's data replaced.
fs::path structureSetWithContour(const std::string& name, const std::string& contourData, const std::string& points) {
  const Source source{"", kermaFiles().rtstruct, Kind::RtStruct};
  return editedCopy(source, name, [&](DcmDataset& ds) {
    DcmItem* roiContour = nullptr;
    DcmItem* contour = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, 0).good());
    ASSERT_TRUE(roiContour->findAndGetSequenceItem(DCM_ContourSequence, contour, 0).good());
    contour->putAndInsertString(DCM_ContourData, contourData.c_str());
    contour->putAndInsertString(DCM_NumberOfContourPoints, points.c_str());
  });
}

TEST(DamagedInput, DegenerateSelfIntersectingAndNonFiniteContours) {
  expectRefused(Kind::RtStruct, structureSetWithContour("rs-two-points", "0\\0\\0\\10\\0\\0", "2"),
                {"ContourData (3006,0050)", "2 points", "at least 3"});
  expectRefused(Kind::RtStruct, structureSetWithContour("rs-one-point", "0\\0\\0", "1"), {"ContourData (3006,0050)"});
  expectRefused(Kind::RtStruct, structureSetWithContour("rs-bow-tie", "0\\0\\0\\10\\0\\0\\0\\10\\0\\10\\10\\0", "4"),
                {"ContourData (3006,0050) crosses itself", "5, 5, 0 mm"});
  for (const char* value : {"nan", "inf", "-inf", "1e999"})
    expectRefused(Kind::RtStruct,
                  structureSetWithContour(std::string("rs-") + (value[0] == '-' ? "minus" : "") + (value + (value[0] == '-')),
                                          std::string("0\\0\\0\\10\\0\\0\\") + value + "\\10\\0", "3"),
                  {"ContourData (3006,0050)", "not a finite number"});
}

TEST(DamagedInput, DoseScalingFramesAndAbsurdSizes) {
  const Source dose{"", kermaFiles().rtdose, Kind::RtDose};
  auto set = [&](const std::string& name, const DcmTagKey& tag, const char* value) {
    return editedCopy(dose, name, [&](DcmDataset& ds) { ds.putAndInsertString(tag, value); });
  };
  for (const char* scaling : {"0", "-1", "-0.001"})
    expectRefused(Kind::RtDose, set(std::string("rd-scaling") + scaling, DCM_DoseGridScaling, scaling),
                  {"DoseGridScaling (3004,000E)", "positive"});
  for (const char* frames : {"2", "4", "0", "-3", "70000", "three"})
    expectRefused(Kind::RtDose, set(std::string("rd-frames") + frames, DCM_NumberOfFrames, frames),
                  {"NumberOfFrames (0028,0008)"});
  const fs::path absurd = editedCopy(dose, "rd-absurd", [](DcmDataset& ds) {
    ds.putAndInsertUint16(DCM_Rows, 65535);
    ds.putAndInsertUint16(DCM_Columns, 65535);
    ds.putAndInsertString(DCM_NumberOfFrames, "65535");
  });
  expectRefused(Kind::RtDose, absurd, {"Rows (0028,0010)", "NumberOfFrames (0028,0008)", "voxels"});
  // Just under the voxel limit: refused for the pixel data it lacks, before the grid is made.
  const fs::path large = editedCopy(dose, "rd-large", [](DcmDataset& ds) {
    ds.putAndInsertUint16(DCM_Rows, 2048);
    ds.putAndInsertUint16(DCM_Columns, 2048);
  });
  expectRefused(Kind::RtDose, large, {"PixelData (7FE0,0010)"});
  const auto status = testing::exitStatusUnderMemoryLimit(std::size_t(768) << 20, [&] {
    return refusal(Kind::RtDose, absurd) && refusal(Kind::RtDose, large) ? 0 : 1;
  });
  if (status) {
    EXPECT_EQ(*status, 0) << "a reader allocated what the header declared (768 MiB address space)";
  }
}

TEST(DamagedInput, AbsurdCtSizesAreRefusedBeforeAnythingIsAllocated) {
  // A whole series of the tiny patient, one slice of which declares 65535 x 65535 pixels (8 GiB
  // for the volume) and holds 512.
  const fs::path folder = testing::makeTemporaryFolder("damaged-ct-absurd");
  for (const auto& slice : kermaFiles().ctSlices) fs::copy_file(slice, folder / slice.filename());
  const fs::path victim = folder / kermaFiles().ctSlices[1].filename();
  {
    DcmFileFormat format;
    ASSERT_TRUE(format.loadFile(victim.c_str()).good());
    format.getDataset()->putAndInsertUint16(DCM_Rows, 65535);
    format.getDataset()->putAndInsertUint16(DCM_Columns, 65535);
    ASSERT_TRUE(format.saveFile(victim.c_str(), EXS_LittleEndianExplicit).good());
  }
  auto refused = [&] {
    try {
      loadCtSeries(folder, {.threads = 1});
    } catch (const Error& e) {
      const std::string m = e.what();
      return m.find(victim.filename().string()) != std::string::npos && m.find("Rows x Columns") != std::string::npos &&
             m.find("absurd") != std::string::npos;
    }
    return false;
  };
  EXPECT_TRUE(refused());
  const auto status = testing::exitStatusUnderMemoryLimit(std::size_t(768) << 20, [&] { return refused() ? 0 : 1; });
  if (status) {
    EXPECT_EQ(*status, 0) << "CT import allocated what the header declared (768 MiB address space)";
  }

  // Slices 0.02 mm apart and one 1 km away: resampling to the smallest step would make 10^9 slices.
  const fs::path spread = testing::makeTemporaryFolder("damaged-ct-spread");
  const double z[] = {0, 0.02, 1e6};
  for (int k = 0; k < 3; ++k) {
    testing::SyntheticSlice s;
    s.positionMm = {0, 0, z[k]};
    s.sliceThicknessMm = 1e7;
    testing::writeSyntheticSlice(spread / ("s" + std::to_string(k) + ".dcm"), s, k);
  }
  try {
    loadCtSeries(spread, {.threads = 1});
    ADD_FAILURE() << "a grid of 10^9 slices was made";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a regular grid would need"), std::string::npos) << e.what();
  }
}

// kerma-cli on a representative subset: exit status 2 and the file named on stderr.
TEST(DamagedInput, CliExitsWithStatusTwoNamingTheFile) {
  const auto& kerma = kermaFiles();
  const Source dose{"", kerma.rtdose, Kind::RtDose};
  const fs::path zeroScaling = editedCopy(dose, "cli-rd-zero-scaling",
                                          [](DcmDataset& ds) { ds.putAndInsertString(DCM_DoseGridScaling, "0"); });
  const fs::path bowTie = structureSetWithContour("cli-rs-bow-tie", "0\\0\\0\\10\\0\\0\\0\\10\\0\\10\\10\\0", "4");
  const std::string rsBytes = bytesOf(kerma.rtstruct);
  const fs::path truncatedRs = writeCopy("cli-rs-truncated", rsBytes.substr(0, rsBytes.size() / 2));
  const fs::path absurdCt = testing::makeTemporaryFolder("cli-ct-absurd");
  for (const auto& slice : kerma.ctSlices) fs::copy_file(slice, absurdCt / slice.filename());
  {
    DcmFileFormat format;
    const fs::path victim = absurdCt / kerma.ctSlices[0].filename();
    ASSERT_TRUE(format.loadFile(victim.c_str()).good());
    format.getDataset()->putAndInsertUint16(DCM_Columns, 65535);
    ASSERT_TRUE(format.saveFile(victim.c_str(), EXS_LittleEndianExplicit).good());
  }
  struct Case {
    std::vector<std::string> args;
    std::string named;
  };
  const Case cases[] = {
      {{"dvh", "--rtstruct", kerma.rtstruct.string(), "--rtdose", zeroScaling.string()}, "cli-rd-zero-scaling.dcm"},
      {{"dvh", "--rtstruct", bowTie.string(), "--rtdose", kerma.rtdose.string()}, "cli-rs-bow-tie.dcm"},
      {{"dvh", "--rtstruct", truncatedRs.string(), "--rtdose", kerma.rtdose.string()}, "cli-rs-truncated.dcm"},
      {{"ct-info", absurdCt.string()}, kerma.ctSlices[0].filename().string()},
  };
  for (const Case& c : cases) {
    const auto run = testing::runProcess(KERMA_CLI_PATH, c.args);
    EXPECT_EQ(run.exitStatus, 2) << c.args.front() << " " << c.named << ": " << run.err;
    EXPECT_NE(run.err.find(c.named), std::string::npos) << run.err;
  }
}

}  // namespace
}  // namespace kerma::dicom
