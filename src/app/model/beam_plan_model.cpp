#include "kerma/app/beam_plan_model.h"

#include "kerma/core/error.h"
#include "kerma/beams/beams_eye_view.h"
#include "kerma/beams/conformed_beams.h"
#include "kerma/beams/source_skin_distance.h"
#include "kerma/core/number_text.h"
#include "kerma/structure/contour_extraction.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace kerma::app {

using core::shortestText;

namespace {

const char* bankName(beams::LeafBank bank) { return bank == beams::LeafBank::X1 ? "X1" : "X2"; }

const char* jawName(beams::Jaw jaw) {
  switch (jaw) {
    case beams::Jaw::X1: return "X1";
    case beams::Jaw::X2: return "X2";
    case beams::Jaw::Y1: return "Y1";
    case beams::Jaw::Y2: return "Y2";
  }
  return "";
}

std::string templateName(beams::BeamTemplate beamTemplate) {
  switch (beamTemplate) {
    case beams::BeamTemplate::Ap: return "AP";
    case beams::BeamTemplate::Pa: return "PA";
    case beams::BeamTemplate::ApPa: return "AP/PA";
    case beams::BeamTemplate::LateralPair: return "Lateral pair";
    case beams::BeamTemplate::Box3: return "3-field";
    case beams::BeamTemplate::Box4: return "4-field box";
  }
  return "";
}

// The CT's Patient Position (0018,5100); HFS where it is absent or not one the IEC chain knows.
core::PatientPosition patientPosition(const core::CtImage& ct) {
  return core::patientPositionFromTerm(ct.identity.patientPosition).value_or(core::PatientPosition::Hfs);
}

}  // namespace

std::optional<int> defaultPlanTarget(const StructureSetModel& structures) {
  for (const auto type : {structure::RoiType::Ptv, structure::RoiType::Ctv, structure::RoiType::Gtv})
    for (int n = 0; n < structures.count(); ++n)
      if (structures.structure(n).type == type) return n;
  if (structures.count() > 0) return 0;
  return std::nullopt;
}

structure::Structure structureWithContours(const StructureSetModel& structures, int index) {
  structure::Structure s = structures.structure(index);
  if (structures.contoursStale(index) || s.contours.empty()) s.contours = structure::extractContours(s.mask);
  return s;
}

BeamPlanModel::BeamPlanModel(const StructureSetModel& structures, dose::Machine machine)
    : structures_(structures), machine_(std::move(machine)) {}

const dose::Beam& BeamPlanModel::beam(int index) const {
  assert(index >= 0 && index < count() && "beam index in range");
  return state_.beams[std::size_t(index)];
}

void BeamPlanModel::setSelectedIndex(std::optional<int> index) {
  assert((!index || (*index >= 0 && *index < count())) && "beam index in range");
  if (index == selected_) return;
  selected_ = index;
  notify(BeamChange::Selection);
}

std::optional<double> BeamPlanModel::monitorUnits(int index) const {
  assert(index >= 0 && index < count() && "beam index in range");
  return monitorUnits_[std::size_t(index)];
}

void BeamPlanModel::setMonitorUnits(int index, std::optional<double> monitorUnits) {
  assert(index >= 0 && index < count() && "beam index in range");
  monitorUnits_[std::size_t(index)] = monitorUnits;
  notify(BeamChange::MonitorUnits);
}

int BeamPlanModel::addListener(Listener listener) {
  listeners_[nextListenerId_] = std::move(listener);
  return nextListenerId_++;
}

void BeamPlanModel::removeListener(int id) { listeners_.erase(id); }

void BeamPlanModel::notify(BeamChange change) {
  // A copy: a listener may remove itself or add another.
  const auto listeners = listeners_;
  for (const auto& [id, listener] : listeners) listener(change);
}

void BeamPlanModel::apply(const BeamEdit& edit, EditDirection direction) {
  state_ = direction == EditDirection::Redo ? edit.after : edit.before;
  monitorUnits_.assign(state_.beams.size(), std::nullopt);
  if (selected_ && *selected_ >= count()) selected_ = count() > 0 ? std::optional<int>(count() - 1) : std::nullopt;
  if (!selected_ && count() > 0) selected_ = 0;
  ++revision_;
  notify(BeamChange::Beams);
}

void BeamPlanModel::commit(BeamPlanState after, std::string description) {
  for (const dose::Beam& beam : after.beams) beams::requireMachineLimits(beam, machine_);
  BeamEdit edit{std::move(description), state_, std::move(after)};
  if (sink_) sink_(std::move(edit));
  else apply(edit, EditDirection::Redo);
}

const structure::Structure& BeamPlanModel::targetStructure(const PlanTarget& target) const {
  const auto index = structures_.indexOf(target.structureName);
  if (!index)
    throw Error(ErrorCode::BadInput, "the plan's target '" + target.structureName +
                                         "' is no longer among the structures; expected it to conform the field to");
  return structures_.structure(*index);
}

const structure::Mask* BeamPlanModel::bodyMask() const {
  // structure::findBody decides by name and type; masks are not copied for it.
  std::vector<structure::Structure> labels;
  for (int n = 0; n < structures_.count(); ++n) {
    const structure::Structure& s = structures_.structure(n);
    labels.push_back({s.name, s.type, s.colour, {}, {}});
  }
  const structure::Structure* body = structure::findBody(labels);
  return body ? &structures_.structure(int(body - labels.data())).mask : nullptr;
}

void BeamPlanModel::conformToTarget(dose::Beam& beam, const PlanTarget& target) const {
  const auto index = structures_.indexOf(target.structureName);
  targetStructure(target);  // throws naming the target when it is gone
  const structure::Structure withContours = structureWithContours(structures_, *index);
  const beams::ConformedField field =
      beams::conformMlc(beams::projectStructure(withContours, beam, machine_.sadMm), machine_, target.options);
  beam.jawsMm = field.jawsMm;
  beam.leaves = field.leaves;
  // Subfields shield hot spots of the field they were made for: a new field needs new ones.
  beam.subfields.clear();
  if (const structure::Mask* body = bodyMask())
    beam.ssdMm = beams::sourceSkinDistanceMm(beam, machine_.sadMm, *body).value_or(0);
}

void BeamPlanModel::createFromTemplate(beams::BeamTemplate beamTemplate, int targetIndex,
                                       const beams::ConformationOptions& options,
                                       std::optional<core::Point3<core::Patient>> isocenterMm) {
  const structure::Structure& target = structures_.structure(targetIndex);
  if (!isocenterMm) isocenterMm = structure::centroidMm(target.mask);
  if (!isocenterMm)
    throw Error(ErrorCode::BadInput, "target '" + target.name + "' is empty; expected a contoured target for the plan");
  BeamPlanState after;
  after.target = PlanTarget{target.name, options};
  after.beams = beams::conformedTemplateBeams(beamTemplate, structureWithContours(structures_, targetIndex), bodyMask(),
                                             machine_, options, *isocenterMm, patientPosition(structures_.ct()));
  commit(std::move(after), templateName(beamTemplate) + " on " + target.name);
  setSelectedIndex(0);
}

void BeamPlanModel::setAngles(int index, double gantryDeg, double collimatorDeg, double couchDeg) {
  BeamPlanState after = state_;
  dose::Beam& beam = after.beams[std::size_t(index)];
  if (beam.gantryAngleDeg == gantryDeg && beam.collimatorAngleDeg == collimatorDeg && beam.couchAngleDeg == couchDeg)
    return;
  beam.gantryAngleDeg = gantryDeg;
  beam.collimatorAngleDeg = collimatorDeg;
  beam.couchAngleDeg = couchDeg;
  // Angles first, so that a refused angle is reported as such rather than as a field problem.
  for (const auto& violation : beams::checkMachineLimits(beam, machine_))
    if (violation.kind == beams::LimitKind::GantryAngle || violation.kind == beams::LimitKind::CollimatorAngle ||
        violation.kind == beams::LimitKind::CouchAngle)
      throw Error(ErrorCode::BadInput, "beam " + beam.name + ": " + violation.message);
  if (after.target) conformToTarget(beam, *after.target);
  commit(std::move(after), "Angles of " + beam.name + " to G" + shortestText(gantryDeg) + " C" + shortestText(collimatorDeg) +
                               " T" + shortestText(couchDeg));
}

void BeamPlanModel::conform(int index) {
  if (!state_.target) return;
  BeamPlanState after = state_;
  conformToTarget(after.beams[std::size_t(index)], *after.target);
  commit(std::move(after), "Conform " + beam(index).name + " to " + state_.target->structureName);
}

std::vector<std::string> BeamPlanModel::shieldStructure(int index, int organIndex, beams::ShieldingOptions options) {
  if (!state_.target) throw Error(ErrorCode::BadInput, "shield: the plan has no target to keep open (New plan… sets one)");
  const structure::Structure organ = structureWithContours(structures_, organIndex);
  if (organ.name == state_.target->structureName)
    throw Error(ErrorCode::BadInput, "shield: " + organ.name + " is the plan's target; expected an organ at risk");
  const structure::Structure target = structureWithContours(structures_, *structures_.indexOf(state_.target->structureName));
  const auto& margins = state_.target->options.marginsMm;
  options.targetMarginMm = std::max({margins.x1, margins.x2, margins.y1, margins.y2});
  beams::ShieldedBeam shielded = beams::shieldOrgan(beam(index), organ, target, machine_, options);
  if (shielded.pairsMoved == 0) return shielded.overlaps;
  BeamPlanState after = state_;
  after.beams[std::size_t(index)] = std::move(shielded.beam);
  after.beams[std::size_t(index)].subfields.clear();  // made for the field before
  commit(std::move(after), "Shield " + organ.name + " in " + beam(index).name);
  return shielded.overlaps;
}

void BeamPlanModel::setIsocentre(const core::Point3<core::Patient>& isocentreMm) {
  if (state_.beams.empty()) throw Error(ErrorCode::BadInput, "no beams: New plan… places an isocentre first");
  if (isocentre() == isocentreMm) return;
  BeamPlanState after = state_;
  for (dose::Beam& beam : after.beams) {
    beam.isocenterMm = isocentreMm;
    if (after.target) conformToTarget(beam, *after.target);
  }
  char where[96];
  std::snprintf(where, sizeof where, "(%.1f, %.1f, %.1f) mm", isocentreMm.x, isocentreMm.y, isocentreMm.z);
  commit(std::move(after), std::string("Isocentre to ") + where);
}

std::optional<core::Point3<core::Patient>> BeamPlanModel::isocentre() const {
  if (state_.beams.empty()) return std::nullopt;
  return state_.beams.front().isocenterMm;
}

void BeamPlanModel::setWeight(int index, double weight) {
  if (!(weight >= 0))
    throw Error(ErrorCode::BadInput, "weight " + shortestText(weight) + " of beam " + beam(index).name + "; expected 0 or more");
  if (beam(index).weight == weight) return;
  BeamPlanState after = state_;
  after.beams[std::size_t(index)].weight = weight;
  commit(std::move(after), "Weight of " + beam(index).name + " to " + shortestText(weight));
}

void BeamPlanModel::setWeights(const std::vector<double>& weights, const std::string& label) {
  if (weights.size() != state_.beams.size())
    throw Error(ErrorCode::BadInput, std::to_string(weights.size()) + " weights for " +
                                         std::to_string(state_.beams.size()) + " beams; expected one per beam");
  BeamPlanState after = state_;
  for (std::size_t b = 0; b < weights.size(); ++b) {
    if (!(weights[b] >= 0))
      throw Error(ErrorCode::BadInput, "weight " + shortestText(weights[b]) + " of beam " + after.beams[b].name +
                                           "; expected 0 or more");
    after.beams[b].weight = weights[b];
  }
  commit(std::move(after), label);
}

void BeamPlanModel::setSegments(const std::vector<dose::Beam>& segmented, const std::string& label) {
  if (segmented.size() != state_.beams.size())
    throw Error(ErrorCode::BadInput, std::to_string(segmented.size()) + " segmented beams for " +
                                         std::to_string(state_.beams.size()) + " beams; expected one per beam");
  BeamPlanState after = state_;
  for (std::size_t b = 0; b < segmented.size(); ++b) {
    dose::Beam& beam = after.beams[b];
    const dose::Beam& from = segmented[b];
    if (from.gantryAngleDeg != beam.gantryAngleDeg || from.collimatorAngleDeg != beam.collimatorAngleDeg ||
        from.couchAngleDeg != beam.couchAngleDeg || !(from.isocenterMm == beam.isocenterMm) || from.jawsMm != beam.jawsMm)
      throw Error(ErrorCode::BadInput, "segments of beam " + beam.name + " are for another beam geometry; expected its own");
    beam.leaves = from.leaves;
    beam.subfields = from.subfields;
    beam.weight = from.weight;
  }
  commit(std::move(after), label);
}

void BeamPlanModel::setName(int index, const std::string& name) {
  if (name.empty()) throw Error(ErrorCode::BadInput, "an empty beam name; expected a name");
  if (beam(index).name == name) return;
  BeamPlanState after = state_;
  after.beams[std::size_t(index)].name = name;
  commit(std::move(after), "Rename " + beam(index).name + " to " + name);
}

void BeamPlanModel::setEnergy(int index, const std::string& energy) {
  const auto& energies = machine_.energies;
  if (std::find(energies.begin(), energies.end(), energy) == energies.end()) {
    std::string known;
    for (const auto& e : energies) known += (known.empty() ? "" : ", ") + e;
    throw Error(ErrorCode::BadInput, "energy '" + energy + "' for beam " + beam(index).name + "; " + machine_.name +
                                         " has " + known);
  }
  if (beam(index).energy == energy) return;
  BeamPlanState after = state_;
  after.beams[std::size_t(index)].energy = energy;
  commit(std::move(after), "Energy of " + beam(index).name + " to " + energy);
}

void BeamPlanModel::removeBeam(int index) {
  BeamPlanState after = state_;
  const std::string name = beam(index).name;
  after.beams.erase(after.beams.begin() + index);
  commit(std::move(after), "Delete beam " + name);
}

void BeamPlanModel::beginFieldDrag(int index) {
  assert(!drag_ && "one drag at a time");
  assert(index >= 0 && index < count() && "beam index in range");
  drag_ = Drag{index, state_, {}};
}

double BeamPlanModel::dragLeaf(int pair, beams::LeafBank bank, double tipMm) {
  assert(drag_ && "beginFieldDrag first");
  dose::Beam& beam = state_.beams[std::size_t(drag_->index)];
  assert(beam.leaves && pair >= 0 && pair < int(beam.leaves->x1Mm.size()) && "a leaf of this beam");
  const dose::Range range = beams::leafTipRange(*beam.leaves, machine_, pair, bank);
  auto& tip = (bank == beams::LeafBank::X1 ? beam.leaves->x1Mm : beam.leaves->x2Mm)[std::size_t(pair)];
  // Where the others already break a limit, this tip stays put.
  if (range.min <= range.max) tip = std::clamp(tipMm, range.min, range.max);
  drag_->description = std::string("Move leaf ") + bankName(bank) + " " + std::to_string(pair + 1) + " of " + beam.name;
  ++revision_;
  notify(BeamChange::Beams);
  return tip;
}

double BeamPlanModel::dragJaw(beams::Jaw jaw, double positionMm) {
  assert(drag_ && "beginFieldDrag first");
  dose::Beam& beam = state_.beams[std::size_t(drag_->index)];
  const dose::Range range = beams::jawRange(beam.jawsMm, machine_, jaw);
  double& position = jaw == beams::Jaw::X1   ? beam.jawsMm.x1
                     : jaw == beams::Jaw::X2 ? beam.jawsMm.x2
                     : jaw == beams::Jaw::Y1 ? beam.jawsMm.y1
                                            : beam.jawsMm.y2;
  if (range.min <= range.max) position = std::clamp(positionMm, range.min, range.max);
  drag_->description = std::string("Move jaw ") + jawName(jaw) + " of " + beam.name;
  ++revision_;
  notify(BeamChange::Beams);
  return position;
}

void BeamPlanModel::endFieldDrag() {
  assert(drag_ && "beginFieldDrag first");
  Drag drag = std::move(*drag_);
  drag_.reset();
  BeamPlanState after = std::move(state_);
  state_ = std::move(drag.before);
  const bool moved = after.beams[std::size_t(drag.index)].jawsMm != state_.beams[std::size_t(drag.index)].jawsMm ||
                     after.beams[std::size_t(drag.index)].leaves != state_.beams[std::size_t(drag.index)].leaves;
  if (!moved) {
    ++revision_;
    notify(BeamChange::Beams);
    return;
  }
  // The drag only ever took positions within the limits, so the commit cannot be refused for it.
  BeamEdit edit{std::move(drag.description), state_, std::move(after)};
  if (sink_) sink_(std::move(edit));
  else apply(edit, EditDirection::Redo);
}

}  // namespace kerma::app
