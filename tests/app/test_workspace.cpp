// The workspace headless, without Qt: the demo patient and a small water phantom as two studies,
// three plans (two on the first study, one on the second), structure and beam edits in one undo
// history, doses computed, a weight change re-summed, a plan approved, a contour edited after
// approval, and the approved revision exported exactly as approved.

#include "kerma/app/workspace.h"

#include "small_ct.h"

#include "kerma/app/margin_model.h"
#include "kerma/app/patient_files.h"
#include "kerma/core/error.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtplan_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/plan/plan.h"
#include "kerma/planexport/plan_export.h"
#include "kerma/structure/margin.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

constexpr double GRID_MM = 5;

OpenedPatient waterPhantom() {
  OpenedPatient patient;
  patient.ct = kerma::testing::smallCt();
  patient.structures.push_back(kerma::testing::cubeStructure(patient.ct->hu.geometry()));
  patient.structures.push_back(
      {"BODY", structure::RoiType::External, {0, 200, 0}, structure::Mask(patient.ct->hu.geometry(), 1), {}});
  patient.source = "water phantom";
  return patient;
}

beams::ConformationOptions margin(double mm) {
  beams::ConformationOptions options;
  options.marginsMm = {mm, mm, mm, mm};
  return options;
}

void compute(Workspace& workspace, int plan, const std::string& target) {
  PlanDoseRequest request;
  request.target = target;
  request.gridMm = GRID_MM;
  const PlanComputation computation = workspace.prepareComputation(plan, request);
  auto computed = computation.run();
  ASSERT_TRUE(computed);
  ASSERT_TRUE(workspace.setComputedPlan(plan, std::move(*computed), computation.basis));
}

double volumeOf(const std::vector<structure::Structure>& structures, const std::string& name) {
  for (const auto& s : structures)
    if (s.name == name) return structure::volumeCc(s.mask);
  ADD_FAILURE() << "no structure " << name;
  return 0;
}

TEST(Workspace, TwoStudiesThreePlansEditedUndoneApprovedAndExportedAsApproved) {
  auto workspace = Workspace::withDefaultMachine();
  Workspace& w = *workspace;
  const int demo = w.addStudy(openPatient(std::nullopt));
  const int water = w.addStudy(waterPhantom());
  const int box = w.addPlan(demo, "BOX4"), pair = w.addPlan(demo, "APPA"), single = w.addPlan(water, "AP");
  ASSERT_EQ(w.studyCount(), 2);
  ASSERT_EQ(w.planCount(), 3);
  StructureSetModel& structures = *w.study(demo).structures;
  const int gtv = *structures.indexOf("GTV_Met");

  // Edits of both studies and all plans go into one history.
  MarginSettings ptv;
  ptv.sourceIndex = gtv;
  ptv.margin = structure::MarginMm::isotropic(5);
  ptv.newName = "PTV";
  applyMargin(structures, ptv);
  w.plan(box).beams->createFromTemplate(beams::BeamTemplate::Box4, *structures.indexOf("PTV"), margin(5));
  w.plan(pair).beams->createFromTemplate(beams::BeamTemplate::ApPa, gtv, margin(7));
  w.plan(single).beams->createFromTemplate(beams::BeamTemplate::Ap, 0, margin(5));
  EXPECT_EQ(w.history().count(), 4);
  EXPECT_EQ(w.history().undoDescription(), "AP on Cube") << "the last edit, of the second study's plan";
  w.history().undo();
  EXPECT_EQ(w.plan(single).beams->count(), 0);
  EXPECT_EQ(w.plan(box).beams->count(), 4) << "undo reaches only the last edit";
  w.history().redo();
  EXPECT_EQ(w.plan(single).beams->count(), 1);

  // Doses: each plan on its own study; the PTV box normalised on the GTV is not stale.
  compute(w, box, "GTV_Met");
  compute(w, pair, "GTV_Met");
  compute(w, single, "Cube");
  for (const int plan : {box, pair, single}) EXPECT_TRUE(w.blockers(plan).empty()) << plan;
  EXPECT_TRUE(w.plan(box).beams->monitorUnits(0).has_value());

  // A weight change re-sums the dose without the engine; the dose stays current.
  w.plan(pair).beams->setWeight(1, 2);
  const PlanUpdate resummed = w.planEdited(pair);
  EXPECT_TRUE(resummed.resummed);
  EXPECT_TRUE(w.blockers(pair).empty());
  EXPECT_EQ(w.plan(pair).record.plan()->beams[1].weight, 2);

  // Approved, then the GTV edited: revision 2 begins, the approved revision keeps its GTV.
  w.approve(box, {"Anna Physicist", "20261207", "101500"});
  const double approvedGtvCc = structure::volumeCc(structures.structure(gtv).mask);
  structures.replaceMask(gtv, structure::expand(structures.structure(gtv).mask, structure::MarginMm::isotropic(3)),
                         "Grow GTV_Met");
  const PlanUpdate edited = w.planEdited(box);
  EXPECT_TRUE(edited.newRevision);
  EXPECT_EQ(w.plan(box).record.revision(), 2);
  EXPECT_FALSE(w.blockers(box).empty()) << "the dose is stale for revision 2";
  const auto staleness = w.doseStaleness(box);
  ASSERT_TRUE(staleness);
  EXPECT_NE(staleness->find("changed since Compute dose"), std::string::npos) << *staleness;
  EXPECT_FALSE(w.doseStaleness(single)) << "the other study's plan is not touched";
  EXPECT_THROW(w.snapshot(box, PlanRevision::Current), Error);
  const plan::PlanSnapshot approved = w.snapshot(box, PlanRevision::LastApproved);
  EXPECT_EQ(approved.revision, 1);
  EXPECT_DOUBLE_EQ(volumeOf(approved.structures, "GTV_Met"), approvedGtvCc);
  EXPECT_GT(structure::volumeCc(structures.structure(gtv).mask), approvedGtvCc * 1.5);

  // Exported (no report: nothing of Qt) as approved: the RT Structure Set holds the approved GTV.
  const fs::path folder = fs::temp_directory_path() / ("kerma-workspace-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  const Study& study = w.study(demo);
  planexport::ExportOptions options;
  options.writeStructureSet = [&](const fs::path& into) {
    return saveStructureSet(*study.ct, approved.structures, std::vector<bool>(approved.structures.size(), false),
                            study.ctSopInstanceUids, into)
        .rtStructFile;
  };
  // With a prior course summed (an EQD2 made up here: the export writes what it is given): one
  // registration stored already, one accepted in the workstation and never saved.
  eval::DoseDistribution eqd2 = plan::doseDistribution(approved.plan, study.ct->identity);
  eqd2.type = eval::DoseType::Effective;
  eqd2.summationType = "MULTI_PLAN";
  const std::string priorFrame = "1.2.826.0.1.3680043.10.1234.77";
  Eigen::Affine3d shift = Eigen::Affine3d::Identity();
  shift.translation() = Eigen::Vector3d(3, -2, 5);
  const core::FrameRegistration fromPrior{study.ct->identity.frameOfReferenceUid, priorFrame,
                                          core::Transform<core::Patient, core::Patient>(shift), nullptr};
  options.cumulative = planexport::CumulativeDose{
      eqd2, {"1.2.826.0.1.3680043.10.1234.88"}, {{fromPrior, "1.2.826.0.1.3680043.10.1234.99", "REG.dcm"},
                                                  {fromPrior, "", "fusion review: image registration; accepted by ANNA"}}};
  const auto written = planexport::exportPlan(*study.ct, approved.plan, approved.structures, approved.approval, options, folder);
  ASSERT_TRUE(written);
  ASSERT_TRUE(written->cumulativeRtDose.has_value());
  ASSERT_EQ(written->registrations.size(), 1u) << "the unsaved registration is written";
  const dicom::RtDoseFile cumulative = dicom::readRtDose(*written->cumulativeRtDose);
  EXPECT_EQ(cumulative.dose.type, eval::DoseType::Effective);
  EXPECT_EQ(cumulative.dose.summationType, "MULTI_PLAN");
  EXPECT_EQ(cumulative.referencedRtPlanUids,
            (std::vector<std::string>{written->planSopInstanceUid, "1.2.826.0.1.3680043.10.1234.88"}));
  const dicom::SpatialRegistrationFile savedNow = dicom::readSpatialRegistration(written->registrations.front());
  EXPECT_EQ(savedNow.registration.movingFrameOfReferenceUid, priorFrame);
  EXPECT_NEAR(savedNow.registration.fixedFromMoving.matrix().translation().z(), 5, 1e-9);
  EXPECT_EQ(cumulative.registrations,
            (std::vector<dicom::ReferencedRegistration>{{"1.2.826.0.1.3680043.10.1234.99", false},
                                                        {savedNow.sopInstanceUid, false}}));
  const auto reread = dicom::structuresOnCt(dicom::readStructureSet(written->rtstruct), *study.ct).structures;
  EXPECT_NEAR(volumeOf(reread, "GTV_Met"), approvedGtvCc, 0.02 * approvedGtvCc);
  const auto rtplan = dicom::readRtPlan(written->rtplan);
  EXPECT_EQ(rtplan.plan.approval.status, dicom::ApprovalStatus::Approved);
  EXPECT_EQ(rtplan.plan.approval.reviewerName, "Anna Physicist");
  EXPECT_EQ(rtplan.plan.label, "BOX4");
  fs::remove_all(folder);

  // Undo reaches back through the approval's later edit too.
  w.history().undo();
  EXPECT_DOUBLE_EQ(structure::volumeCc(structures.structure(gtv).mask), approvedGtvCc);
}

TEST(Workspace, DoseTargetsAreAllButTheBodyWithTheFirstPtvOrGtvOffered) {
  const auto demo = openPatient(std::nullopt).structures;
  const DoseTargets targets = doseTargets(demo);
  EXPECT_EQ(targets.names.size(), demo.size() - 1) << "the BODY is no target";
  EXPECT_EQ(std::count(targets.names.begin(), targets.names.end(), "BODY"), 0);
  EXPECT_EQ(targets.preferred, "GTV_Met");
  EXPECT_EQ(doseTargets({demo[0]}).preferred, "") << "no PTV or GTV, none offered";
}

// What the autosave keeps and what "Save structures" writes are the study as edited; the saved
// set becomes the study's files (the demo's CT had none and is written with it).
TEST(Workspace, AutosaveStateAndSavedStructureSetFollowTheEdits) {
  auto workspace = Workspace::withDefaultMachine(openPatient(std::nullopt));
  Workspace& w = *workspace;
  StructureSetModel& structures = *w.study(0).structures;
  const int gtv = *structures.indexOf("GTV_Met");
  w.plan(0).beams->createFromTemplate(beams::BeamTemplate::Ap, gtv, margin(5));
  const structure::Mask grown = structure::expand(structures.structure(gtv).mask, structure::MarginMm::isotropic(5));
  const double grownCc = structure::volumeCc(grown);
  structures.replaceMask(gtv, grown, "Grow GTV_Met");

  const WorkingState state = w.workingState(0, "2026-12-07T10:15:00Z");
  EXPECT_EQ(state.patientId, w.study(0).ct->identity.patientId);
  EXPECT_EQ(state.editCount, 2);
  EXPECT_EQ(state.beams.beams.size(), 1u);
  EXPECT_DOUBLE_EQ(volumeOf(state.structures, "GTV_Met"), grownCc);
  EXPECT_EQ(state.savedAtUtc, "2026-12-07T10:15:00Z");

  const fs::path folder = fs::temp_directory_path() / ("kerma-workspace-save-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  ASSERT_TRUE(w.study(0).ctSopInstanceUids.empty());
  const auto write = w.structureSetWriter(0, folder);
  // An edit after the copy was taken does not reach the file.
  structures.replaceMask(gtv, structure::Mask(structures.grid(), 0), "Clear GTV_Met");
  SavedStructureSet written = write();
  EXPECT_TRUE(written.wroteCt);
  const auto reread = dicom::structuresOnCt(dicom::readStructureSet(written.rtStructFile), *w.study(0).ct).structures;
  EXPECT_NEAR(volumeOf(reread, "GTV_Met"), grownCc, 0.05 * grownCc);
  w.history().undo();
  w.structureSetSaved(0, std::move(written));
  EXPECT_EQ(w.study(0).ctSopInstanceUids.size(), std::size_t(w.study(0).ct->hu.geometry().size()[2]));
  EXPECT_FALSE(structures.staleContours()[std::size_t(gtv)]) << "the contours written are the structure's now";
  fs::remove_all(folder);
}

}  // namespace
}  // namespace kerma::app
