// RT Plan import of plans written by other systems (the shared pydicom and dicompyler samples).

#include "kerma/dicom/rtplan_import.h"

#include "shared_data.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kerma::dicom {
namespace {

using testing::sharedPath;

bool anyNoteContains(const std::vector<std::string>& notes, const std::string& text) {
  return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

TEST(ReadRtPlan, PydicomStaticPlanReadsIntoOneKermaBeam) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom/rtplan.dcm");
  const RtPlanFile read = readRtPlan(sharedPath("data/rt-samples/pydicom/rtplan.dcm"));
  EXPECT_TRUE(read.notes.empty()) << read.notes.front();
  EXPECT_EQ(read.plan.label, "Plan1");
  EXPECT_EQ(read.plan.machine.name, "unit001");
  EXPECT_EQ(read.plan.machine.sadMm, 1000);
  EXPECT_EQ(read.plan.prescription.fractions, 30);
  EXPECT_EQ(read.plan.prescription.target, "PTV");
  EXPECT_DOUBLE_EQ(read.plan.prescription.totalDoseGy, 30.826203);
  EXPECT_EQ(read.plan.approval.status, ApprovalStatus::Unapproved);
  EXPECT_EQ(read.plan.structureSetSopInstanceUid, "1.2.333.444.55.6.7777.88888");
  ASSERT_EQ(read.plan.beams.size(), 1u);
  const PlanBeam& beam = read.plan.beams[0];
  EXPECT_EQ(beam.beam.name, "Field 1");
  EXPECT_DOUBLE_EQ(beam.monitorUnits, 116.0036697);
  EXPECT_DOUBLE_EQ(beam.beamDoseGy, 1.0275401);
  EXPECT_EQ(beam.beam.energy, "6X");
  EXPECT_EQ(beam.beam.gantryAngleDeg, 0);
  EXPECT_EQ(beam.beam.patientPosition, core::PatientPosition::Hfs);
  // Symmetric X and Y jaws of 20 cm, no MLC.
  EXPECT_EQ(beam.beam.jawsMm, (dose::JawsMm{-100, 100, -100, 100}));
  EXPECT_FALSE(beam.beam.leaves.has_value());
  EXPECT_DOUBLE_EQ(beam.beam.isocenterMm.x, 235.711172833292);
  EXPECT_DOUBLE_EQ(beam.beam.isocenterMm.z, -724.97815409918);
  EXPECT_DOUBLE_EQ(beam.beam.ssdMm, 898.429664831309);
}

TEST(ReadRtPlan, DicompylerDynamicBreastPlanIsReadWithNotesNamingEachDynamicBeam) {
  KERMA_REQUIRE_SHARED("data/rt-samples/dicompyler-breast/rtplan.dcm");
  const RtPlanFile read = readRtPlan(sharedPath("data/rt-samples/dicompyler-breast/rtplan.dcm"));
  EXPECT_EQ(read.plan.machine.name, "txmachine");
  EXPECT_EQ(read.plan.prescription.fractions, 7);
  EXPECT_EQ(read.plan.machine.leafBoundariesMm.size(), 61u);
  ASSERT_EQ(read.plan.beams.size(), 4u);
  const double mu[] = {97, 87, 89, 94};
  const char* energies[] = {"10X", "6X", "6X", "10X"};
  for (std::size_t b = 0; b < 4; ++b) {
    const dose::Beam& beam = read.plan.beams[b].beam;
    SCOPED_TRACE(beam.name);
    EXPECT_EQ(read.plan.beams[b].monitorUnits, mu[b]);
    EXPECT_EQ(beam.energy, energies[b]);
    ASSERT_TRUE(beam.leaves.has_value());
    EXPECT_EQ(beam.leaves->x1Mm.size(), 60u);
    // Every beam is a sliding window: named, with its control point count and what moves.
    EXPECT_TRUE(anyNoteContains(read.notes, "beam " + std::to_string(b + 1) + " '" + beam.name + "': DYNAMIC beam with"))
        << ::testing::PrintToString(read.notes);
  }
  EXPECT_EQ(read.plan.beams[0].beam.name, "3 RAO");
  EXPECT_EQ(read.plan.beams[0].beam.gantryAngleDeg, 327);
  EXPECT_EQ(read.plan.beams[0].beam.jawsMm, (dose::JawsMm{8.99999999999999, 70, -40, 40}));
  EXPECT_TRUE(anyNoteContains(read.notes, "'3 RAO': DYNAMIC beam with 92 control points whose MLCX change"))
      << ::testing::PrintToString(read.notes);
}

TEST(ReadRtPlan, TruncatedPlanIsRefusedNamingTheFile) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom/rtplan_truncated.dcm");
  try {
    readRtPlan(sharedPath("data/rt-samples/pydicom/rtplan_truncated.dcm"));
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_EQ(std::string(e.what()).rfind("rtplan_truncated.dcm: ", 0), 0u) << e.what();
  }
}

TEST(ReadRtPlan, OtherObjectsAreRefused) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom/rtdose.dcm");
  EXPECT_THROW(readRtPlan(sharedPath("data/rt-samples/pydicom/rtdose.dcm")), Error);
}

}  // namespace
}  // namespace kerma::dicom
