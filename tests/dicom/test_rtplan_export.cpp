// RT Plan export on the demo patient: a conformed box4 plan with its CT, RT Structure Set, RT Dose
// (per plan and per beam) and RT Images written as one export, checked by dciodvfy, dcentvfy and
// drtdump, and read back by readRtPlan.

#include "kerma/dicom/rtplan_export.h"

#include "export_test_support.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtimage_export.h"
#include "kerma/dicom/rtplan_import.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/beams/beam_templates.h"
#include "kerma/beams/beams_eye_view.h"
#include "kerma/beams/mlc_conformation.h"
#include "kerma/beams/source_skin_distance.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace kerma::dicom {
namespace {

using testing::TempFolder;

// Decimal Strings keep 10 significant digits (export_modules.cpp): positions of a few hundred mm
// come back within 1e-6 mm, metersets of a few hundred MU within 1e-6 MU.
constexpr double STORED_PRECISION = 1e-6;
constexpr double DRR_SID_MM = 1500;
constexpr int DRR_SIZE_PX = 96;

// A dose on the CT grid, 2 Gy per fraction × 5 at the isocentre falling off with distance: any
// distribution will do for the references; its values are checked by the RT Dose tests.
eval::DoseDistribution syntheticDose(const core::CtImage& ct, const core::Point3<core::Patient>& isoMm, double scale) {
  eval::DoseDistribution dose;
  dose.identity = ct.identity;
  const core::VolumeGeometry coarse({40, 30, 20}, {-150, -150, -100}, {7.5, 7.5, 8});
  dose.doseGy = core::Volume<float>(coarse);
  for (int k = 0; k < 20; ++k)
    for (int j = 0; j < 30; ++j)
      for (int i = 0; i < 40; ++i) {
        const auto p = coarse.patientPoint({i, j, k});
        const double r2 = (p - isoMm).dot(p - isoMm);
        dose.doseGy.at({i, j, k}) = float(scale * 10 * std::exp(-r2 / (2 * 60.0 * 60.0)));
      }
  return dose;
}

struct WrittenPlan {
  TempFolder folder{"kerma-rtplan-export"};
  phantom::DemoPatient patient = phantom::makeDemoPatient();
  dose::Machine machine = dose::loadMachine(KERMA_MACHINE_DIR);
  ExportedSeries ct;
  std::filesystem::path rtstruct;
  RtPlan plan;
  ExportedDose planDose;
  ExportedDose beamDose;
  ExportedPlan written;
  std::vector<ExportedRtImage> images;

  WrittenPlan() {
    ct = writeCtSeries(patient.ct, folder.path(), {InstanceUids::Reproducible, "PELVIS"});
    rtstruct = writeRtStruct(patient.structures, patient.ct, ct.sopInstanceUids, folder.path(),
                             {"DEMO", "KERMA^TEST", 900, InstanceUids::Reproducible});
    const auto& structures = patient.structures;
    const std::size_t target = structures.size() - 1;  // GTV_Met
    const auto isoMm = *structure::centroidMm(structures[target].mask);

    plan.identity = patient.ct.identity;
    plan.label = "BOX4";
    plan.name = "Pelvis box";
    plan.prescription = eval::parsePrescription("20Gy/5");
    plan.prescription.target = structures[target].name;
    plan.targetRoiNumber = int(target) + 1;
    plan.machine = planMachine(machine);
    plan.doseAlgorithm = "synthetic test dose";
    const double mu[] = {123.4, 98.76, 111.1, 87.65};
    int b = 0;
    for (dose::Beam& beam : beams::beamsFromTemplate(beams::BeamTemplate::Box4, isoMm)) {
      const auto field = beams::conformMlc(beams::projectStructure(structures[target], beam, machine.sadMm), machine, {});
      beam.jawsMm = field.jawsMm;
      beam.leaves = field.leaves;
      beam.collimatorAngleDeg = b == 1 ? 15 : 0;
      beam.ssdMm = beams::sourceSkinDistanceMm(beam, machine.sadMm, structures.front().mask).value();
      if (b == 2) {
        // Field-in-field: two subfields, each with the X2 leaves pulled halfway back.
        for (double share : {0.25, 0.125}) {
          dose::MlcLeaves leaves = *beam.leaves;
          for (std::size_t n = 0; n < leaves.x1Mm.size(); ++n) leaves.x2Mm[n] -= share * (leaves.x2Mm[n] - leaves.x1Mm[n]);
          beam.subfields.push_back({leaves, share});
        }
      }
      plan.beams.push_back({beam, mu[b], 1.0});
      ++b;
    }
    plan.setupBeams = beams::setupBeams(isoMm, core::PatientPosition::Hfs);
    plan.approval = {ApprovalStatus::Approved, "PHYSICIST^ANNA", "20260101", "101500"};
    plan.structureSetSopInstanceUid = readStructureSet(rtstruct).sopInstanceUid;

    // The plan's UID first, so that the doses reference the plan and the plan its doses.
    const std::string planUid = planSopInstanceUid(plan, InstanceUids::Reproducible);
    planDose = writeRtDose(syntheticDose(patient.ct, isoMm, 1), folder.path() / "RD.plan.dcm",
                           {InstanceUids::Reproducible, "Kerma dose", {planUid}});
    auto oneBeam = syntheticDose(patient.ct, isoMm, 0.25);
    oneBeam.summationType = "BEAM";
    beamDose = writeRtDose(oneBeam, folder.path() / "RD.beam1.dcm", {InstanceUids::Reproducible, "Kerma dose AP", {planUid}, 1});
    plan.doseSopInstanceUids = {planDose.sopInstanceUid, beamDose.sopInstanceUid};
    written = writeRtPlan(plan, folder.path(), {InstanceUids::Reproducible, planUid, 901, "KERMA^TEST"});
    beams::DrrOptions drr;
    drr.sizePx = DRR_SIZE_PX;
    drr.sidMm = DRR_SID_MM;
    images = writePlanRtImages(patient.ct, plan, planUid, folder.path(), drr, {InstanceUids::Reproducible});
  }
};

const WrittenPlan& written() {
  static const WrittenPlan plan;
  return plan;
}

std::string stringOf(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  item.findAndGetOFStringArray(tag, value);
  return value.c_str();
}

std::string quoted(const std::filesystem::path& file) { return "'" + file.string() + "'"; }

TEST(WriteRtPlan, HasNoDciodvfyErrorsOrWarnings) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  const std::string output = testing::commandOutput("dciodvfy " + quoted(written().written.file));
  EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << output;
  EXPECT_TRUE(testing::linesStartingWith(output, "Warning").empty()) << output;
}

TEST(WriteRtPlan, DosesReferencingThePlanHaveNoDciodvfyErrors) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  KERMA_REQUIRE_PROGRAM("dcmodify");
  for (const auto& dose : {written().planDose, written().beamDose}) {
    const auto errors = testing::dciodvfyErrorsWithoutPixelData(dose.file);
    EXPECT_TRUE(errors.empty()) << dose.file << ": " << errors.front();
  }
}

TEST(WriteRtPlan, RtImagesHaveNoDciodvfyErrors) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  ASSERT_EQ(written().images.size(), 6u);  // four treatment beams, two setup beams
  for (const auto& image : written().images) {
    const std::string output = testing::commandOutput("dciodvfy " + quoted(image.file));
    EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << image.file << "\n" << output;
  }
}

TEST(WriteRtPlan, WholeExportHasConsistentEntities) {
  KERMA_REQUIRE_PROGRAM("dcentvfy");
  std::string files;
  for (const auto& f : written().ct.files) files += " " + quoted(f);
  files += " " + quoted(written().rtstruct) + " " + quoted(written().written.file);
  files += " " + quoted(written().planDose.file) + " " + quoted(written().beamDose.file);
  for (const auto& image : written().images) files += " " + quoted(image.file);
  const std::string output = testing::commandOutput("dcentvfy" + files);
  EXPECT_TRUE(testing::linesStartingWith(output, "Error").empty()) << output;
  EXPECT_TRUE(testing::linesStartingWith(output, "Warning").empty()) << output;
}

TEST(WriteRtPlan, DrtdumpListsThePlanWithoutWarnings) {
  KERMA_REQUIRE_PROGRAM("drtdump");
  const std::string output = testing::commandOutput("drtdump " + quoted(written().written.file));
  EXPECT_EQ(output.find("W: "), std::string::npos) << output;
  EXPECT_EQ(output.find("E: "), std::string::npos) << output;
  EXPECT_NE(output.find("RT Plan object"), std::string::npos) << output;
  EXPECT_NE(output.find("Plan BOX4"), std::string::npos) << output;
}

// PS3.3 C.8.8.14.5: each segment two control points, the meterset rising within a segment and not
// between, and the leaves (which change) at every control point.
TEST(WriteRtPlan, StepAndShootBeamHasTwoControlPointsPerSegment) {
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(written().written.file.c_str()).good());
  DcmItem* beam = nullptr;
  ASSERT_TRUE(file.getDataset()->findAndGetSequenceItem(DCM_BeamSequence, beam, 2).good());
  EXPECT_EQ(stringOf(*beam, DCM_BeamType), "DYNAMIC");
  EXPECT_EQ(stringOf(*beam, DCM_NumberOfControlPoints), "6");
  // Open field 1 - 0.25 - 0.125 of the meterset, then the two subfields.
  const double cumulative[] = {0, 0.625, 0.625, 0.875, 0.875, 1};
  const dose::Beam& planned = written().plan.beams[2].beam;
  const dose::MlcLeaves* leaves[] = {&*planned.leaves, &*planned.leaves, &planned.subfields[0].leaves,
                                     &planned.subfields[0].leaves, &planned.subfields[1].leaves,
                                     &planned.subfields[1].leaves};
  for (int c = 0; c < 6; ++c) {
    SCOPED_TRACE(c);
    DcmItem* point = nullptr;
    ASSERT_TRUE(beam->findAndGetSequenceItem(DCM_ControlPointSequence, point, c).good());
    EXPECT_EQ(stringOf(*point, DCM_ControlPointIndex), std::to_string(c));
    EXPECT_NEAR(std::stod(stringOf(*point, DCM_CumulativeMetersetWeight)), cumulative[c], 1e-9);
    DcmItem* mlc = nullptr;
    // Control point 0 states the jaws first; the later ones only the leaves.
    ASSERT_TRUE(point->findAndGetSequenceItem(DCM_BeamLimitingDevicePositionSequence, mlc, c == 0 ? 2 : 0).good());
    EXPECT_EQ(stringOf(*mlc, DCM_RTBeamLimitingDeviceType), "MLCX");
    Float64 x2 = 0;
    ASSERT_TRUE(mlc->findAndGetFloat64(DCM_LeafJawPositions, x2, 60 + 30).good());
    EXPECT_NEAR(x2, leaves[c]->x2Mm[30], 1e-6);
  }
}

TEST(WriteRtPlan, RecordsMachinePrescriptionFractionsAndApproval) {
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(written().written.file.c_str()).good());
  DcmDataset& ds = *file.getDataset();
  EXPECT_EQ(stringOf(ds, DCM_RTPlanGeometry), "PATIENT");
  EXPECT_EQ(stringOf(ds, DCM_ApprovalStatus), "APPROVED");
  EXPECT_EQ(stringOf(ds, DCM_ReviewerName), "PHYSICIST^ANNA");
  EXPECT_NE(stringOf(ds, DCM_RTPlanDescription).find("sha256: " + written().machine.checksum), std::string::npos);
  DcmItem* reference = nullptr;
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_DoseReferenceSequence, reference, 0).good());
  EXPECT_EQ(stringOf(*reference, DCM_DoseReferenceStructureType), "VOLUME");
  EXPECT_EQ(stringOf(*reference, DCM_ReferencedROINumber), "6");
  EXPECT_EQ(stringOf(*reference, DCM_TargetPrescriptionDose), "20");
  DcmItem* group = nullptr;
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_FractionGroupSequence, group, 0).good());
  EXPECT_EQ(stringOf(*group, DCM_NumberOfFractionsPlanned), "5");
  EXPECT_EQ(stringOf(*group, DCM_FractionPattern), "1111100");
  EXPECT_EQ(stringOf(*group, DCM_NumberOfBeams), "4");
  DcmItem* beam = nullptr;
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_BeamSequence, beam, 0).good());
  EXPECT_EQ(stringOf(*beam, DCM_TreatmentMachineName), "Generic 6 MV");
  DcmItem* mlc = nullptr;
  ASSERT_TRUE(beam->findAndGetSequenceItem(DCM_BeamLimitingDeviceSequence, mlc, 2).good());
  EXPECT_EQ(stringOf(*mlc, DCM_RTBeamLimitingDeviceType), "MLCX");
  EXPECT_EQ(stringOf(*mlc, DCM_NumberOfLeafJawPairs), "60");
  const auto boundaries = written().machine.mlc.leafBoundariesMm;
  ASSERT_EQ(boundaries.size(), 61u);
  Float64 last = 0;
  ASSERT_TRUE(mlc->findAndGetFloat64(DCM_LeafPositionBoundaries, last, 60).good());
  EXPECT_EQ(last, boundaries.back());
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_BeamSequence, beam, 5).good());
  EXPECT_EQ(stringOf(*beam, DCM_TreatmentDeliveryType), "SETUP");
}

TEST(WriteRtPlan, RoundTripKeepsEveryBeamParameterAndMeterset) {
  const RtPlanFile read = readRtPlan(written().written.file);
  const RtPlan& expected = written().plan;
  EXPECT_TRUE(read.notes.empty()) << read.notes.front();
  EXPECT_EQ(read.sopInstanceUid, written().written.sopInstanceUid);
  EXPECT_EQ(read.plan.label, "BOX4");
  EXPECT_EQ(read.plan.name, "Pelvis box");
  EXPECT_EQ(read.plan.machine.name, expected.machine.name);
  EXPECT_EQ(read.plan.machine.version, expected.machine.version);
  EXPECT_EQ(read.plan.machine.checksum, expected.machine.checksum);
  EXPECT_EQ(read.plan.machine.leafBoundariesMm, expected.machine.leafBoundariesMm);
  EXPECT_EQ(read.plan.machine.sadMm, expected.machine.sadMm);
  EXPECT_EQ(read.plan.doseAlgorithm, expected.doseAlgorithm);
  EXPECT_EQ(read.plan.prescription.totalDoseGy, 20);
  EXPECT_EQ(read.plan.prescription.fractions, 5);
  EXPECT_EQ(read.plan.prescription.fractionsPerWeek, 5);
  EXPECT_EQ(read.plan.prescription.target, "GTV_Met");
  EXPECT_EQ(read.plan.targetRoiNumber, 6);
  EXPECT_EQ(read.plan.approval.status, ApprovalStatus::Approved);
  EXPECT_EQ(read.plan.approval.reviewerName, "PHYSICIST^ANNA");
  EXPECT_EQ(read.plan.structureSetSopInstanceUid, expected.structureSetSopInstanceUid);
  EXPECT_EQ(read.plan.doseSopInstanceUids, expected.doseSopInstanceUids);
  EXPECT_EQ(read.plan.identity.frameOfReferenceUid, expected.identity.frameOfReferenceUid);

  ASSERT_EQ(read.plan.beams.size(), expected.beams.size());
  for (std::size_t b = 0; b < expected.beams.size(); ++b) {
    const dose::Beam& e = expected.beams[b].beam;
    const dose::Beam& r = read.plan.beams[b].beam;
    SCOPED_TRACE(e.name);
    EXPECT_EQ(r.name, e.name);
    EXPECT_NEAR(read.plan.beams[b].monitorUnits, expected.beams[b].monitorUnits, STORED_PRECISION);
    EXPECT_NEAR(read.plan.beams[b].beamDoseGy, expected.beams[b].beamDoseGy, STORED_PRECISION);
    EXPECT_NEAR(r.gantryAngleDeg, e.gantryAngleDeg, STORED_PRECISION);
    EXPECT_NEAR(r.collimatorAngleDeg, e.collimatorAngleDeg, STORED_PRECISION);
    EXPECT_NEAR(r.couchAngleDeg, e.couchAngleDeg, STORED_PRECISION);
    EXPECT_EQ(r.patientPosition, e.patientPosition);
    EXPECT_NEAR((r.isocenterMm - e.isocenterMm).length(), 0, STORED_PRECISION);
    EXPECT_NEAR(r.ssdMm, e.ssdMm, STORED_PRECISION);
    EXPECT_EQ(r.energy, "6X");
    EXPECT_NEAR(r.jawsMm.x1, e.jawsMm.x1, STORED_PRECISION);
    EXPECT_NEAR(r.jawsMm.x2, e.jawsMm.x2, STORED_PRECISION);
    EXPECT_NEAR(r.jawsMm.y1, e.jawsMm.y1, STORED_PRECISION);
    EXPECT_NEAR(r.jawsMm.y2, e.jawsMm.y2, STORED_PRECISION);
    ASSERT_TRUE(r.leaves.has_value());
    ASSERT_EQ(r.leaves->x1Mm.size(), e.leaves->x1Mm.size());
    for (std::size_t n = 0; n < e.leaves->x1Mm.size(); ++n) {
      EXPECT_NEAR(r.leaves->x1Mm[n], e.leaves->x1Mm[n], STORED_PRECISION);
      EXPECT_NEAR(r.leaves->x2Mm[n], e.leaves->x2Mm[n], STORED_PRECISION);
    }
    // Step-and-shoot segments come back as the subfields they were written from.
    ASSERT_EQ(r.subfields.size(), e.subfields.size());
    for (std::size_t s = 0; s < e.subfields.size(); ++s) {
      EXPECT_NEAR(r.subfields[s].metersetShare, e.subfields[s].metersetShare, STORED_PRECISION);
      for (std::size_t n = 0; n < e.leaves->x1Mm.size(); ++n) {
        EXPECT_NEAR(r.subfields[s].leaves.x1Mm[n], e.subfields[s].leaves.x1Mm[n], STORED_PRECISION);
        EXPECT_NEAR(r.subfields[s].leaves.x2Mm[n], e.subfields[s].leaves.x2Mm[n], STORED_PRECISION);
      }
    }
  }
  EXPECT_EQ(written().plan.beams[2].beam.subfields.size(), 2u);
  ASSERT_EQ(read.plan.setupBeams.size(), 2u);
  EXPECT_EQ(read.plan.setupBeams[1].name, "SETUP LLAT");
  EXPECT_EQ(read.plan.setupBeams[1].gantryAngleDeg, 90);
  EXPECT_EQ(read.plan.setupBeams[1].jawsMm, expected.setupBeams[1].jawsMm);
}

TEST(WriteRtPlan, RtImageGeometryReferencesAndFieldOverlay) {
  const auto& beam = written().plan.beams[1].beam;  // LLAT, collimator 15°
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(written().images[1].file.c_str()).good());
  DcmDataset& ds = *file.getDataset();
  EXPECT_EQ(stringOf(ds, DCM_RTImagePlane), "NORMAL");
  EXPECT_EQ(stringOf(ds, DCM_RTImageSID), "1500");
  EXPECT_EQ(stringOf(ds, DCM_XRayImageReceptorTranslation), "0\\0\\-500");
  EXPECT_EQ(stringOf(ds, DCM_ReferencedBeamNumber), "2");
  EXPECT_EQ(stringOf(ds, DCM_BeamLimitingDeviceAngle), "15");
  DcmItem* planReference = nullptr;
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ReferencedRTPlanSequence, planReference, 0).good());
  EXPECT_EQ(stringOf(*planReference, DCM_ReferencedSOPInstanceUID), written().written.sopInstanceUid);
  // Pixel pitch at the imager: the 400 mm field over 96 pixels, magnified by SID / SAD.
  Float64 spacing = 0;
  ASSERT_TRUE(ds.findAndGetFloat64(DCM_ImagePlanePixelSpacing, spacing, 0).good());
  EXPECT_NEAR(spacing, 400.0 / DRR_SIZE_PX * DRR_SID_MM / 1000, 1e-6);

  // The outline drawn at 65535 is exactly the set of in-field pixels with a neighbour outside the
  // field; the radiograph itself stays at or below 60000.
  const Uint16* pixels = nullptr;
  unsigned long count = 0;
  ASSERT_TRUE(ds.findAndGetUint16Array(DCM_PixelData, pixels, &count).good());
  ASSERT_EQ(count, unsigned(DRR_SIZE_PX * DRR_SIZE_PX));
  beams::DrrImage geometry;
  geometry.widthPx = geometry.heightPx = DRR_SIZE_PX;
  geometry.pixelSpacingAtIsocenterMm = 400.0 / DRR_SIZE_PX;
  const auto& boundaries = written().machine.mlc.leafBoundariesMm;
  const auto in = [&](int column, int row) {
    return beams::insideField(beam, boundaries, geometry.isocenterPlanePointMm(column, row));
  };
  int outline = 0, brightest = 0;
  for (int row = 0; row < DRR_SIZE_PX; ++row)
    for (int column = 0; column < DRR_SIZE_PX; ++column) {
      const Uint16 value = pixels[std::size_t(row) * DRR_SIZE_PX + column];
      const bool edge = in(column, row) && !(in(column - 1, row) && in(column + 1, row) && in(column, row - 1) &&
                                             in(column, row + 1));
      outline += edge;
      EXPECT_EQ(value == 65535, edge) << "pixel " << column << ", " << row;
      if (!edge) brightest = std::max<int>(brightest, value);
    }
  EXPECT_GT(outline, 20);  // a field of about 4 cm on 4.2 mm pixels
  EXPECT_EQ(brightest, 60000);
}

TEST(WriteRtPlan, RefusesPlansItCannotWriteFaithfully) {
  const TempFolder folder("kerma-rtplan-bad");
  RtPlan plan = written().plan;
  plan.beams[2].monitorUnits = 0;
  EXPECT_THROW(writeRtPlan(plan, folder.path()), Error);
  plan = written().plan;
  plan.beams[0].beam.leaves->x1Mm.pop_back();
  EXPECT_THROW(writeRtPlan(plan, folder.path()), Error);
  plan = written().plan;
  plan.machine.name = "A machine name of 28 letters";
  EXPECT_THROW(writeRtPlan(plan, folder.path()), Error);
  plan = written().plan;
  plan.approval.reviewerName.clear();
  try {
    writeRtPlan(plan, folder.path());
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("APPROVED plan has no reviewer"), std::string::npos) << e.what();
  }
  plan = written().plan;
  plan.beams[3].beam.energy = "6FFF";
  EXPECT_THROW(writeRtPlan(plan, folder.path()), Error);
}

}  // namespace
}  // namespace kerma::dicom
