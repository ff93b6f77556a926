#include "kerma/dicom/rtstruct_import.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/phantom/demo_patient.h"

#include "shared_data.h"
#include "synthetic_ct.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

// Volumes of the LUNG1-001 structures measured by two independent tools on the same files
// (docs/validation/structures.md has the commands): plastimatch convert's rasterisation on the CT
// grid, and dicompyler-core 0.5.5's CalculateStructureVolume.
struct ReferenceVolume {
  const char* name;
  double plastimatchCc, dicompylerCc;
};
constexpr ReferenceVolume LUNG1_VOLUMES[] = {
    {"GTV-1", 156.32, 156.09},
    {"Spinal-Cord", 44.68, 43.94},
    {"Lung-Left", 2277.42, 2269.17},
    {"Lung-Right", 2967.78, 2957.35},
};
constexpr double VOLUME_AGREEMENT = 0.02;  // the criterion: within 2 %

const fs::path& lung1Ct() {
  static const fs::path p = testing::sharedPath("data/lung1-001/ct");
  return p;
}
const fs::path& lung1Rs() {
  static const fs::path p = testing::sharedPath("data/lung1-001/rtstruct/RS.dcm");
  return p;
}

TEST(RtStructImport, Lung1StructuresMatchTwoIndependentTools) {
  KERMA_REQUIRE_SHARED("data/lung1-001/rtstruct/RS.dcm");
  const CtSeries ct = loadCtSeries(lung1Ct());
  const StructureSetFile set = readStructureSet(lung1Rs());
  EXPECT_EQ(set.identity.frameOfReferenceUid, ct.image.identity.frameOfReferenceUid);
  const auto structures = structuresOnCt(set, ct.image).structures;
  ASSERT_EQ(structures.size(), std::size(LUNG1_VOLUMES));
  for (std::size_t n = 0; n < structures.size(); ++n) {
    const auto& reference = LUNG1_VOLUMES[n];
    EXPECT_EQ(structures[n].name, reference.name);
    EXPECT_EQ(structures[n].type, structure::RoiType::Organ);
    const double volume = structure::volumeCc(structures[n].mask);
    EXPECT_NEAR(volume, reference.plastimatchCc, VOLUME_AGREEMENT * reference.plastimatchCc) << reference.name;
    EXPECT_NEAR(volume, reference.dicompylerCc, VOLUME_AGREEMENT * reference.dicompylerCc) << reference.name;
  }
  // The left lung lies on the patient's left (+x in LPS), the right lung on the right.
  EXPECT_GT(structure::centroidMm(structures[2].mask)->x, 0);
  EXPECT_LT(structure::centroidMm(structures[3].mask)->x, 0);
}

TEST(RtStructImport, SamplesFromOtherSystemsKeepPointsAndAllRois) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom/rtstruct.dcm");
  const StructureSetFile pydicom = readStructureSet(testing::sharedPath("data/rt-samples/pydicom/rtstruct.dcm"));
  ASSERT_EQ(pydicom.rois.size(), 3u);
  std::size_t points = 0, contours = 0;
  for (const auto& roi : pydicom.rois) {
    points += roi.points.size();
    contours += roi.contours.size();
  }
  EXPECT_EQ(points, 2u);
  EXPECT_EQ(contours, 3u);
  const StructureSetFile breast =
      readStructureSet(testing::sharedPath("data/rt-samples/dicompyler-breast/rtss.dcm"));
  EXPECT_EQ(breast.rois.size(), 10u);
}

TEST(RtStructImport, RefusesAStructureSetOfAnotherFrameOfReferenceNamingBothUids) {
  KERMA_REQUIRE_SHARED("data/lung1-001/rtstruct/RS.dcm");
  const auto folder = testing::makeTemporaryFolder("rs-other-frame");
  testing::writeSyntheticSeries(folder, 3);
  const CtSeries ct = loadCtSeries(folder);
  const StructureSetFile set = readStructureSet(lung1Rs());
  try {
    structuresOnCt(set, ct.image);
    ADD_FAILURE() << "structures of another Frame of Reference must be refused";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(set.identity.frameOfReferenceUid), std::string::npos) << message;
    EXPECT_NE(message.find(ct.image.identity.frameOfReferenceUid), std::string::npos) << message;
  }
}

// A copy of LUNG1's RS.dcm with its first contour changed by edit, read back; returns the message
// of the refusal.
std::string refusalOfDamagedCopy(const std::string& name, const std::function<void(DcmItem&)>& edit) {
  const auto folder = testing::makeTemporaryFolder(name);
  const auto file = folder / "RS.dcm";
  DcmFileFormat format;
  EXPECT_TRUE(format.loadFile(lung1Rs().c_str()).good());
  DcmItem* roiContour = nullptr;
  DcmItem* contour = nullptr;
  EXPECT_TRUE(format.getDataset()->findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, 0).good());
  EXPECT_TRUE(roiContour->findAndGetSequenceItem(DCM_ContourSequence, contour, 0).good());
  edit(*contour);
  EXPECT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
  try {
    StructureSetFile set = readStructureSet(file);
    repairContours(set, std::nullopt);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    return e.what();
  }
  ADD_FAILURE() << name << ": the damaged file was accepted";
  return {};
}

TEST(RtStructImport, DamagedContoursAreRefusedNamingTheRoiAndAttribute) {
  KERMA_REQUIRE_SHARED("data/lung1-001/rtstruct/RS.dcm");
  const std::string twoPoints = refusalOfDamagedCopy("rs-two-points", [](DcmItem& c) {
    c.putAndInsertString(DCM_ContourData, "1\\2\\3\\4\\5\\3");
    c.putAndInsertString(DCM_NumberOfContourPoints, "2");
  });
  EXPECT_NE(twoPoints.find("RS.dcm: ROI 'GTV-1' contour 1: a CLOSED_PLANAR contour has 2 points in ContourData "
                           "(3006,0050)"),
            std::string::npos)
      << twoPoints;
  // A bow tie: the edge from point 2 to 3 crosses the edge from point 4 back to 1 at (5, 5).
  const std::string bowTie = refusalOfDamagedCopy("rs-bow-tie", [](DcmItem& c) {
    c.putAndInsertString(DCM_ContourData, "0\\0\\-300\\10\\0\\-300\\0\\10\\-300\\10\\10\\-300");
    c.putAndInsertString(DCM_NumberOfContourPoints, "4");
  });
  EXPECT_NE(bowTie.find("RS.dcm: ROI 'GTV-1' contour 1: ContourData (3006,0050) crosses itself (edges from points 2 "
                        "and 4 cross at 5, 5, -300 mm)"),
            std::string::npos)
      << bowTie;
  const std::string notANumber = refusalOfDamagedCopy("rs-nan", [](DcmItem& c) {
    c.putAndInsertString(DCM_ContourData, "1\\2\\3\\nan\\5\\3\\7\\8\\3");
  });
  EXPECT_NE(notANumber.find("ContourData (3006,0050)"), std::string::npos) << notANumber;
  const std::string miscounted = refusalOfDamagedCopy("rs-count", [](DcmItem& c) {
    c.putAndInsertString(DCM_NumberOfContourPoints, "999");
  });
  EXPECT_NE(miscounted.find("NumberOfContourPoints (3006,0046) is 999"), std::string::npos) << miscounted;
}

// A copy of LUNG1's RS.dcm in which move changes the vertices of the contours of the ROI Contour
// Sequence's item roiItem (contour, vertex, coordinates).
fs::path copyWithMovedVertices(const std::string& name, unsigned long roiItem,
                               const std::function<void(int, int, double*)>& move) {
  const auto file = testing::makeTemporaryFolder(name) / "RS.dcm";
  DcmFileFormat format;
  EXPECT_TRUE(format.loadFile(lung1Rs().c_str()).good());
  DcmItem* roiContour = nullptr;
  EXPECT_TRUE(format.getDataset()->findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, roiItem).good());
  DcmItem* contour = nullptr;
  for (int c = 0; roiContour->findAndGetSequenceItem(DCM_ContourSequence, contour, c).good(); ++c) {
    OFString data;
    contour->findAndGetOFStringArray(DCM_ContourData, data);
    std::vector<double> values;
    for (const char* p = data.c_str(); *p != 0;) {
      char* end = nullptr;
      values.push_back(std::strtod(p, &end));
      if (end == p) break;
      p = *end == '\\' ? end + 1 : end;
    }
    for (std::size_t v = 0; v * 3 < values.size(); ++v) move(c, int(v), &values[v * 3]);
    std::string text;
    for (double value : values) text += (text.empty() ? "" : "\\") + core::shortestText(value);
    contour->putAndInsertString(DCM_ContourData, text.c_str());
  }
  EXPECT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
  return file;
}

double volumeOf(const std::vector<structure::Structure>& structures, const std::string& name) {
  for (const auto& s : structures)
    if (s.name == name) return structure::volumeCc(s.mask);
  ADD_FAILURE() << "no " << name;
  return 0;
}

TEST(RtStructImport, AVertexFarOutsideTheCtIsLeftOutOfItsContourAndSaid) {
  KERMA_REQUIRE_SHARED("data/lung1-001/rtstruct/RS.dcm");
  const CtSeries ct = loadCtSeries(lung1Ct());
  const auto intact = structuresOnCt(readStructureSet(lung1Rs()), ct.image);
  EXPECT_TRUE(intact.repairs.warnings.empty());
  // One corrupted coordinate: GTV-1's 6th contour, 4th vertex, x = 10^30 mm.
  const auto damaged = copyWithMovedVertices("rs-stray-vertex", 0, [](int c, int v, double* xyz) {
    if (c == 5 && v == 3) xyz[0] = 1e30;
  });
  const auto repaired = structuresOnCt(readStructureSet(damaged), ct.image);
  ASSERT_EQ(repaired.repairs.warnings.size(), 1u);
  EXPECT_TRUE(repaired.repairs.refused.empty());
  const ContourNotice& notice = repaired.repairs.warnings.front();
  EXPECT_EQ(notice.roi, "GTV-1");
  EXPECT_EQ(notice.contourNumber, 6);
  EXPECT_EQ(notice.message.rfind("RS.dcm: ROI 'GTV-1' contour 6: vertex 4 at (1e+30, ", 0), 0u) << notice.message;
  EXPECT_NE(notice.message.find("it is left out of the contour, which keeps its other"), std::string::npos)
      << notice.message;
  // Without the vertex the structure is the one drawn: one vertex of a contour of a 156 cm³ GTV.
  EXPECT_NEAR(volumeOf(repaired.structures, "GTV-1"), volumeOf(intact.structures, "GTV-1"),
              0.005 * volumeOf(intact.structures, "GTV-1"));
}

TEST(RtStructImport, AnRoiWithNoContourInsideTheCtIsRefusedAndTheOthersLoad) {
  KERMA_REQUIRE_SHARED("data/lung1-001/rtstruct/RS.dcm");
  const CtSeries ct = loadCtSeries(lung1Ct());
  // The spinal cord's contours all 2 m to the patient's left, as from another scan's coordinates.
  const auto damaged = copyWithMovedVertices("rs-roi-outside", 1, [](int, int, double* xyz) { xyz[0] += 2000; });
  const StructureSetFile set = readStructureSet(damaged);
  const std::size_t cordContours = set.rois[1].contours.size();
  const auto repaired = structuresOnCt(set, ct.image);
  EXPECT_EQ(repaired.repairs.warnings.size(), cordContours);  // each contour left out, each said
  ASSERT_EQ(repaired.repairs.refused.size(), 1u);
  EXPECT_EQ(repaired.repairs.refused.front().roi, "Spinal-Cord");
  EXPECT_EQ(repaired.repairs.refused.front().message,
            "RS.dcm: ROI 'Spinal-Cord' is not loaded: none of its " + std::to_string(cordContours) +
                " contours is usable");
  ASSERT_EQ(repaired.structures.size(), std::size(LUNG1_VOLUMES) - 1);
  EXPECT_NEAR(volumeOf(repaired.structures, "GTV-1"), LUNG1_VOLUMES[0].plastimatchCc,
              VOLUME_AGREEMENT * LUNG1_VOLUMES[0].plastimatchCc);
}

TEST(RtStructImport, ACtSliceIsNotAStructureSet) {
  const auto folder = testing::makeTemporaryFolder("rs-not-rs");
  const auto files = testing::writeSyntheticSeries(folder, 1);
  try {
    readStructureSet(files.front());
    ADD_FAILURE() << "a CT slice is not a structure set";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not an RT Structure Set"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readStructureSet(folder / "missing.dcm"), Error);
}

TEST(RtStructImport, ExportThenImportKeepsEveryVolumeWithinOnePercent) {
  const phantom::DemoPatient patient = phantom::makeDemoPatient();
  const auto folder = testing::makeTemporaryFolder("rs-round-trip");
  const ExportedSeries ct = writeCtSeries(patient.ct, folder);
  const auto rs = writeRtStruct(patient.structures, patient.ct, ct.sopInstanceUids, folder);
  const CtSeries reloaded = loadCtSeries(folder);
  const auto structures = structuresOnCt(readStructureSet(rs), reloaded.image).structures;
  ASSERT_EQ(structures.size(), patient.structures.size());
  constexpr double ROUND_TRIP_TOLERANCE = 0.01;  // the criterion
  for (std::size_t n = 0; n < structures.size(); ++n) {
    const double before = structure::volumeCc(patient.structures[n].mask);
    EXPECT_EQ(structures[n].name, patient.structures[n].name);
    EXPECT_EQ(structures[n].type, patient.structures[n].type);
    EXPECT_NEAR(structure::volumeCc(structures[n].mask), before, ROUND_TRIP_TOLERANCE * before) << structures[n].name;
  }
}

}  // namespace
}  // namespace kerma::dicom
