#include "kerma/plan/plan_record.h"

#include "small_ct.h"

#include "kerma/core/error.h"
#include "kerma/dose/machine.h"
#include "kerma/eval/prescription.h"

#include <gtest/gtest.h>

#include <ctime>

namespace kerma::plan {
namespace {

::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << part << "' not in: " << text;
}

const dose::Machine& generic6mv() {
  static const dose::Machine machine = dose::loadMachine(KERMA_MACHINE_DIR);
  return machine;
}

dose::Beam beamAt(const std::string& name, double gantryDeg) {
  dose::Beam beam;
  beam.name = name;
  beam.gantryAngleDeg = gantryDeg;
  beam.jawsMm = {-30, 30, -30, 30};
  beam.leaves = dose::MlcLeaves{{-20, -25}, {20, 25}};
  return beam;
}

// What the plan record needs of a computed plan: beams, MU, prescription and machine (no engine).
struct Scene {
  std::shared_ptr<const core::CtImage> ct = testing::smallCt();
  structure::Structure target = testing::cubeStructure(ct->hu.geometry());
  std::vector<dose::Beam> beams{beamAt("AP", 0), beamAt("LLAT", 90)};
  dose::Machine machine = generic6mv();

  DoseBasis basis() const {
    return {beamsFingerprint(beams), weightsFingerprint(beams), structureFingerprint(target), machine.checksum,
            ctFingerprint(*ct)};
  }
  Plan dose(const std::string& rx = "20Gy/5", double mu = 250) const {
    Plan d;
    d.beams = beams;
    d.muPerFraction.assign(beams.size(), mu);
    d.rx = eval::parsePrescription(rx);
    d.machine = machine;
    d.normalisedOn = target;
    return d;
  }
  std::vector<structure::Structure> structures() const { return {target}; }
};

Approval anna() { return {"Anna Physicist", "20261127", "213000"}; }

std::string approveError(PlanRecord& record, const DoseBasis& now, const Approval& approval = anna()) {
  try {
    record.approve(approval, now, {});
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

TEST(DoseBasis, EachInputChangesItsOwnFingerprintOnly) {
  Scene plan;
  const DoseBasis before = plan.basis();
  EXPECT_EQ(before.beamsSha256.size(), 64u);
  EXPECT_TRUE(doseChanges(before, plan.basis()).empty());

  Scene leaf = plan;
  leaf.beams[1].leaves->x2Mm[0] += 0.5;
  EXPECT_EQ(doseChanges(before, leaf.basis()), std::vector<std::string>{"the beams"});
  Scene jaw = plan;
  jaw.beams[0].jawsMm.y1 -= 1;
  EXPECT_EQ(doseChanges(before, jaw.basis()), std::vector<std::string>{"the beams"});
  Scene weight = plan;
  weight.beams[0].weight = 2;
  EXPECT_EQ(doseChanges(before, weight.basis()), std::vector<std::string>{"the beam weights"});
  EXPECT_EQ(weight.basis().beamsSha256, before.beamsSha256);  // a weight edit is re-summed, not recomputed

  Scene target = plan;
  target.target.mask.at({0, 0, 0}) = 1;
  EXPECT_EQ(doseChanges(before, target.basis()), std::vector<std::string>{"the target"});
  Scene machine = plan;
  machine.machine.checksum = std::string(64, '0');
  EXPECT_EQ(doseChanges(before, machine.basis()), std::vector<std::string>{"the machine file"});
  Scene ct = plan;
  auto edited = std::make_shared<core::CtImage>(*plan.ct);
  edited->hu.at({1, 1, 1}) += 1;
  ct.ct = edited;
  EXPECT_EQ(doseChanges(before, ct.basis()), std::vector<std::string>{"the CT"});
  auto otherPatient = std::make_shared<core::CtImage>(*plan.ct);
  otherPatient->identity.patientId = "OTHER";
  ct.ct = otherPatient;
  EXPECT_EQ(doseChanges(before, ct.basis()), std::vector<std::string>{"the CT"});
}

TEST(PlanRecord, AnApprovalNowCarriesTheReviewerAndTodaysDateAndTime) {
  const std::time_t before = std::time(nullptr);
  const Approval approval = approvalNow("Dr Anna Physicist");
  EXPECT_EQ(approval.reviewerName, "Dr Anna Physicist");
  ASSERT_EQ(approval.reviewDate.size(), 8u);
  ASSERT_EQ(approval.reviewTime.size(), 6u);
  std::tm local{};
  localtime_r(&before, &local);
  EXPECT_EQ(std::stoi(approval.reviewDate.substr(0, 4)), local.tm_year + 1900);
  EXPECT_LE(std::stoi(approval.reviewTime.substr(0, 2)), 23);
  EXPECT_LE(std::stoi(approval.reviewTime.substr(2, 2)), 59);
}

TEST(PlanRecord, WithoutADoseNothingCanBeApproved) {
  Scene plan;
  PlanRecord record("BOX4");
  EXPECT_EQ(record.revision(), 1);
  EXPECT_EQ(record.describe(), "Plan BOX4 revision 1: unapproved");
  ASSERT_EQ(record.blockers(plan.basis()).size(), 1u);
  EXPECT_TRUE(contains(record.blockers(plan.basis())[0], "no dose"));
  EXPECT_TRUE(contains(approveError(record, plan.basis()), "no dose"));
  EXPECT_FALSE(record.approval());
}

TEST(PlanRecord, AValidDoseWithinTheLimitsIsApprovedAndDescribed) {
  Scene plan;
  PlanRecord record("BOX4");
  record.setPlan(plan.dose(), plan.basis());
  EXPECT_TRUE(record.blockers(plan.basis()).empty());
  EXPECT_TRUE(contains(approveError(record, plan.basis(), {"", "20261127", "213000"}), "no reviewer"));
  EXPECT_EQ(approveError(record, plan.basis()), "");
  ASSERT_TRUE(record.approval());
  EXPECT_EQ(record.approval()->reviewerName, "Anna Physicist");
  EXPECT_EQ(record.revision(), 1);
  EXPECT_EQ(record.describe(), "Plan BOX4 revision 1: APPROVED by Anna Physicist on 2026-11-27");
  ASSERT_TRUE(record.lastApproved());
  EXPECT_EQ(record.lastApproved()->revision, 1);
  EXPECT_TRUE(contains(approveError(record, plan.basis()), "already approved"));
  // Nothing changed: still revision 1, still approved.
  EXPECT_FALSE(record.planChanged(plan.basis()));
  EXPECT_TRUE(record.approval());
}

TEST(PlanRecord, AStaleDoseBlocksApprovalNamingWhatChanged) {
  Scene plan;
  PlanRecord record;
  record.setPlan(plan.dose(), plan.basis());
  Scene moved = plan;
  moved.beams[0].gantryAngleDeg = 10;
  moved.machine.checksum = std::string(64, 'f');
  const auto blockers = record.blockers(moved.basis());
  ASSERT_EQ(blockers.size(), 1u);
  EXPECT_TRUE(contains(blockers[0], "stale: the beams and the machine file changed"));
  EXPECT_TRUE(contains(approveError(record, moved.basis()), "cannot approve plan KERMA revision 1:\nthe dose is stale"));
  // Computed again for the new beams: approvable.
  record.setPlan(moved.dose(), moved.basis());
  EXPECT_TRUE(record.blockers(moved.basis()).empty());
  record.clearPlan();
  EXPECT_TRUE(contains(record.blockers(moved.basis())[0], "no dose"));
}

TEST(PlanRecord, DeliveryLimitViolationsBlockApprovalListingEach) {
  Scene plan;
  PlanRecord record;
  // 30 Gy per fraction over the machine's 25 Gy, and 1200 MU over its 999 MU per beam.
  Plan dose = plan.dose("30Gy/1", 250);
  dose.muPerFraction[1] = 1200;
  record.setPlan(dose, plan.basis());
  const auto warnings = record.deliveryWarnings();
  ASSERT_EQ(warnings.size(), 2u);
  const auto blockers = record.blockers(plan.basis());
  ASSERT_EQ(blockers.size(), 2u);
  EXPECT_TRUE(contains(blockers[0], "prescription"));
  EXPECT_TRUE(contains(blockers[0], "maxDosePerFractionGy"));
  EXPECT_TRUE(contains(blockers[1], "LLAT"));
  EXPECT_TRUE(contains(blockers[1], "1200"));
  const std::string error = approveError(record, plan.basis());
  EXPECT_TRUE(contains(error, "maxDosePerFractionGy"));
  EXPECT_TRUE(contains(error, "LLAT"));
  EXPECT_FALSE(record.approval());
}

TEST(PlanRecord, AnEditAfterApprovalStartsRevisionTwoAndKeepsTheApprovedOne) {
  Scene plan;
  PlanRecord record("BOX4");
  record.setPlan(plan.dose(), plan.basis());
  record.approve(anna(), plan.basis(), plan.structures());

  Scene edited = plan;
  edited.beams[1].leaves->x1Mm[1] = -22;
  EXPECT_TRUE(record.planChanged(edited.basis()));
  EXPECT_EQ(record.label(), "BOX4");
  EXPECT_EQ(record.revision(), 2);
  EXPECT_FALSE(record.approval());
  EXPECT_EQ(record.describe(), "Plan BOX4 revision 2: unapproved (revision 1 approved)");
  EXPECT_TRUE(contains(record.blockers(edited.basis())[0], "stale: the beams changed"));
  EXPECT_TRUE(contains(approveError(record, edited.basis()), "revision 2"));
  // Further edits stay in revision 2.
  edited.beams[0].weight = 3;
  EXPECT_FALSE(record.planChanged(edited.basis()));
  EXPECT_EQ(record.revision(), 2);

  // The approved revision is as it was approved: its beams, MU and reviewer.
  ASSERT_TRUE(record.lastApproved());
  const PlanSnapshot& approved = *record.lastApproved();
  EXPECT_EQ(approved.revision, 1);
  EXPECT_EQ(approved.approval->reviewerName, "Anna Physicist");
  EXPECT_EQ(approved.plan.beams[1].leaves->x1Mm[1], -25);
  EXPECT_EQ(approved.basis, plan.basis());

  // Revision 2 computed and approved by someone else replaces it as the last approved.
  record.setPlan(edited.dose(), edited.basis());
  record.approve({"Ben Reviewer", "20261128", "090000"}, edited.basis(), edited.structures());
  EXPECT_EQ(record.revision(), 2);
  EXPECT_EQ(record.lastApproved()->revision, 2);
  EXPECT_EQ(record.lastApproved()->plan.beams[0].weight, 3);
}

TEST(PlanRecord, TargetMachineOrCtChangesAfterApprovalAlsoStartANewRevision) {
  Scene plan;
  for (int change = 0; change < 3; ++change) {
    PlanRecord record;
    record.setPlan(plan.dose(), plan.basis());
    record.approve(anna(), plan.basis(), plan.structures());
    DoseBasis now = plan.basis();
    (change == 0 ? now.targetSha256 : change == 1 ? now.machineChecksum : now.ctSha256) = "changed";
    EXPECT_TRUE(record.planChanged(now)) << change;
    EXPECT_EQ(record.revision(), 2) << change;
    EXPECT_FALSE(record.approval()) << change;
  }
}

}  // namespace
}  // namespace kerma::plan
