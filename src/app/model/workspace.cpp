#include "kerma/app/workspace.h"

#include "kerma/core/error.h"
#include "kerma/core/resources.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/plan/weight_optimisation.h"
#include "kerma/structure/contour_extraction.h"

#include <cassert>

namespace kerma::app {

namespace {

// Every edit model commits becomes a step of history that applies it again either way.
template <class Edit, class Model>
void recordEdits(UndoHistory& history, Model& model) {
  model.setEditSink([&history, &model](Edit edit) {
    const std::string description = edit.description;
    history.push(description, [&model, edit = std::move(edit)](EditDirection direction) { model.apply(edit, direction); });
  });
}

// entry's record holds computed re-summed for the weights its beams have now (no engine run),
// with basis saying so, and the beams show its MU.
void setReweightedPlan(PlanEntry& entry, plan::Plan computed, plan::DoseBasis basis) {
  const std::vector<dose::Beam>& beams = entry.beams->beams();
  plan::reweight(computed, beams);
  basis.weightsSha256 = plan::weightsFingerprint(beams);
  const std::vector<double> monitorUnits = computed.muPerFraction;
  entry.record.setPlan(std::move(computed), basis);
  for (int b = 0; b < entry.beams->count(); ++b) entry.beams->setMonitorUnits(b, monitorUnits[std::size_t(b)]);
}

}  // namespace

std::optional<plan::Plan> PlanComputation::run(const dose::DoseProgress& progress, plan::PlanTimes* times) const {
  dose::BeamDoseOptions options;
  options.progress = progress;
  return plan::computePlan(*ct, structures, beams, rx, *engine, gridMm, options, times);
}

std::optional<plan::FieldInFieldResult> FieldInFieldComputation::run(const dose::DoseProgress& progress) const {
  dose::BeamDoseOptions doseOptions;
  doseOptions.progress = progress;
  return plan::fieldInField(plan, *ct, structures, *engine, options, doseOptions);
}

DoseTargets doseTargets(const std::vector<structure::Structure>& structures) {
  DoseTargets targets;
  for (const structure::Structure& s : structures) {
    if (s.type == structure::RoiType::External) continue;
    targets.names.push_back(s.name);
    if (targets.preferred.empty() && (s.type == structure::RoiType::Ptv || s.type == structure::RoiType::Gtv))
      targets.preferred = s.name;
  }
  return targets;
}

Workspace::Workspace(eval::DoseEngineData engine)
    : engine_(std::make_shared<const eval::DoseEngineData>(std::move(engine))) {}

std::unique_ptr<Workspace> Workspace::withDefaultMachine() {
  eval::DoseEngineData engine;
  engine.machine = dose::loadMachine(core::defaultMachineFolder());
  engine.model = dose::loadBeamModel(core::defaultMachineFolder());
  engine.densityCurve = dose::loadCtDensityCurve(core::defaultCtDensityCurve());
  return std::make_unique<Workspace>(std::move(engine));
}

std::unique_ptr<Workspace> Workspace::withDefaultMachine(OpenedPatient patient) {
  std::unique_ptr<Workspace> workspace = withDefaultMachine();
  workspace->addPlan(workspace->addStudy(std::move(patient)));
  return workspace;
}

int Workspace::addStudy(OpenedPatient patient) {
  Study added;
  added.ct = patient.ct;
  added.ctSopInstanceUids = std::move(patient.ctSopInstanceUids);
  added.source = std::move(patient.source);
  added.structureSetFile = std::move(patient.structureSetFile);
  added.acceptedDifferences = std::move(patient.acceptedDifferences);
  added.structures = std::make_unique<StructureSetModel>(patient.ct, std::move(patient.structures));
  added.ctSha256 = plan::ctFingerprint(*patient.ct);
  recordEdits<StructureEdit>(history_, *added.structures);
  studies_.push_back(std::move(added));
  return studyCount() - 1;
}

Study& Workspace::study(int index) {
  assert(index >= 0 && index < studyCount() && "study index in range");
  return studies_[std::size_t(index)];
}

const Study& Workspace::study(int index) const {
  assert(index >= 0 && index < studyCount() && "study index in range");
  return studies_[std::size_t(index)];
}

int Workspace::addPlan(int studyIndex, std::string label) {
  PlanEntry added{studyIndex, std::make_unique<BeamPlanModel>(*study(studyIndex).structures, engine_->machine),
                  plan::PlanRecord(std::move(label))};
  recordEdits<BeamEdit>(history_, *added.beams);
  plans_.push_back(std::move(added));
  return planCount() - 1;
}

PlanEntry& Workspace::plan(int index) {
  assert(index >= 0 && index < planCount() && "plan index in range");
  return plans_[std::size_t(index)];
}

const PlanEntry& Workspace::plan(int index) const {
  assert(index >= 0 && index < planCount() && "plan index in range");
  return plans_[std::size_t(index)];
}

plan::DoseBasis Workspace::basis(int planIndex, const std::string& normalisedOn) const {
  const PlanEntry& entry = plan(planIndex);
  const Study& on = study(entry.study);
  plan::DoseBasis basis;
  basis.beamsSha256 = plan::beamsFingerprint(entry.beams->beams());
  basis.weightsSha256 = plan::weightsFingerprint(entry.beams->beams());
  // The same two structures before and after Compute dose, whichever of them the dose is
  // normalised on: a GTV normalisation of fields shaped to the PTV is an everyday choice.
  std::vector<const structure::Structure*> targets;
  std::vector<std::string> missing;
  const std::optional<PlanTarget>& fieldsShapedTo = entry.beams->target();
  for (const std::string& name : {normalisedOn, fieldsShapedTo ? fieldsShapedTo->structureName : std::string()}) {
    if (name.empty()) continue;
    if (const auto index = on.structures->indexOf(name)) targets.push_back(&on.structures->structure(*index));
    else missing.push_back(name);
  }
  basis.targetSha256 = plan::targetsFingerprint(targets, missing);
  basis.machineChecksum = engine_->machine.checksum;
  basis.ctSha256 = on.ctSha256;
  return basis;
}

plan::DoseBasis Workspace::basis(int planIndex) const {
  const auto& computed = plan(planIndex).record.plan();
  return basis(planIndex, computed ? computed->rx.target : std::string());
}

std::vector<std::string> Workspace::blockers(int planIndex) const { return plan(planIndex).record.blockers(basis(planIndex)); }

PlanComputation Workspace::prepareComputation(int planIndex, const PlanDoseRequest& request) const {
  const PlanEntry& entry = plan(planIndex);
  const Study& on = study(entry.study);
  PlanComputation computation;
  computation.ct = on.ct;
  computation.structures = on.structures->structures();
  computation.beams = entry.beams->beams();
  computation.rx = eval::parsePrescription(request.prescription);
  computation.rx.target = request.target;
  computation.rx.normalisation = request.normalisation;
  computation.engine = engine_;
  computation.gridMm = request.gridMm;
  computation.basis = basis(planIndex, request.target);
  return computation;
}

bool Workspace::setComputedPlan(int planIndex, plan::Plan computed, plan::DoseBasis basis) {
  PlanEntry& entry = plan(planIndex);
  if (!plan::onlyWeightsChanged(computed, entry.beams->beams())) return false;
  // Weights edited while the engine ran count too.
  setReweightedPlan(entry, std::move(computed), std::move(basis));
  return true;
}

PlanUpdate Workspace::planEdited(int planIndex) {
  PlanEntry& entry = plan(planIndex);
  PlanUpdate update;
  const auto& computed = entry.record.plan();
  const std::vector<dose::Beam>& beams = entry.beams->beams();
  if (computed && plan::onlyWeightsChanged(*computed, beams) &&
      plan::weightsFingerprint(computed->beams) != plan::weightsFingerprint(beams)) {
    setReweightedPlan(entry, *computed, entry.record.doseBasis().value());
    update.resummed = true;
  }
  if (computed || entry.record.approval()) update.newRevision = entry.record.planChanged(basis(planIndex));
  return update;
}

void Workspace::dropComputedPlan(int planIndex) { plan(planIndex).record.clearPlan(); }

std::vector<structure::Structure> Workspace::structuresWithContours(int studyIndex) const {
  const StructureSetModel& structures = *study(studyIndex).structures;
  std::vector<structure::Structure> all = structures.structures();
  structure::refreshContours(all, structures.staleContours());
  return all;
}

std::optional<std::string> Workspace::doseStaleness(int planIndex) const {
  const plan::PlanRecord& record = plan(planIndex).record;
  if (!record.plan()) return std::nullopt;
  const auto changes = plan::doseChanges(*record.doseBasis(), basis(planIndex));
  if (changes.empty()) return std::nullopt;
  std::string what;
  for (const std::string& change : changes) what += (what.empty() ? "" : ", ") + change;
  return what + " changed since Compute dose";
}

std::function<SavedStructureSet()> Workspace::structureSetWriter(int studyIndex, std::filesystem::path folder) const {
  const Study& s = study(studyIndex);
  return [ct = s.ct, all = s.structures->structures(), stale = s.structures->staleContours(),
          uids = s.ctSopInstanceUids, folder = std::move(folder)] {
    return saveStructureSet(*ct, all, stale, uids, folder);
  };
}

void Workspace::structureSetSaved(int studyIndex, SavedStructureSet written) {
  Study& s = study(studyIndex);
  s.ctSopInstanceUids = std::move(written.ctSopInstanceUids);
  s.structures->setContours(std::move(written.contours));
}

WorkingState Workspace::workingState(int planIndex, std::string savedAtUtc) const {
  const PlanEntry& entry = plan(planIndex);
  const Study& s = study(entry.study);
  WorkingState state;
  state.patientId = s.ct->identity.patientId;
  state.ctSeriesInstanceUid = s.ct->identity.seriesInstanceUid;
  state.structures = s.structures->structures();
  state.beams = {entry.beams->beams(), entry.beams->target()};
  state.referencePoints = entry.record.referencePoints();
  state.editCount = history_.index();
  state.savedAtUtc = std::move(savedAtUtc);
  return state;
}

void Workspace::setReferencePoints(int planIndex, std::vector<plan::ReferencePoint> points) {
  plan(planIndex).record.setReferencePoints(std::move(points));
}

void Workspace::optimiseWeights(int planIndex) {
  PlanEntry& entry = plan(planIndex);
  if (!entry.record.plan())
    throw Error(ErrorCode::BadInput, "optimise weights: the plan has no dose; compute the dose first");
  if (const auto stale = doseStaleness(planIndex))
    throw Error(ErrorCode::BadInput, "optimise weights: the dose is stale (" + *stale + "); compute the dose again first");
  const std::vector<dose::Beam> optimised =
      plan::optimiseWeights(*entry.record.plan(), study(entry.study).structures->structures());
  std::vector<double> weights;
  for (const auto& beam : optimised) weights.push_back(beam.weight);
  entry.beams->setWeights(weights, "Optimise weights");
}

FieldInFieldComputation Workspace::prepareFieldInField(int planIndex, const plan::FieldInFieldOptions& options) const {
  const PlanEntry& entry = plan(planIndex);
  if (!entry.record.plan())
    throw Error(ErrorCode::BadInput, "field-in-field: the plan has no dose; compute the dose first");
  if (const auto stale = doseStaleness(planIndex))
    throw Error(ErrorCode::BadInput, "field-in-field: the dose is stale (" + *stale + "); compute the dose again first");
  const Study& on = study(entry.study);
  return {*entry.record.plan(), on.ct, on.structures->structures(), engine_, options, entry.beams->revision()};
}

bool Workspace::setFieldInFieldResult(int planIndex, const FieldInFieldComputation& computation,
                                      plan::FieldInFieldResult result) {
  PlanEntry& entry = plan(planIndex);
  if (entry.beams->revision() != computation.beamsRevision) return false;
  entry.beams->setSegments(result.plan.beams, "Field-in-field");
  const std::string target = result.plan.rx.target;
  return setComputedPlan(planIndex, std::move(result.plan), basis(planIndex, target));
}

std::optional<eval::DoseMaximum> Workspace::globalMaximum(int planIndex) const {
  const PlanEntry& entry = plan(planIndex);
  if (!entry.record.plan()) return std::nullopt;
  return plan::globalMaximum(*entry.record.plan(), study(entry.study).structures->structures());
}

void Workspace::approve(int planIndex, const plan::Approval& approval) {
  PlanEntry& entry = plan(planIndex);
  entry.record.approve(approval, basis(planIndex), structuresWithContours(entry.study));
}

plan::PlanSnapshot Workspace::snapshot(int planIndex, PlanRevision which) const {
  const PlanEntry& entry = plan(planIndex);
  if (which == PlanRevision::Current) return entry.record.current(basis(planIndex), structuresWithContours(entry.study));
  if (!entry.record.lastApproved())
    throw Error(ErrorCode::BadInput, "cannot export: no revision of plan " + entry.record.label() + " is approved");
  return *entry.record.lastApproved();
}

PlanDose planDoseOf(const plan::Plan& plan, const core::SeriesIdentity& ct) {
  PlanDose dose;
  dose.dose = std::make_shared<const eval::DoseDistribution>(plan::doseDistribution(plan, ct));
  dose.origin = plan::describeOrigin(plan);
  dose.prescriptionGy = plan.rx.totalDoseGy;
  dose.fractions = plan.rx.fractions;
  return dose;
}

}  // namespace kerma::app
