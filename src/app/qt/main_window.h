#ifndef KERMA_APP_QT_MAIN_WINDOW_H
#define KERMA_APP_QT_MAIN_WINDOW_H

#include "kerma/app/beam_plan_model.h"
#include "kerma/app/brush_tool_model.h"
#include "kerma/app/dose_wash.h"
#include "kerma/app/fusion_model.h"
#include "kerma/app/patient_files.h"
#include "kerma/app/patient_store.h"
#include "kerma/app/plan_dose.h"
#include "kerma/app/polygon_tool_model.h"
#include "kerma/app/region_grow_tool_model.h"
#include "kerma/app/structure_overlay.h"
#include "kerma/app/structure_set_model.h"
#include "kerma/app/threshold_tool_model.h"
#include "kerma/app/viewer_model.h"
#include "kerma/app/working_state.h"
#include "kerma/app/workspace.h"
#include "kerma/planexport/plan_export.h"

#include <QFuture>
#include <QMainWindow>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace kerma::app {

class Autosave;
class PatientBrowser;
class BeamTablePanel;
class BevView;
class Plan3dView;
class ContouringPanel;
class ContouringTools;
class DosePanel;
class EvaluationPanel;
class FusionInteraction;
class FusionPanel;
class SliceInteraction;
class SliceView;
class StructureListPanel;
class VtkCtImage;
class WindowPresetBox;
enum class ContouringTool;

/// The workstation's main window: a view of one study and one plan of a Workspace, and the
/// wiring of its widgets to the workspace's models (docs/ARCHITECTURE.md, "The workstation"). A
/// header with the patient's name and ID, the axial view on the left, the beam's-eye and 3D views
/// over sagittal and coronal on the right, docks for structures and tools, dose, beams and plan
/// evaluation, and a status line. Holds no plan or evaluation logic of its own: edits go to the
/// models, whose edit sinks put them into the workspace's undo history; approval, fingerprints and
/// export snapshots are the workspace's.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  /// Shows plan of study of workspace, which must outlive the window.
  MainWindow(std::shared_ptr<Workspace> workspace, int study, int plan, QWidget* parent = nullptr);
  /// A workspace of its own (the default machine) with patient as its one study and an empty
  /// plan. patient.ct must hold at least one voxel; its structures lie on its grid.
  explicit MainWindow(OpenedPatient patient, QWidget* parent = nullptr);
  ~MainWindow() override;

  Workspace& workspace() { return *workspace_; }
  ViewerModel& model() { return model_; }
  StructureSetModel& structures() { return structures_; }
  BrushToolModel& brushModel();
  PolygonToolModel& polygonModel();
  ThresholdToolModel& thresholdModel();
  RegionGrowToolModel& regionGrowModel();
  /// The workspace's undo history, which Edit → Undo and Redo move through.
  UndoHistory& history() { return workspace_->history(); }
  StructureListPanel* structureList() const { return structureList_; }
  ContouringPanel* contouringPanel() const { return contouringPanel_; }
  SliceView* view(ViewOrientation orientation) const;

  /// Re-reads the model in every view and the status line.
  void refreshViews();

  // Plan evaluation (main_window_evaluation.cpp).
  /// Adds the plan evaluation dock (DVHs, statistics, constraints, re-irradiation) of this CT,
  /// loaded from ctOrigin, and File → Open RT Dose…. The dock appears with the first dose; it
  /// evaluates the structures as they are, following every edit.
  void setUpPlanEvaluation(const std::string& ctOrigin);
  /// A new dose for the current plan, whether read from a file or computed: the one entry
  /// point. Throws kerma::Error (BadInput) naming both Patient IDs or Frame of Reference UIDs
  /// when it is not this CT's. Requires setUpPlanEvaluation.
  void setPlanDose(PlanDose dose);
  /// Reads an RT Dose file and sets it as the plan dose; shows a dialog with the reason and
  /// returns false when it cannot be read or is refused. A dose of another patient or Frame of
  /// Reference is refused unless the user chooses "Combine anyway" (confirmCombine).
  bool openRtDose(const QString& file);
  /// Plan comparison (the evaluation's Compare tab): the plan's dose against the RT Dose in file
  /// (of this patient and Frame of Reference, else refused in a dialog naming what differs), or
  /// against the plan's last approved revision (refused without one). The comparison runs on a
  /// worker thread.
  QFuture<void> compareWithRtDose(const QString& file);
  QFuture<void> compareWithApprovedRevision();
  /// Processes events until the current dose's DVHs are shown, at most timeoutMs; false on
  /// timeout. True at once without a dose.
  bool waitForPlanEvaluation(int timeoutMs);
  EvaluationPanel* evaluationPanel() const { return evaluation_; }

  // Dose calculation and display (main_window_dose.cpp).
  /// Computes the dose of the plan's beams as request says on a worker thread with a progress
  /// dialog that can cancel it (Workspace::prepareComputation); the result becomes the plan's
  /// (Workspace::setComputedPlan) and the plan dose. Errors are shown in a dialog. Throws
  /// kerma::Error (BadInput) without setUpPlanEvaluation or for a prescription that does not
  /// parse.
  QFuture<void> computeDose(const PlanDoseRequest& request);
  /// *Field-in-field*: plan::fieldInField of the plan's current dose with options on a worker
  /// thread with a progress dialog that can cancel it; the result becomes the plan's beams (one
  /// undoable edit) and dose (Workspace::setFieldInFieldResult), what it did said in the status
  /// bar. Errors (no current dose) are shown in a dialog.
  QFuture<void> fieldInField(const plan::FieldInFieldOptions& options);
  /// How the plan dose is drawn in the three views.
  void setDoseWashStyle(const DoseWashStyle& style);
  DosePanel* dosePanel() const { return dosePanel_; }

  /// Makes tool the one left clicks in the views go to.
  void selectTool(ContouringTool tool);
  void setOverlayStyle(const OverlayStyle& style);

  /// Writes the structures (and, for the demo patient, the CT) into folder on a worker thread,
  /// with a busy cursor and the window disabled; errors are shown in a dialog naming the file.
  QFuture<void> saveStructuresTo(const std::filesystem::path& folder);
  /// The contouring tools' commands (ContouringTools::interpolateActive).
  void interpolateActive();

  // Beams (main_window_beams.cpp).
  /// The plan's beams on the treatment machine (the workspace's model).
  BeamPlanModel& beamPlan() { return beams_; }
  BeamTablePanel* beamTable() const { return beamTable_; }
  BevView* beamsEyeView() const { return bev_; }
  Plan3dView* plan3dView() const { return plan3d_; }
  /// The tabs holding the beam's-eye view and the 3D view.
  QTabWidget* beamViews() const { return beamViews_; }
  /// Replaces the plan by settings' template conformed to its target, as one undoable edit;
  /// shows a dialog with the reason and returns false when it cannot be built.
  bool createTemplatePlan(const TemplatePlanSettings& settings);

  // Fusion review (main_window_fusion.cpp).
  /// Adds prior (a CT of this patient, usually of a prior course on its own Frame of Reference) to
  /// the workspace as a study and shows it over this CT in the three views, with the Fusion dock to
  /// register it, adjust it by hand and accept it (FusionPanel); another call replaces it. Throws
  /// kerma::Error (BadInput) naming both Patient IDs when prior is another patient's.
  /// priorDose: the prior course's RT Dose in that study (its folder's), which the Fusion dock
  /// offers as a prior course of the re-irradiation once the registration is accepted
  /// (addFusedPriorCourse).
  void setUpFusion(OpenedPatient prior, std::optional<std::filesystem::path> priorDose = std::nullopt);
  /// The fused study's RT Dose as a prior course of the re-irradiation tab, mapped through the
  /// accepted registration, in fractions (its RT Plan's when nullopt and the plan lies beside it).
  /// Throws kerma::Error (BadInput) without a fused dose, before the acceptance, without known
  /// fractions, or as ReirradiationPanel::addPriorCourse does; requires setUpPlanEvaluation.
  void addFusedPriorCourse(std::optional<int> fractions = std::nullopt);
  FusionModel* fusion() const { return fusion_.get(); }
  /// A registration accepted elsewhere (a prior course's REG given on the command line) shown and
  /// recorded as accepted by who in the fusion review, when it is of the fused prior CT's frames;
  /// false (nothing changes) otherwise or without a fusion.
  bool showAcceptedRegistrationInFusion(const AcceptedRegistration& registration, const std::string& who);
  /// The fused prior study's structures onto this CT through the accepted registration
  /// (mapPriorStructures), each added as an undoable edit; returns how many. Throws kerma::Error
  /// (BadInput) without a fusion or before its registration is accepted.
  int copyPriorStructures();
  FusionPanel* fusionPanel() const { return fusionPanel_; }
  /// The fusion's accepted registration when it maps movingFrameUid onto this CT: what a prior
  /// course of that frame is mapped through without asking for a Spatial Registration file.
  std::optional<AcceptedRegistration> acceptedFusionRegistration(const std::string& movingFrameUid) const;

  // Patient store, autosave and patient browser (main_window_store.cpp).
  /// From now on autosaves this patient's work into store's recovery record, and adds File →
  /// Save to patient store and File → Patient browser….
  void setPatientStore(std::shared_ptr<PatientStore> store);
  const std::shared_ptr<PatientStore>& patientStore() const { return store_; }
  Autosave* autosave() const { return autosave_; }
  /// The structures and beams as the autosave keeps them, with the history's index.
  WorkingState workingState() const;
  /// The window opened on unsaved work restored from the recovery record: its structures (given
  /// to the constructor) and these beams, which replace the plan's (not an undoable edit). That
  /// work counts as unsaved until saved.
  void restoreUnsavedWork(const BeamPlanState& beams, const std::vector<plan::ReferencePoint>& referencePoints = {});
  /// Whether anything would be lost by quitting now: edits not saved to the patient store (to a
  /// folder when there is no store) or restored work not saved since.
  bool hasUnsavedWork() const;
  /// Writes the structures (and, for the demo patient, the CT) into the patient store on a worker
  /// thread, as saveStructuresTo does into a folder, then discards the recovery record (kept
  /// while the plan has beams, which the store does not hold).
  QFuture<void> saveToStore();
  /// File → Patient browser…: shows the store's patients; Open there opens one in a new window.
  PatientBrowser* openPatientBrowser();
  /// Opens the patient's CT and structure set from the store in a new window (offering its
  /// unsaved work); a dialog says why when it cannot.
  void openStoredPatient(const std::string& patientId);

  // The plan record: revision, approval, export (main_window_plan.cpp).
  /// The plan's label, revision, approval and computed plan (the workspace's record).
  const plan::PlanRecord& planRecord() const { return workspace_->plan(plan_).record; }
  /// Why the current revision cannot be approved or exported (Workspace::blockers); the Dose
  /// panel shows the same list. Empty when it can.
  std::vector<std::string> planBlockers() const { return workspace_->blockers(plan_); }
  /// Approves the current revision for reviewer (Plan > Approve plan… asks for the name), who
  /// accepts a hot spot of acceptedGlobalMaxPercent. Throws kerma::Error (BadInput) listing every
  /// reason when it cannot be approved (a hot spot not accepted among them).
  void approvePlan(const std::string& reviewer, std::optional<double> acceptedGlobalMaxPercent = std::nullopt);
  /// Writes a revision of the plan (Workspace::snapshot: the current one, or the last approved
  /// one exactly as approved) into folder through planexport::exportPlan: RT Plan, RT Dose, RT
  /// Structure Set (and the CT when it has no files), RT Images and the PDF report and, for the
  /// current revision with prior courses, their cumulative EQD2 (cumulativeDose), off the GUI
  /// thread with a progress dialog that can cancel it (a cancelled export writes nothing). Throws
  /// kerma::Error (BadInput) at once, writing nothing, when that revision cannot be exported.
  /// Errors while writing are shown in a dialog. The future holds the RT Plan's path, empty when
  /// cancelled or failed.
  QFuture<std::filesystem::path> exportPlanTo(const std::filesystem::path& folder,
                                              PlanRevision which = PlanRevision::Current);
  /// With prior courses in the re-irradiation tab and their sum computed for the current dose: the
  /// cumulative EQD2 the current revision's export writes beside its RT Dose (the prior RT Plans
  /// and the registrations it references); nullopt otherwise.
  std::optional<planexport::CumulativeDose> cumulativeDose() const;

 protected:
  /// Asks before quitting with unsaved work or an unapproved plan dose (save, quit without
  /// saving, or stay); quitting without saving discards the recovery record, as decided.
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildLayout();
  // Says in the status line which differences of the study's structure set a user accepted.
  void showAcceptedDifferences();
  void buildDocks();
  void buildMenus();
  // Adds action to the File menu above Quit, which stays last.
  void addFileAction(QAction* action);
  void historyChanged();
  void structuresChanged();
  void refreshListWhenIdle();
  void chooseSaveFolder();
  // Whether the window closes once a save to the patient store has succeeded (Save and quit).
  enum class AfterSave { Stay, Close };
  QFuture<void> saveToStore(AfterSave after);
  // File → Open…: a CT folder in a new window; openInNewWindow opens patient there, offering the
  // store's unsaved work for it.
  void chooseFolderToOpen();
  // File → Fuse prior CT…: a CT folder of this patient for setUpFusion, with its RT Dose if any.
  void choosePriorCt();
  // The Fusion dock's "Add its dose as a prior course…": asks its fractions, then addFusedPriorCourse.
  void offerFusedPriorCourse();
  void openInNewWindow(OpenedPatient patient);
  void setUpDose();
  // "Normalised on" offers every structure but the outline.
  void refreshDoseTargets();
  // Draws dose in the views with the default style for its prescription.
  void showDose(const PlanDose& dose);
  // Finds the shown dose's global maximum and shows it in the dose panel and the views.
  void showGlobalMaximum(double prescriptionGy);
  // "Shield…" in the beam table: asks for the structure, margin and rule and shields the selected beam.
  void shieldSelectedBeam();
  // The plan's dose compared with evaluated in the Compare tab.
  QFuture<void> compareWith(PlanDose evaluated);
  // The views draw what the Compare tab chose: the plan dose, the difference or the gamma map.
  void showComparisonInViews();
  // The views draw the cumulative EQD2 of the re-irradiation tab while it is asked for and computed,
  // else the plan dose.
  void showCumulativeInViews();
  // "Field-in-field…" in the beam table: asks for the level and the subfields per beam.
  void openFieldInFieldDialog();
  // "Isodose to structure…": asks for a level and adds the shown dose's isodose as a structure.
  void isodoseToStructure();
  // The Dose panel's reference point table, from the plan's record and dose.
  void refreshReferencePoints();
  // "Add at crosshair…": asks for a name; "Remove": the planner's point called name.
  void addReferencePoint();
  void removeReferencePoint(const QString& name);
  void setUpBeams();
  void beamsChanged(BeamChange change);
  // The beam's-eye and 3D views show the structures too.
  void beamViewsStructuresChanged();
  void openTemplatePlanDialog();
  void setUpPlanRecord(QMenu* planMenu);
  // After an edit of the beams or the structures: the workspace keeps the plan's dose in step
  // (Workspace::planEdited); the window shows what happened.
  void planEdited();
  void scheduleTargetCheck();
  // The record's state in the status line and the Dose panel.
  void refreshPlanState();
  // The views at the plan's isocentre, or at the structure's.
  void goToIsocentre();
  void bringStructureIntoView(int index);
  void centreOnStructure(int index);

  std::shared_ptr<Workspace> workspace_;
  const int study_, plan_;
  StructureSetModel& structures_;
  BeamPlanModel& beams_;
  ViewerModel model_;
  ContouringTools* tools_ = nullptr;

  std::shared_ptr<VtkCtImage> image_;
  std::array<SliceView*, 3> views_{};
  QAction* undoAction_ = nullptr;
  QAction* redoAction_ = nullptr;
  StructureListPanel* structureList_ = nullptr;
  ContouringPanel* contouringPanel_ = nullptr;
  WindowPresetBox* presetBox_ = nullptr;
  QMenu* fileMenu_ = nullptr;
  QAction* quitSeparator_ = nullptr;
  QLabel* windowLabel_ = nullptr;
  QLabel* probeLabel_ = nullptr;
  EvaluationPanel* evaluation_ = nullptr;
  DosePanel* dosePanel_ = nullptr;
  QDockWidget* doseDock_ = nullptr;
  std::shared_ptr<const eval::DoseDistribution> shownDose_;
  // The shown dose's hottest point inside BODY (eval::doseMaximumWithin); nullopt without either.
  std::optional<eval::DoseMaximum> shownDoseMaximum_;
  QLabel* doseStateLabel_ = nullptr;
  QLabel* planLabel_ = nullptr;
  bool planCheckPending_ = false;
  BeamTablePanel* beamTable_ = nullptr;
  QDockWidget* beamDock_ = nullptr;
  BevView* bev_ = nullptr;
  Plan3dView* plan3d_ = nullptr;
  QTabWidget* beamViews_ = nullptr;
  bool beamTableRefreshPending_ = false;
  QDockWidget* evaluationDock_ = nullptr;
  bool listRefreshPending_ = false;
  // StructureSetModel::editRevision that the lists and the evaluation show.
  std::uint64_t listedEditRevision_ = 0;
  std::shared_ptr<PatientStore> store_;
  Autosave* autosave_ = nullptr;
  bool restoredWork_ = false;
  std::unique_ptr<FusionModel> fusion_;
  int fusionStudy_ = -1;  // the prior CT's study in the workspace
  std::optional<std::filesystem::path> fusionDose_;  // its course's RT Dose
  FusionPanel* fusionPanel_ = nullptr;
  QDockWidget* fusionDock_ = nullptr;
  std::unique_ptr<FusionInteraction> fusionInteraction_;
  // Counts the planner's reference point changes, which are no edits, for the autosave to see.
  std::uint64_t referencePointChanges_ = 0;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_MAIN_WINDOW_H
