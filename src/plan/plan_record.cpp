#include "kerma/plan/plan_record.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"
#include "kerma/core/sha256.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <span>
#include <utility>

namespace kerma::plan {

namespace {

// A canonical description built field by field: numbers as their bytes, strings with their
// length, so that no two different inputs give the same text.
class Description {
 public:
  Description& number(double value) {
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    text_.append(bytes, sizeof bytes);
    return *this;
  }
  Description& text(const std::string& value) {
    number(double(value.size()));
    text_ += value;
    return *this;
  }
  template <class T>
  Description& bytes(std::span<const T> values) {
    number(double(values.size()));
    text_.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
    return *this;
  }
  Description& geometry(const core::VolumeGeometry& grid) {
    for (int a = 0; a < 3; ++a) number(grid.size()[a]).number(grid.spacingMm()[a]);
    number(grid.originMm().x).number(grid.originMm().y).number(grid.originMm().z);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) number(grid.directionCosines()(r, c));
    return *this;
  }
  std::string sha256() const { return core::sha256Hex(text_); }

 private:
  std::string text_;
};

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

}  // namespace

Approval approvalNow(std::string reviewer) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char date[16], time[16];
  std::strftime(date, sizeof date, "%Y%m%d", &local);
  std::strftime(time, sizeof time, "%H%M%S", &local);
  return {std::move(reviewer), date, time};
}

std::string beamsFingerprint(const std::vector<dose::Beam>& beams) {
  Description d;
  d.number(double(beams.size()));
  for (const auto& beam : beams) {
    d.number(beam.gantryAngleDeg).number(beam.collimatorAngleDeg).number(beam.couchAngleDeg);
    d.number(double(beam.patientPosition));
    d.number(beam.isocenterMm.x).number(beam.isocenterMm.y).number(beam.isocenterMm.z);
    d.number(beam.jawsMm.x1).number(beam.jawsMm.x2).number(beam.jawsMm.y1).number(beam.jawsMm.y2);
    d.number(beam.leaves ? 1 : 0);
    if (beam.leaves) d.bytes(std::span<const double>(beam.leaves->x1Mm)).bytes(std::span<const double>(beam.leaves->x2Mm));
    d.number(beam.ssdMm).text(beam.energy);
    // Beams without subfields keep the fingerprints of the records written before subfields.
    if (!beam.subfields.empty()) d.number(double(beam.subfields.size()));
    for (const auto& subfield : beam.subfields)
      d.bytes(std::span<const double>(subfield.leaves.x1Mm)).bytes(std::span<const double>(subfield.leaves.x2Mm)).number(subfield.metersetShare);
  }
  return d.sha256();
}

std::string weightsFingerprint(const std::vector<dose::Beam>& beams) {
  Description d;
  d.number(double(beams.size()));
  for (const auto& beam : beams) d.text(beam.name).number(beam.weight);
  return d.sha256();
}

std::string structureFingerprint(const structure::Structure& structure) {
  Description d;
  d.text(structure.name).geometry(structure.mask.geometry()).bytes(structure.mask.values());
  return d.sha256();
}

std::string targetsFingerprint(const std::vector<const structure::Structure*>& targets,
                               const std::vector<std::string>& missing) {
  Description d;
  std::vector<const structure::Structure*> seen;
  for (const structure::Structure* target : targets) {
    if (std::find(seen.begin(), seen.end(), target) != seen.end()) continue;
    seen.push_back(target);
    d.text(structureFingerprint(*target));
  }
  for (const std::string& name : missing) d.text("no structure '" + name + "'");
  return d.sha256();
}

std::string ctFingerprint(const core::CtImage& ct) {
  const core::SeriesIdentity& id = ct.identity;
  Description d;
  d.text(id.patientId).text(id.patientName).text(id.patientBirthDate).text(id.studyInstanceUid);
  d.text(id.seriesInstanceUid).text(id.frameOfReferenceUid);
  d.geometry(ct.hu.geometry()).bytes(ct.hu.values());
  return d.sha256();
}

std::vector<std::string> doseChanges(const DoseBasis& computed, const DoseBasis& now) {
  std::vector<std::string> changes;
  if (computed.beamsSha256 != now.beamsSha256) changes.push_back("the beams");
  if (computed.weightsSha256 != now.weightsSha256) changes.push_back("the beam weights");
  if (computed.targetSha256 != now.targetSha256) changes.push_back("the target");
  if (computed.machineChecksum != now.machineChecksum) changes.push_back("the machine file");
  if (computed.ctSha256 != now.ctSha256) changes.push_back("the CT");
  return changes;
}

PlanRecord::PlanRecord(std::string label) : label_(std::move(label)) {}

void PlanRecord::setPlan(Plan plan, const DoseBasis& basis) {
  plan_ = std::move(plan);
  doseBasis_ = basis;
}

void PlanRecord::clearPlan() {
  plan_.reset();
  doseBasis_.reset();
}

bool PlanRecord::planChanged(const DoseBasis& now) {
  if (!approval_ || approved_->basis == now) return false;
  ++revision_;
  approval_.reset();
  return true;
}

std::vector<dose::DeliveryLimitWarning> PlanRecord::deliveryWarnings() const {
  return plan_ ? plan::deliveryWarnings(*plan_) : std::vector<dose::DeliveryLimitWarning>{};
}

std::vector<std::string> PlanRecord::blockers(const DoseBasis& now) const {
  if (!plan_) return {"no dose: compute the dose of the plan's beams first (Dose panel, Compute dose)"};
  std::vector<std::string> out;
  const std::vector<std::string> changes = doseChanges(*doseBasis_, now);
  if (!changes.empty()) {
    std::string what;
    for (std::size_t c = 0; c < changes.size(); ++c)
      what += (c == 0 ? "" : c + 1 == changes.size() ? " and " : ", ") + changes[c];
    out.push_back("the dose is stale: " + what + " changed since it was computed; compute it again");
  }
  for (const auto& warning : deliveryWarnings())
    out.push_back("outside the machine's delivery limits: " + warning.item + ": " + warning.message);
  return out;
}

void requireAcceptedHotSpot(const Plan& plan, const std::vector<structure::Structure>& structures,
                            const Approval& approval, const std::string& what) {
  const auto maximum = globalMaximum(plan, structures);
  if (!maximum) return;
  const auto warning = hotSpotWarning(plan, *maximum);
  if (!warning) return;
  const double percent = maximum->percentOf(plan.rx.totalDoseGy);
  if (!approval.acceptedGlobalMaxPercent || *approval.acceptedGlobalMaxPercent < std::round(percent))
    throw Error(ErrorCode::BadInput, what + ": the " + *warning + "; the reviewer must accept it (" +
                                         core::fixedText(std::round(percent), 0) + " %) or the plan be changed");
}

void PlanRecord::approve(const Approval& approval, const DoseBasis& now, std::vector<structure::Structure> structures) {
  const std::string what = "plan " + label_ + " revision " + std::to_string(revision_);
  if (approval.reviewerName.empty()) throw Error(ErrorCode::BadInput, "cannot approve " + what + ": no reviewer name given");
  if (approval_)
    throw Error(ErrorCode::BadInput, "cannot approve " + what + ": it is already approved by " + approval_->reviewerName);
  const std::vector<std::string> reasons = blockers(now);
  if (!reasons.empty()) throw Error(ErrorCode::BadInput, "cannot approve " + what + ":\n" + joinLines(reasons));
  requireAcceptedHotSpot(*plan_, structures, approval, "cannot approve " + what);
  approval_ = approval;
  approved_ = snapshotOf(now, std::move(structures));
}

PlanSnapshot PlanRecord::current(const DoseBasis& now, std::vector<structure::Structure> structures) const {
  const std::vector<std::string> reasons = blockers(now);
  if (!reasons.empty())
    throw Error(ErrorCode::BadInput, "cannot export plan " + label_ + " revision " + std::to_string(revision_) + ":\n" +
                                         joinLines(reasons));
  return snapshotOf(now, std::move(structures));
}

void PlanRecord::setReferencePoints(std::vector<ReferencePoint> points) {
  plan::referencePoints(Plan{}, points);  // the names' check
  referencePoints_ = std::move(points);
}

PlanSnapshot PlanRecord::snapshotOf(const DoseBasis& now, std::vector<structure::Structure> structures) const {
  PlanSnapshot snapshot{revision_, *plan_, std::move(structures), now, approval_, referencePoints_};
  snapshot.plan.label = label_;
  snapshot.plan.name = "revision " + std::to_string(revision_) + ": " + eval::describe(plan_->rx) + " to " + plan_->rx.target;
  return snapshot;
}

std::string PlanRecord::describe() const {
  std::string out = "Plan " + label_ + " revision " + std::to_string(revision_) + ": ";
  if (approval_) {
    return out + "APPROVED by " + approval_->reviewerName + " on " + core::isoDate(approval_->reviewDate);
  }
  out += "unapproved";
  if (approved_) out += " (revision " + std::to_string(approved_->revision) + " approved)";
  return out;
}

}  // namespace kerma::plan
