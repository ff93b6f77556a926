// The autosave's recovery record: what goes in comes back exactly, and damaged records are refused
// with a message naming the record.

#include "kerma/app/working_state.h"

#include "kerma/core/error.h"
#include "small_patient.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

WorkingState sampleState() {
  auto ct = testing::smallCt();
  WorkingState state;
  state.patientId = "P1";
  state.ctSeriesInstanceUid = "1.2.3";
  state.editCount = 7;
  state.savedAtUtc = "2026-11-27T21:40:03Z";
  state.structures.push_back(testing::cubeStructure(ct->hu.geometry()));
  // A mask that starts and ends inside, with isolated voxels: runs at both ends of the order.
  structure::Mask speckle(ct->hu.geometry(), 0);
  speckle.values().front() = 1;
  speckle.values().back() = 1;
  speckle.at({5, 7, 2}) = 1;
  state.structures.push_back({"Speckle", structure::RoiType::Ptv, {1, 2, 3}, speckle, {}});
  dose::Beam beam;
  beam.name = "AP";
  beam.gantryAngleDeg = 10.5;
  beam.collimatorAngleDeg = 90;
  beam.couchAngleDeg = 345;
  beam.patientPosition = core::PatientPosition::Ffp;
  beam.isocenterMm = {1.25, -2.5, 3.75};
  beam.jawsMm = {-40, 45, -30, 35.5};
  beam.leaves = dose::MlcLeaves{{-1, -2.5}, {3, 4.125}};
  beam.subfields = {{dose::MlcLeaves{{-1, 0.5}, {3, 1.0}}, 0.125}, {dose::MlcLeaves{{2, 0.5}, {3, 1.0}}, 0.0625}};
  beam.weight = 0.7;
  beam.ssdMm = 912.3;
  beam.energy = "6X";
  state.beams.beams = {beam, dose::Beam{}};
  state.beams.target = PlanTarget{"Speckle", {{5, 6, 7, 8}, beams::LeafMode::Middle, 2.5}};
  state.referencePoints = {{"Rectum wall", {0.5, 14.25, -34.3}}, {"Cord", {-1, 2, 3}}};
  return state;
}

TEST(WorkingState, ComesBackExactlyAsWritten) {
  const WorkingState state = sampleState();
  const auto grid = state.structures[0].mask.geometry();
  const WorkingState back = decodeWorkingState(encodeWorkingState(state), grid, "record");
  EXPECT_EQ(back.patientId, "P1");
  EXPECT_EQ(back.ctSeriesInstanceUid, "1.2.3");
  EXPECT_EQ(back.editCount, 7);
  EXPECT_EQ(back.savedAtUtc, "2026-11-27T21:40:03Z");
  ASSERT_EQ(back.structures.size(), 2u);
  for (std::size_t n = 0; n < 2; ++n) {
    EXPECT_EQ(back.structures[n].name, state.structures[n].name);
    EXPECT_EQ(back.structures[n].type, state.structures[n].type);
    EXPECT_EQ(back.structures[n].colour, state.structures[n].colour);
    EXPECT_TRUE(testing::sameMask(back.structures[n].mask, state.structures[n].mask)) << n;
  }
  EXPECT_EQ(testing::countSet(back.structures[1].mask), 3u);
  ASSERT_EQ(back.beams.beams.size(), 2u);
  const dose::Beam& a = state.beams.beams[0];
  const dose::Beam& b = back.beams.beams[0];
  EXPECT_EQ(b.name, a.name);
  EXPECT_EQ(b.gantryAngleDeg, a.gantryAngleDeg);
  EXPECT_EQ(b.collimatorAngleDeg, a.collimatorAngleDeg);
  EXPECT_EQ(b.couchAngleDeg, a.couchAngleDeg);
  EXPECT_EQ(b.patientPosition, a.patientPosition);
  EXPECT_EQ(b.isocenterMm.x, a.isocenterMm.x);
  EXPECT_EQ(b.isocenterMm.y, a.isocenterMm.y);
  EXPECT_EQ(b.isocenterMm.z, a.isocenterMm.z);
  EXPECT_EQ(b.jawsMm, a.jawsMm);
  EXPECT_EQ(b.leaves, a.leaves);
  EXPECT_EQ(b.subfields, a.subfields);
  EXPECT_EQ(b.weight, a.weight);
  EXPECT_EQ(b.ssdMm, a.ssdMm);
  EXPECT_EQ(b.energy, a.energy);
  EXPECT_FALSE(back.beams.beams[1].leaves);
  EXPECT_TRUE(back.beams.beams[1].subfields.empty());
  ASSERT_TRUE(back.beams.target);
  EXPECT_EQ(back.beams.target->structureName, "Speckle");
  EXPECT_EQ(back.beams.target->options.marginsMm.y2, 8);
  EXPECT_EQ(back.beams.target->options.leafMode, beams::LeafMode::Middle);
  EXPECT_EQ(back.beams.target->options.jawMarginMm, 2.5);
  ASSERT_EQ(back.referencePoints.size(), 2u);
  EXPECT_EQ(back.referencePoints[0].name, "Rectum wall");
  EXPECT_EQ(back.referencePoints[0].positionMm, state.referencePoints[0].positionMm);
  EXPECT_EQ(back.referencePoints[1].positionMm, state.referencePoints[1].positionMm);
}

// A record written before reference points existed has none: it reads as a plan without them.
TEST(WorkingState, ARecordWithoutReferencePointsReadsAsNone) {
  WorkingState state = sampleState();
  state.referencePoints.clear();
  const std::string record = encodeWorkingState(state);
  EXPECT_EQ(record.find("referencePoints"), std::string::npos);
  EXPECT_TRUE(decodeWorkingState(record, state.structures[0].mask.geometry(), "record").referencePoints.empty());
}

TEST(WorkingState, RefusesARecordForAnotherGridOrNotARecord) {
  const WorkingState state = sampleState();
  const std::string record = encodeWorkingState(state);
  const core::VolumeGeometry other({40, 40, 11}, {-20, -20, -15}, {1, 1, 3});
  for (const auto& [bytes, grid, expected] :
       {std::tuple{record, other, std::string("structure 'Cube'")},
        std::tuple{std::string("{\"format\": \"something else\"}"), state.structures[0].mask.geometry(),
                   std::string("not a Kerma recovery record")},
        std::tuple{record.substr(0, record.size() / 2), state.structures[0].mask.geometry(),
                   std::string("not a Kerma recovery record")}}) {
    try {
      decodeWorkingState(bytes, grid, "recovery/P1.kerma-recovery");
      ADD_FAILURE() << "expected kerma::Error for " << expected;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadInput);
      const std::string message = e.what();
      EXPECT_NE(message.find("recovery/P1.kerma-recovery"), std::string::npos) << message;
      EXPECT_NE(message.find(expected), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace kerma::app
