#ifndef KERMA_PLAN_PLAN_RECORD_H
#define KERMA_PLAN_PLAN_RECORD_H

#include "kerma/core/image_series.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/delivery_limits.h"
#include "kerma/plan/plan.h"
#include "kerma/plan/reference_points.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <vector>

namespace kerma::plan {

/// What a plan's dose depends on, as fingerprints (SHA-256 of a canonical description): a dose
/// is valid only while all of them are as they were when it was computed.
struct DoseBasis {
  /// Every beam's geometry, field (jaws, leaves), energy and patient position; not names or
  /// weights, whose changes plan::reweight re-sums without the engine.
  std::string beamsSha256;
  std::string weightsSha256;    ///< names and weights of the beams: part of the plan, not of its dose
  /// the names and masks of the structure the dose is normalised on and of the one the fields
  /// were shaped to (targetsFingerprint)
  std::string targetSha256;
  std::string machineChecksum;  ///< dose::Machine::checksum of the machine file
  std::string ctSha256;         ///< the CT's identity, grid and Hounsfield units
  friend bool operator==(const DoseBasis&, const DoseBasis&) = default;
};

std::string beamsFingerprint(const std::vector<dose::Beam>& beams);
std::string weightsFingerprint(const std::vector<dose::Beam>& beams);
/// Of a structure's name and mask (its grid and voxels); contours follow from the mask.
std::string structureFingerprint(const structure::Structure& structure);
/// Of the structures a dose depends on beyond the beams (structureFingerprint of each, once
/// each) and of the names of those that do not exist (missing).
std::string targetsFingerprint(const std::vector<const structure::Structure*>& targets,
                               const std::vector<std::string>& missing);
/// Of the CT's patient, study, series and Frame of Reference, its grid and its voxels.
std::string ctFingerprint(const core::CtImage& ct);

/// The parts of the dose basis that differ between computed and now, in words ("the beams",
/// "the beam weights", "the target", "the machine file", "the CT"); empty when the dose is
/// valid. A weight change is re-summed at once (plan::reweight), so its entry is seen only
/// until then.
std::vector<std::string> doseChanges(const DoseBasis& computed, const DoseBasis& now);

/// A reviewer's approval of a plan revision.
struct Approval {
  std::string reviewerName;  ///< as typed, e.g. "Dr Anna Physicist"
  std::string reviewDate;    ///< YYYYMMDD
  std::string reviewTime;    ///< HHMMSS
  /// The global maximum above eval::GLOBAL_MAX_LIMIT_PERCENT that the reviewer accepted, % of the
  /// prescription as shown to them; nullopt: none accepted.
  std::optional<double> acceptedGlobalMaxPercent{};
};

/// An approval by reviewer at the local date and time now (what a reviewer's signature records).
Approval approvalNow(std::string reviewer);

/// Throws kerma::Error (BadInput) starting with what ("cannot approve plan X revision 2") when
/// plan's global maximum among structures is a hot spot (hotSpotWarning) that approval does not
/// accept: acceptedGlobalMaxPercent missing or below its percentage as rounded for the reviewer.
void requireAcceptedHotSpot(const Plan& plan, const std::vector<structure::Structure>& structures,
                            const Approval& approval, const std::string& what);

/// A revision of a plan as its export and report use it: the plan (beams, MU, dose, machine),
/// the structures with contours that match their masks, the basis of its dose (the CT's
/// fingerprint among it) and its approval (nullopt: unapproved). An approved revision keeps
/// exactly this, whatever is edited afterwards.
struct PlanSnapshot {
  int revision = 1;
  Plan plan;
  std::vector<structure::Structure> structures;
  DoseBasis basis;
  std::optional<Approval> approval;
  /// The planner's reference points besides the plan's own (referencePoints), as they were.
  std::vector<ReferencePoint> referencePoints;
};

/// The plan as a clinical record: its label, revision, approval and what its dose was computed
/// from (docs/validation/reliability.md, "Consistency guards"). The dose is stale as soon as the
/// beams, the target, the machine file or the CT differ from what it was computed from; a stale
/// or missing dose and any delivery-limit warning block approval and export. An approved
/// revision is locked: any change of the plan (beams, weights, target, machine, CT) starts a new,
/// unapproved revision with the same label, and the approved one stays exportable as it was.
/// Qt-free.
class PlanRecord {
 public:
  explicit PlanRecord(std::string label = "KERMA");

  const std::string& label() const { return label_; }
  int revision() const { return revision_; }
  /// The current revision's approval; nullopt while unapproved.
  const std::optional<Approval>& approval() const { return approval_; }
  /// The latest approved revision, kept as it was when later revisions are made.
  const std::optional<PlanSnapshot>& lastApproved() const { return approved_; }

  /// The plan was computed (or re-summed after a weight edit) from what basis fingerprints.
  void setPlan(Plan plan, const DoseBasis& basis);
  /// The plan dose no longer comes from the plan's beams (e.g. an RT Dose was opened).
  void clearPlan();
  /// The computed plan of the current revision; nullopt before Compute dose.
  const std::optional<Plan>& plan() const { return plan_; }
  /// The basis of the dose; nullopt without a dose.
  const std::optional<DoseBasis>& doseBasis() const { return doseBasis_; }

  /// The planner's reference points besides the plan's own: documentation of the dose, not part
  /// of the plan, so setting them starts no revision; a snapshot keeps those of its moment.
  const std::vector<ReferencePoint>& referencePoints() const { return referencePoints_; }
  /// Throws kerma::Error (BadInput) as plan::referencePoints does for a name that is empty or
  /// taken (by another point or the plan's own).
  void setReferencePoints(std::vector<ReferencePoint> points);

  /// The plan is now as now says: an approved revision that it no longer matches is left as it
  /// was and a new unapproved revision begins. Returns true when it did.
  bool planChanged(const DoseBasis& now);

  /// Why the current revision cannot be approved or exported, one line each: no dose, a stale
  /// dose naming what changed, each delivery-limit warning (of the dose's machine, prescription
  /// and MU). Empty when it can.
  std::vector<std::string> blockers(const DoseBasis& now) const;
  /// The delivery-limit warnings of the current dose (dose::checkDeliveryLimits); empty without
  /// a dose.
  std::vector<dose::DeliveryLimitWarning> deliveryWarnings() const;

  /// Approves the current revision and freezes it (lastApproved) with structures, whose contours
  /// must match their masks (structure::refreshContours). Throws kerma::Error (BadInput) listing
  /// every blocker, or when the reviewer's name is empty, the revision is already approved, or
  /// the approval does not accept the plan's hot spot (requireAcceptedHotSpot).
  void approve(const Approval& approval, const DoseBasis& now, std::vector<structure::Structure> structures);
  /// The current revision with structures (contours current), as an export of it writes it.
  /// Throws kerma::Error (BadInput) listing every blocker when it cannot be exported.
  PlanSnapshot current(const DoseBasis& now, std::vector<structure::Structure> structures) const;

  /// One line for the window, e.g. "Plan KERMA revision 2: unapproved (revision 1 approved)".
  std::string describe() const;

 private:
  // The current revision frozen with structures: its plan labelled label_ and named after the
  // revision and prescription.
  PlanSnapshot snapshotOf(const DoseBasis& now, std::vector<structure::Structure> structures) const;

  std::string label_;
  int revision_ = 1;
  std::optional<Approval> approval_;
  std::optional<Plan> plan_;
  std::optional<DoseBasis> doseBasis_;
  std::optional<PlanSnapshot> approved_;
  std::vector<ReferencePoint> referencePoints_;
};

}  // namespace kerma::plan

#endif  // KERMA_PLAN_PLAN_RECORD_H
