#include "kerma/dicom/rtstruct_export.h"

#include "export_test_support.h"
#include "kerma/core/error.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/structure/contour_rasterization.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <gtest/gtest.h>

namespace kerma::dicom {
namespace {

using testing::TempFolder;

// The demo patient written once for the suite: CT series and structure set in one folder.
struct WrittenDemo {
  TempFolder folder{"kerma-rtstruct-export"};
  phantom::DemoPatient patient = phantom::makeDemoPatient();
  ExportedSeries ct;
  std::filesystem::path rtstruct;
  WrittenDemo() {
    ct = writeCtSeries(patient.ct, folder.path(), {InstanceUids::Reproducible, "PELVIS"});
    rtstruct = writeRtStruct(patient.structures, patient.ct, ct.sopInstanceUids, folder.path(),
                             {"DEMO", "KERMA^TEST", 900, InstanceUids::Reproducible});
  }
};

const WrittenDemo& demo() {
  static const WrittenDemo written;
  return written;
}

std::string stringOf(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  item.findAndGetOFStringArray(tag, value);
  return value.c_str();
}

TEST(WriteRtStruct, DemoStructureSetHasNoDciodvfyErrors) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  const std::string output = testing::commandOutput("dciodvfy " + demo().rtstruct.string());
  EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << output;
  EXPECT_TRUE(testing::linesStartingWith(output, "Warning").empty()) << output;
}

TEST(WriteRtStruct, DemoCtSliceHasNoDciodvfyErrors) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  const std::string output = testing::commandOutput("dciodvfy " + demo().ct.files[40].string());
  EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << output;
  EXPECT_TRUE(testing::linesStartingWith(output, "Warning").empty()) << output;
}

TEST(WriteRtStruct, DemoFolderHasConsistentEntities) {
  KERMA_REQUIRE_PROGRAM("dcentvfy");
  std::string files;
  for (const auto& f : demo().ct.files) files += " " + f.string();
  const std::string output = testing::commandOutput("dcentvfy" + files + " " + demo().rtstruct.string());
  EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << output;
  EXPECT_TRUE(testing::linesStartingWith(output, "Warning").empty()) << output;
}

TEST(WriteRtStruct, ReadsBackRoisContoursAndReferences) {
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(demo().rtstruct.string().c_str()).good());
  DcmDataset& dataset = *file.getDataset();
  const auto& identity = demo().patient.ct.identity;
  EXPECT_EQ(stringOf(dataset, DCM_Modality), "RTSTRUCT");
  EXPECT_EQ(stringOf(dataset, DCM_PatientID), identity.patientId);
  EXPECT_EQ(stringOf(dataset, DCM_StudyInstanceUID), identity.studyInstanceUid);
  EXPECT_EQ(stringOf(dataset, DCM_FrameOfReferenceUID), identity.frameOfReferenceUid);
  EXPECT_EQ(stringOf(dataset, DCM_OperatorsName), "KERMA^TEST");
  EXPECT_TRUE(dataset.tagExists(DCM_PositionReferenceIndicator));

  const auto& structures = demo().patient.structures;
  for (std::size_t r = 0; r < structures.size(); ++r) {
    DcmItem* setRoi = nullptr;
    DcmItem* roiContour = nullptr;
    DcmItem* observation = nullptr;
    ASSERT_TRUE(dataset.findAndGetSequenceItem(DCM_StructureSetROISequence, setRoi, int(r)).good());
    ASSERT_TRUE(dataset.findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, int(r)).good());
    ASSERT_TRUE(dataset.findAndGetSequenceItem(DCM_RTROIObservationsSequence, observation, int(r)).good());
    EXPECT_EQ(stringOf(*setRoi, DCM_ROIName), structures[r].name);
    EXPECT_EQ(stringOf(*setRoi, DCM_ROINumber), std::to_string(r + 1));
    EXPECT_EQ(stringOf(*observation, DCM_RTROIInterpretedType), std::string(structure::dicomTerm(structures[r].type)));
    DcmSequenceOfItems* contours = nullptr;
    ASSERT_TRUE(roiContour->findAndGetSequence(DCM_ContourSequence, contours).good());
    ASSERT_EQ(contours->card(), structures[r].contours.size()) << structures[r].name;

    // The first contour: its points, and the CT slice it references.
    const auto& expected = structures[r].contours.front();
    DcmItem& first = *contours->getItem(0);
    EXPECT_EQ(stringOf(first, DCM_ContourGeometricType), "CLOSED_PLANAR");
    EXPECT_EQ(stringOf(first, DCM_NumberOfContourPoints), std::to_string(expected.pointsMm.size()));
    for (unsigned long n = 0; n < 3 * expected.pointsMm.size(); n += 97) {
      Float64 value = 0;
      ASSERT_TRUE(first.findAndGetFloat64(DCM_ContourData, value, n).good());
      const auto& p = expected.pointsMm[n / 3];
      EXPECT_NEAR(value, n % 3 == 0 ? p.x : n % 3 == 1 ? p.y : p.z, 1e-6);
    }
    DcmItem* image = nullptr;
    ASSERT_TRUE(first.findAndGetSequenceItem(DCM_ContourImageSequence, image, 0).good());
    const auto k = structure::contourSliceIndex(expected, demo().patient.ct.hu.geometry());
    ASSERT_TRUE(k.has_value());
    EXPECT_EQ(stringOf(*image, DCM_ReferencedSOPInstanceUID), demo().ct.sopInstanceUids[*k]);
  }
}

// ROI Display Color is IS: read back exactly as written (it was once read as DS, which DCMTK
// refuses for IS, and every structure came back white). Without one, each ROI gets a colour no
// other has.
TEST(WriteRtStruct, ColoursReadBackAsWrittenAndMissingOnesAreDistinct) {
  const StructureSetFile read = readStructureSet(demo().rtstruct);
  const auto& structures = demo().patient.structures;
  ASSERT_EQ(read.rois.size(), structures.size());
  for (std::size_t r = 0; r < structures.size(); ++r) {
    ASSERT_TRUE(read.rois[r].colour.has_value()) << structures[r].name;
    EXPECT_EQ(*read.rois[r].colour, structures[r].colour) << structures[r].name;
  }
  const auto onCt = structuresOnCt(read, demo().patient.ct).structures;
  for (std::size_t r = 0; r < structures.size(); ++r) EXPECT_EQ(onCt[r].colour, structures[r].colour);

  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(demo().rtstruct.string().c_str()).good());
  DcmDataset& dataset = *file.getDataset();
  for (std::size_t r = 0; r < structures.size(); ++r) {
    DcmItem* roiContour = nullptr;
    ASSERT_TRUE(dataset.findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, int(r)).good());
    if (r % 2 == 0) delete roiContour->remove(DCM_ROIDisplayColor);
  }
  const TempFolder elsewhere{"kerma-rtstruct-colours"};
  std::filesystem::create_directories(elsewhere.path());
  const auto without = elsewhere.path() / "RS.without-some-colours.dcm";
  ASSERT_TRUE(file.saveFile(without.string().c_str(), EXS_LittleEndianExplicit).good());
  const auto recoloured = structuresOnCt(readStructureSet(without), demo().patient.ct).structures;
  for (std::size_t a = 0; a < recoloured.size(); ++a) {
    if (a % 2 == 1) {
      EXPECT_EQ(recoloured[a].colour, structures[a].colour) << "kept: " << structures[a].name;
    }
    for (std::size_t b = a + 1; b < recoloured.size(); ++b)
      EXPECT_NE(recoloured[a].colour, recoloured[b].colour) << recoloured[a].name << " and " << recoloured[b].name;
  }
}

TEST(WriteRtStruct, RejectsContoursOffTheCtSlicesAndMissingSliceUids) {
  const TempFolder folder("kerma-rtstruct-bad");
  const auto& patient = demo().patient;
  std::vector<structure::Structure> offPlane = {patient.structures.back()};
  for (auto& p : offPlane[0].contours[0].pointsMm) p.z += 1.0;
  try {
    writeRtStruct(offPlane, patient.ct, demo().ct.sopInstanceUids, folder.path());
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("GTV_Met"), std::string::npos) << e.what();
  }
  EXPECT_THROW(writeRtStruct(patient.structures, patient.ct, {"1.2.3"}, folder.path()), Error);
}

}  // namespace
}  // namespace kerma::dicom
