#ifndef KERMA_APP_WORKSPACE_H
#define KERMA_APP_WORKSPACE_H

#include "kerma/app/beam_plan_model.h"
#include "kerma/app/patient_files.h"
#include "kerma/app/plan_dose.h"
#include "kerma/app/reirradiation_model.h"
#include "kerma/app/structure_set_model.h"
#include "kerma/app/undo_history.h"
#include "kerma/app/working_state.h"
#include "kerma/eval/plan_dose_calculation.h"
#include "kerma/plan/field_in_field.h"
#include "kerma/plan/plan.h"
#include "kerma/plan/plan_record.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// One CT series of the patient with the structures drawn on it.
struct Study {
  std::shared_ptr<const core::CtImage> ct;
  std::vector<std::string> ctSopInstanceUids;  ///< one per slice; empty: no files yet (the demo)
  std::string source;                          ///< the folder, or "built-in demo patient"
  std::optional<std::filesystem::path> structureSetFile;  ///< the RT Structure Set loaded
  /// What differs between the structure set and the CT that a user accepted (OpenedPatient).
  std::vector<std::string> acceptedDifferences;
  std::unique_ptr<StructureSetModel> structures;
  std::string ctSha256;  ///< plan::ctFingerprint of the CT, computed once
};

/// A plan on one of the studies: its beams (the editing API), and the plan as a clinical record
/// (computed plan, revision, approval with its frozen snapshot).
struct PlanEntry {
  int study = 0;
  std::unique_ptr<BeamPlanModel> beams;
  plan::PlanRecord record;
};

/// What "Compute dose" asks for beyond the plan's beams: the prescription, the structure it is
/// normalised on and the dose grid.
struct PlanDoseRequest {
  std::string target;
  std::string prescription = "20Gy/5";
  eval::Normalisation normalisation = eval::Normalisation::TargetD95;
  double gridMm = dose::DEFAULT_DOSE_GRID_MM;
};

/// The structures a dose can be normalised on (all but the External) and the one offered first:
/// the first PTV or GTV, else none.
struct DoseTargets {
  std::vector<std::string> names;
  std::string preferred;
};
DoseTargets doseTargets(const std::vector<structure::Structure>& structures);

/// A dose calculation of a plan, copied out of the workspace so that it runs on a worker thread
/// while the user goes on editing: the CT, structures and beams as they were, and the basis of
/// the dose it will give.
struct PlanComputation {
  std::shared_ptr<const core::CtImage> ct;
  std::vector<structure::Structure> structures;
  std::vector<dose::Beam> beams;
  eval::Prescription rx;
  std::shared_ptr<const eval::DoseEngineData> engine;
  double gridMm = dose::DEFAULT_DOSE_GRID_MM;
  plan::DoseBasis basis;
  /// Runs the engine (plan::computePlan) on the calling thread; the stages' wall time into times
  /// when given. nullopt when progress cancelled. Throws as computePlan does.
  std::optional<plan::Plan> run(const dose::DoseProgress& progress = {}, plan::PlanTimes* times = nullptr) const;
};

/// A field-in-field run of a plan (plan::fieldInField), copied out of the workspace like a
/// PlanComputation: the computed plan it starts from, the CT and structures, and the revision of
/// the beams it was made for.
struct FieldInFieldComputation {
  plan::Plan plan;
  std::shared_ptr<const core::CtImage> ct;
  std::vector<structure::Structure> structures;
  std::shared_ptr<const eval::DoseEngineData> engine;
  plan::FieldInFieldOptions options;
  std::uint64_t beamsRevision = 0;
  /// Runs plan::fieldInField on the calling thread; nullopt when progress cancelled.
  std::optional<plan::FieldInFieldResult> run(const dose::DoseProgress& progress = {}) const;
};

/// Which revision of a plan an export writes.
enum class PlanRevision { Current, LastApproved };

/// What an edit of beams or structures did to a plan's record.
struct PlanUpdate {
  bool resummed = false;     ///< only weights changed: the dose was re-summed, MU set again
  bool newRevision = false;  ///< an approved plan changed: a new, unapproved revision began
};

/// The patient being worked on, Qt-free (docs/ARCHITECTURE.md, "The workspace"): any number of
/// studies (CT series with their structures), any number of plans on them, the prior courses of
/// a re-irradiation, one undo history of every structure and beam edit, and the dose engine's
/// data (machine, beam model, CT-density curve), read once. The workstation's windows are views
/// of it; its tests drive it headless.
class Workspace {
 public:
  /// engine must hold the machine, its beam model and the density curve plans are computed with.
  explicit Workspace(eval::DoseEngineData engine);
  // The models' edit sinks refer to this workspace.
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  /// The machine and curve of core::defaultMachineFolder and core::defaultCtDensityCurve. Throws
  /// kerma::Error naming the file that cannot be read.
  static std::unique_ptr<Workspace> withDefaultMachine();
  /// withDefaultMachine with patient as its one study and one empty plan on it.
  static std::unique_ptr<Workspace> withDefaultMachine(OpenedPatient patient);

  const eval::DoseEngineData& engine() const { return *engine_; }
  const dose::Machine& machine() const { return engine_->machine; }
  UndoHistory& history() { return history_; }

  /// Adds a study of patient's CT and structures; its structure edits go into history().
  /// Returns its index.
  int addStudy(OpenedPatient patient);
  int studyCount() const { return int(studies_.size()); }
  Study& study(int index);
  const Study& study(int index) const;

  /// Adds an empty plan labelled label (RT Plan Label) on study; its beam edits go into
  /// history(). Returns its index.
  int addPlan(int study, std::string label = "KERMA");
  int planCount() const { return int(plans_.size()); }
  PlanEntry& plan(int index);
  const PlanEntry& plan(int index) const;

  /// Courses given before the one being planned (re-irradiation).
  std::vector<PriorCourse>& priorCourses() { return priorCourses_; }

  /// What a dose of plan normalised on normalisedOn depends on now: its beams and weights, the
  /// masks of that structure and of the one the fields were shaped to, the machine and the CT.
  plan::DoseBasis basis(int plan, const std::string& normalisedOn) const;
  /// basis of the plan's computed dose (of the fields' target alone before one).
  plan::DoseBasis basis(int plan) const;
  /// Why plan's current revision cannot be approved or exported (plan::PlanRecord::blockers).
  std::vector<std::string> blockers(int plan) const;
  /// What changed since plan's dose was computed, for the user: "beams, target mask changed
  /// since Compute dose"; nullopt while the dose is current or there is none.
  std::optional<std::string> doseStaleness(int plan) const;

  /// A dose calculation of plan as request asks, to run anywhere (PlanComputation::run). Throws
  /// kerma::Error (BadInput) when the prescription does not parse.
  PlanComputation prepareComputation(int plan, const PlanDoseRequest& request) const;
  /// The result of a computation of plan becomes its dose, re-summed to the weights its beams
  /// have now, with their MU. False when the beams changed otherwise while it ran: then it is
  /// dropped and the dose must be computed again.
  bool setComputedPlan(int plan, plan::Plan computed, plan::DoseBasis basis);
  /// After an edit of plan's beams or of its study's structures: a dose whose beams changed only
  /// in weight is re-summed (no engine run), an approved plan that no longer matches begins a new
  /// revision.
  PlanUpdate planEdited(int plan);
  /// The dose of plan is no longer its computed one (an RT Dose was opened instead).
  void dropComputedPlan(int plan);

  /// The global maximum of plan's computed dose inside its study's BODY (plan::globalMaximum);
  /// nullopt without a computed dose or a BODY.
  std::optional<eval::DoseMaximum> globalMaximum(int plan) const;

  /// The planner's reference points of plan (plan::PlanRecord::setReferencePoints: not an edit of
  /// the plan). Throws as that does.
  void setReferencePoints(int plan, std::vector<plan::ReferencePoint> points);

  /// *Optimise weights*: plan's beams get the weights of plan::optimiseWeights for its computed
  /// dose and its study's structures, as one undoable edit; the dose is then re-summed as after
  /// any weight edit (planEdited). Throws kerma::Error (BadInput) without a current dose (none,
  /// or stale: the weights would be fitted to beams that are no longer the plan's) and as
  /// plan::optimiseWeights does.
  void optimiseWeights(int plan);

  /// A field-in-field run of plan with options, to run anywhere. Throws kerma::Error (BadInput)
  /// without a current dose, as optimiseWeights does.
  FieldInFieldComputation prepareFieldInField(int plan, const plan::FieldInFieldOptions& options) const;
  /// The result of a field-in-field run of plan: its beams' segments and weights as one
  /// undoable edit ("Field-in-field"), its dose the plan's. False when the beams changed while it
  /// ran: then nothing changes.
  bool setFieldInFieldResult(int plan, const FieldInFieldComputation& computation, plan::FieldInFieldResult result);

  /// Approves plan's current revision for approval and freezes it with the structures as they
  /// are (contours made to match their masks). Throws as plan::PlanRecord::approve does.
  void approve(int plan, const plan::Approval& approval);
  /// The structure set of study written into folder as saveStructureSet does (the CT too while
  /// it has no files), from a copy taken now: safe to run on a worker thread while edits go on.
  /// Call structureSetSaved with the result on the workspace's thread.
  std::function<SavedStructureSet()> structureSetWriter(int study, std::filesystem::path folder) const;
  /// study's CT files and contours are the ones written.
  void structureSetSaved(int study, SavedStructureSet written);
  /// What the autosave keeps of plan and its study now (savedAtUtc as given).
  WorkingState workingState(int plan, std::string savedAtUtc) const;

  /// The revision of plan an export writes, with its structures: the current one (throws
  /// kerma::Error (BadInput) listing every blocker) or the last approved one as approved (throws
  /// when none is).
  plan::PlanSnapshot snapshot(int plan, PlanRevision which) const;

 private:
  // The structures of study with contours that match their masks.
  std::vector<structure::Structure> structuresWithContours(int study) const;

  std::shared_ptr<const eval::DoseEngineData> engine_;
  std::vector<Study> studies_;
  std::vector<PlanEntry> plans_;
  std::vector<PriorCourse> priorCourses_;
  UndoHistory history_;
};

/// The dose of a computed plan as the evaluation takes it: origin "computed: 4 beams on PTV,
/// 20 Gy / 5 fx", the prescription and fractions.
PlanDose planDoseOf(const plan::Plan& plan, const core::SeriesIdentity& ct);

}  // namespace kerma::app

#endif  // KERMA_APP_WORKSPACE_H
