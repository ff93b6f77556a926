#ifndef KERMA_APP_BEAM_PLAN_MODEL_H
#define KERMA_APP_BEAM_PLAN_MODEL_H

#include "kerma/app/structure_set_model.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/beams/beam_templates.h"
#include "kerma/beams/machine_limits.h"
#include "kerma/beams/mlc_conformation.h"
#include "kerma/beams/mlc_shielding.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// What the plan's fields are conformed to: a structure of the StructureSetModel, by name, and
/// how (margins, leaf mode, jaw margin).
struct PlanTarget {
  std::string structureName;
  beams::ConformationOptions options;
};

/// What "New plan…" asks for: a template, the target (a structure index) and the conformation.
struct TemplatePlanSettings {
  beams::BeamTemplate beamTemplate = beams::BeamTemplate::Box4;
  int targetIndex = 0;
  beams::ConformationOptions options;
};

/// The structure a new plan targets by default: the first PTV, else CTV, else GTV, else the
/// first structure; nullopt when there is none.
std::optional<int> defaultPlanTarget(const StructureSetModel& structures);

/// Everything a beam edit can change.
struct BeamPlanState {
  std::vector<dose::Beam> beams;
  std::optional<PlanTarget> target;
};

/// One undoable change of the plan's beams, e.g. "Box4 on PTV" or "Move leaf X1 31 of AP": the
/// whole state before and after. A beam is a few hundred numbers, so whole states cost a few
/// kilobytes and cannot get a difference wrong.
struct BeamEdit {
  std::string description;
  BeamPlanState before, after;
};

/// What a change notification is about.
enum class BeamChange {
  Beams,         ///< beams added, removed or edited (geometry, weight, name, energy): a dose is stale
  Selection,     ///< the selected beam changed
  MonitorUnits,  ///< setMonitorUnits was called
};

/// The plan's beams on the treatment machine and the one editing API the beam table, the beam's-
/// eye view and the template action go through. Every change is a BeamEdit handed to the edit
/// sink (the workspace's UndoHistory, as StructureSetModel's edits are), so each is undoable.
/// Changes are checked against the machine's limits (beams::checkMachineLimits) before they are
/// committed: an impossible edit throws kerma::Error (BadInput) with the reason and changes
/// nothing. Monitor units are not part of the edits: a dose engine sets them per beam
/// (setMonitorUnits) and every beam edit clears them, since the dose they came from is stale.
/// Qt-free.
class BeamPlanModel {
 public:
  /// Receives every committed edit; it must apply it (apply(edit, Redo)) and may keep it for
  /// undo. Without a sink edits are applied directly.
  using EditSink = std::function<void(BeamEdit)>;
  using Listener = std::function<void(BeamChange)>;

  /// structures must outlive the model; the target and the BODY (for SSDs) are looked up there.
  BeamPlanModel(const StructureSetModel& structures, dose::Machine machine);

  const dose::Machine& machine() const { return machine_; }
  const std::vector<dose::Beam>& beams() const { return state_.beams; }
  int count() const { return int(state_.beams.size()); }
  const dose::Beam& beam(int index) const;
  const std::optional<PlanTarget>& target() const { return state_.target; }

  std::optional<int> selectedIndex() const { return selected_; }
  /// Selects beam index (nullopt: none); notifies Selection.
  void setSelectedIndex(std::optional<int> index);

  /// Monitor units of beam index as a dose engine computed them; nullopt until then or after
  /// any beam edit.
  std::optional<double> monitorUnits(int index) const;
  /// Sets the monitor units of beam index (nullopt clears them); notifies MonitorUnits. Not an
  /// edit: it describes a dose of the current beams, not a change of them.
  void setMonitorUnits(int index, std::optional<double> monitorUnits);

  /// Increases with every change of the beams (not with selection or monitor units).
  std::uint64_t revision() const { return revision_; }
  /// Adds a listener called after every change; returns its id for removeListener.
  int addListener(Listener listener);
  void removeListener(int id);

  // --- the editing API ---------------------------------------------------------------------

  void setEditSink(EditSink sink) { sink_ = std::move(sink); }
  /// Applies edit forwards (Redo) or backwards (Undo); clears monitor units, keeps the selection
  /// in range.
  void apply(const BeamEdit& edit, EditDirection direction);

  /// Replaces the plan by the beams of beamTemplate about the centroid of structure
  /// targetIndex (or isocenterMm), each conformed to it with options (beams::conformMlc), with
  /// the machine's first energy and the SSD on the BODY; selects the first beam. Throws
  /// kerma::Error (BadInput) when the target is empty or a field breaks a machine limit.
  void createFromTemplate(beams::BeamTemplate beamTemplate, int targetIndex, const beams::ConformationOptions& options,
                          std::optional<core::Point3<core::Patient>> isocenterMm = std::nullopt);
  /// New gantry, collimator and couch angles of beam index, degrees; the field is conformed
  /// again to the plan's target (if any; its subfields are then dropped, as by every
  /// conformation and by shielding) and the SSD recomputed.
  void setAngles(int index, double gantryDeg, double collimatorDeg, double couchDeg);
  /// Fits the MLC and jaws of beam index to the plan's target again (undoing hand edits).
  void conform(int index);
  /// *Shield structure…*: beam index's leaves closed over structure organIndex
  /// (beams::shieldOrgan against the plan's target grown by the largest of its conformation
  /// margins), one edit; the leaves stay editable by hand. Returns the pairs where options.rule decided (empty: none).
  /// Throws kerma::Error (BadInput) without a plan target, or when the organ is the target.
  std::vector<std::string> shieldStructure(int index, int organIndex, beams::ShieldingOptions options);
  /// Moves the isocentre of every beam to isocentreMm (the plan's one isocentre), conforming
  /// each field to the target again and recomputing its SSD. Throws kerma::Error (BadInput)
  /// without beams or when a field breaks a machine limit there.
  void setIsocentre(const core::Point3<core::Patient>& isocentreMm);
  /// The isocentre of the plan: the first beam's; nullopt without beams.
  std::optional<core::Point3<core::Patient>> isocentre() const;
  void setWeight(int index, double weight);
  /// Every beam's weight at once (one per beam, each 0 or more) as one edit named label, e.g.
  /// "Optimise weights".
  void setWeights(const std::vector<double>& weights, const std::string& label);
  /// Every beam's segments (leaves, subfields) and weight taken from segmented (one per beam,
  /// the same angles, isocentre and jaws, e.g. plan::fieldInField's beams) as one edit named
  /// label. Throws kerma::Error (BadInput) when a beam's geometry differs.
  void setSegments(const std::vector<dose::Beam>& segmented, const std::string& label);
  void setName(int index, const std::string& name);
  /// energy must be one of the machine's energies.
  void setEnergy(int index, const std::string& energy);
  void removeBeam(int index);

  /// A leaf or jaw drag changes beam index live while the mouse moves and becomes one edit when
  /// it ends, as a brush stroke does.
  void beginFieldDrag(int index);
  bool fieldDragActive() const { return drag_.has_value(); }
  /// Moves the tip of pair's leaf in bank to tipMm, clamped to where the machine lets it stand
  /// (beams::leafTipRange); returns the position taken.
  double dragLeaf(int pair, beams::LeafBank bank, double tipMm);
  /// Moves jaw to positionMm, clamped to beams::jawRange; returns the position taken.
  double dragJaw(beams::Jaw jaw, double positionMm);
  /// Ends the drag and commits it as one edit (nothing if nothing moved).
  void endFieldDrag();

 private:
  struct Drag {
    int index;
    BeamPlanState before;
    std::string description;
  };

  /// Commits after as one edit with description, after checking every beam against the limits.
  void commit(BeamPlanState after, std::string description);
  /// Conforms beam to the target and sets its SSD; beam unchanged without a target.
  void conformToTarget(dose::Beam& beam, const PlanTarget& target) const;
  void notify(BeamChange change);
  const structure::Structure& targetStructure(const PlanTarget& target) const;
  /// The BODY's mask (structure::findBody), nullptr when there is none.
  const structure::Mask* bodyMask() const;

  const StructureSetModel& structures_;
  dose::Machine machine_;
  BeamPlanState state_;
  std::vector<std::optional<double>> monitorUnits_;
  std::optional<int> selected_;
  std::optional<Drag> drag_;
  std::uint64_t revision_ = 1;
  std::map<int, Listener> listeners_;
  int nextListenerId_ = 1;
  EditSink sink_;
};

/// Structure index with contours that describe its mask, as beam's-eye-view projection needs
/// (beams::projectStructure): its own contours, or contours extracted from its mask where the
/// mask changed since they were read (StructureSetModel::contoursStale) or it has none.
structure::Structure structureWithContours(const StructureSetModel& structures, int index);

}  // namespace kerma::app

#endif  // KERMA_APP_BEAM_PLAN_MODEL_H
