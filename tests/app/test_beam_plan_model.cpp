#include "kerma/app/beam_plan_model.h"

#include "small_patient.h"

#include "kerma/core/error.h"
#include "kerma/beams/beams_eye_view.h"

#include <gtest/gtest.h>

#include <vector>

namespace kerma::app {
namespace {

// The small patient's cube (voxel centres x, y in -10..-1 mm, z in -6..3 mm) with a BODY that
// fills the CT (its anterior surface at y = -20.5 mm). The cube's centroid, the isocentre, is
// (-5.5, -5.5, -1.5) mm.
StructureSetModel patientWithBody() {
  auto ct = testing::smallCt();
  std::vector<structure::Structure> structures;
  structures.push_back(testing::cubeStructure(ct->hu.geometry()));
  structures.push_back({"BODY", structure::RoiType::External, {0, 255, 0}, structure::Mask(ct->hu.geometry(), 1), {}});
  return StructureSetModel(ct, std::move(structures));
}

const dose::Machine& generic6mv() {
  static const dose::Machine machine = dose::loadMachine(KERMA_MACHINE_DIR);
  return machine;
}

// A sink that keeps a history, as the workspace's UndoHistory does.
struct History {
  std::vector<BeamEdit> edits;
  std::vector<BeamChange> changes;
  void attach(BeamPlanModel& model) {
    model.setEditSink([this, &model](BeamEdit edit) {
      model.apply(edit, EditDirection::Redo);
      edits.push_back(std::move(edit));
    });
    model.addListener([this](BeamChange change) { changes.push_back(change); });
  }
};

beams::ConformationOptions noMargin() {
  beams::ConformationOptions options;
  options.marginsMm = {0, 0, 0, 0};
  return options;
}

TEST(BeamPlanModel, Box4OnTheCubeIsConformedWithSsdAndIsOneUndoableEdit) {
  const StructureSetModel structures = patientWithBody();
  BeamPlanModel model(structures, generic6mv());
  History history;
  history.attach(model);
  model.createFromTemplate(beams::BeamTemplate::Box4, 0, noMargin());
  ASSERT_EQ(model.count(), 4);
  ASSERT_EQ(history.edits.size(), 1u);
  EXPECT_EQ(history.edits[0].description, "4-field box on Cube");
  EXPECT_EQ(model.selectedIndex(), 0);
  EXPECT_EQ(model.target()->structureName, "Cube");
  const dose::Beam& ap = model.beam(0);
  EXPECT_EQ(ap.name, "AP");
  EXPECT_EQ(ap.energy, "6X");
  EXPECT_DOUBLE_EQ(ap.isocenterMm.x, -5.5);
  EXPECT_DOUBLE_EQ(ap.isocenterMm.y, -5.5);
  EXPECT_DOUBLE_EQ(ap.isocenterMm.z, -1.5);
  // The source is 1000 mm anterior of the isocentre, the BODY's surface 15 mm anterior of it.
  EXPECT_NEAR(ap.ssdMm, 985, 1e-9);
  // The MLC is conformMlc of the target's beam's-eye view.
  const auto reference = beams::conformMlc(
      beams::projectStructure(structureWithContours(structures, 0), ap, generic6mv().sadMm), generic6mv(), noMargin());
  EXPECT_EQ(*ap.leaves, reference.leaves);
  EXPECT_EQ(ap.jawsMm, reference.jawsMm);
  // The cube's near face (5 mm in front of the isocentre) casts the widest shadow: half-width
  // 5 mm x 1000/995 in X, 6 mm x 1000/995 in Y, so pairs 29..32 (Yb -10..10 mm) open.
  const double halfWidth = 5 * 1000.0 / 995;
  for (int n = 28; n < 32; ++n) {
    EXPECT_NEAR(ap.leaves->x1Mm[std::size_t(n)], -halfWidth, beams::BEV_RASTER_SPACING_MM) << "pair " << n;
    EXPECT_NEAR(ap.leaves->x2Mm[std::size_t(n)], halfWidth, beams::BEV_RASTER_SPACING_MM) << "pair " << n;
  }
  EXPECT_NEAR(ap.jawsMm.y2, 6 * 1000.0 / 995, beams::BEV_RASTER_SPACING_MM);

  model.apply(history.edits[0], EditDirection::Undo);
  EXPECT_EQ(model.count(), 0);
  EXPECT_FALSE(model.target());
}

TEST(BeamPlanModel, AnglesReconformAndImpossibleAnglesAreRefusedWithoutAnEdit) {
  const StructureSetModel structures = patientWithBody();
  BeamPlanModel model(structures, generic6mv());
  History history;
  history.attach(model);
  model.createFromTemplate(beams::BeamTemplate::Ap, 0, noMargin());
  const dose::Beam before = model.beam(0);
  model.setAngles(0, 30, 0, 0);
  ASSERT_EQ(history.edits.size(), 2u);
  const dose::Beam& turned = model.beam(0);
  EXPECT_DOUBLE_EQ(turned.gantryAngleDeg, 30);
  const auto reference = beams::conformMlc(
      beams::projectStructure(structureWithContours(structures, 0), turned, generic6mv().sadMm), generic6mv(),
      noMargin());
  EXPECT_EQ(*turned.leaves, reference.leaves);
  EXPECT_NE(*turned.leaves, *before.leaves);
  model.apply(history.edits[1], EditDirection::Undo);
  EXPECT_EQ(model.beam(0).leaves, before.leaves);
  EXPECT_DOUBLE_EQ(model.beam(0).gantryAngleDeg, 0);

  try {
    model.setAngles(0, 0, 180, 0);
    ADD_FAILURE() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "beam AP: collimator angle 180.0 deg; expected within -175.0..175.0 deg");
  }
  EXPECT_EQ(history.edits.size(), 2u);
  EXPECT_DOUBLE_EQ(model.beam(0).collimatorAngleDeg, 0);
}

TEST(BeamPlanModel, TheIsocentreMovesForEveryBeamAsOneEditAndReconforms) {
  const StructureSetModel structures = patientWithBody();
  BeamPlanModel model(structures, generic6mv());
  History history;
  history.attach(model);
  EXPECT_FALSE(model.isocentre());
  EXPECT_THROW(model.setIsocentre({0, 0, 0}), Error);
  model.createFromTemplate(beams::BeamTemplate::Box4, 0, noMargin());
  const dose::Beam before = model.beam(1);
  const core::Point3<core::Patient> moved{-5.5, -2.5, -1.5};
  model.setIsocentre(moved);
  ASSERT_EQ(history.edits.size(), 2u);
  EXPECT_EQ(model.isocentre(), moved);
  for (const dose::Beam& beam : model.beams()) EXPECT_EQ(beam.isocenterMm, moved) << beam.name;
  // The lateral beam sees the cube 3 mm off its axis now: its field follows.
  const auto reference = beams::conformMlc(
      beams::projectStructure(structureWithContours(structures, 0), model.beam(1), generic6mv().sadMm), generic6mv(),
      noMargin());
  EXPECT_EQ(*model.beam(1).leaves, reference.leaves);
  EXPECT_NE(*model.beam(1).leaves, *before.leaves);
  model.apply(history.edits[1], EditDirection::Undo);
  EXPECT_EQ(model.beam(1).isocenterMm, before.isocenterMm);
}

TEST(BeamPlanModel, MonitorUnitsAreSetPerBeamAndClearedByAnyBeamEdit) {
  const StructureSetModel structures = patientWithBody();
  BeamPlanModel model(structures, generic6mv());
  History history;
  history.attach(model);
  model.createFromTemplate(beams::BeamTemplate::ApPa, 0, noMargin());
  EXPECT_FALSE(model.monitorUnits(1));
  history.changes.clear();
  model.setMonitorUnits(1, 123.4);
  EXPECT_EQ(model.monitorUnits(1), 123.4);
  EXPECT_EQ(history.changes, std::vector<BeamChange>{BeamChange::MonitorUnits});
  const auto revision = model.revision();
  model.setWeight(1, 0.5);
  EXPECT_GT(model.revision(), revision);
  EXPECT_DOUBLE_EQ(model.beam(1).weight, 0.5);
  EXPECT_FALSE(model.monitorUnits(1));
  EXPECT_EQ(history.changes.back(), BeamChange::Beams);
  EXPECT_THROW(model.setWeight(1, -1), Error);
  EXPECT_THROW(model.setEnergy(1, "18X"), Error);
  model.removeBeam(0);
  EXPECT_EQ(model.count(), 1);
  EXPECT_EQ(model.beam(0).name, "PA");
  model.apply(history.edits.back(), EditDirection::Undo);
  EXPECT_EQ(model.count(), 2);
}

TEST(BeamPlanModel, LeafAndJawDragsAreClampedToTheMachineAndUndoAsOneEdit) {
  const StructureSetModel structures = patientWithBody();
  BeamPlanModel model(structures, generic6mv());
  History history;
  history.attach(model);
  model.createFromTemplate(beams::BeamTemplate::Ap, 0, noMargin());
  const dose::Beam before = model.beam(0);
  model.beginFieldDrag(0);
  EXPECT_DOUBLE_EQ(model.dragLeaf(30, beams::LeafBank::X2, 40), 40);
  // The X1 tip stops the minimum gap (0.5 mm) short of its X2 tip.
  EXPECT_DOUBLE_EQ(model.dragLeaf(30, beams::LeafBank::X1, 100), 39.5);
  EXPECT_DOUBLE_EQ(model.beam(0).leaves->x1Mm[30], 39.5);
  EXPECT_EQ(history.edits.size(), 1u);  // nothing committed while dragging
  model.endFieldDrag();
  ASSERT_EQ(history.edits.size(), 2u);
  EXPECT_EQ(history.edits[1].description, "Move leaf X1 31 of AP");
  EXPECT_DOUBLE_EQ(model.beam(0).leaves->x2Mm[30], 40);
  model.apply(history.edits[1], EditDirection::Undo);
  EXPECT_EQ(model.beam(0).leaves, before.leaves);

  model.beginFieldDrag(0);
  // X1 stops 1 mm short of X2; with X2 out of the way, at its travel's end 20 mm over the axis.
  EXPECT_DOUBLE_EQ(model.dragJaw(beams::Jaw::X1, 50), model.beam(0).jawsMm.x2 - 1);
  EXPECT_DOUBLE_EQ(model.dragJaw(beams::Jaw::X2, 60), 60);
  EXPECT_DOUBLE_EQ(model.dragJaw(beams::Jaw::X1, 50), 20);
  model.endFieldDrag();
  EXPECT_EQ(history.edits.back().description, "Move jaw X1 of AP");
  EXPECT_DOUBLE_EQ(model.beam(0).jawsMm.x1, 20);
  // A drag that ends where it began is no edit.
  const auto edits = history.edits.size();
  model.beginFieldDrag(0);
  model.endFieldDrag();
  EXPECT_EQ(history.edits.size(), edits);
}

TEST(BeamPlanModel, DefaultTargetPrefersAPtv) {
  StructureSetModel structures = patientWithBody();
  EXPECT_EQ(defaultPlanTarget(structures), 0);
  structures.addStructure({"PTV", structure::RoiType::Ptv, {255, 0, 0}}, nullptr, "Add PTV");
  EXPECT_EQ(defaultPlanTarget(structures), 2);
}

}  // namespace
}  // namespace kerma::app
