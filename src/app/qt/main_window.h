#ifndef KERMA_APP_QT_MAIN_WINDOW_H
#define KERMA_APP_QT_MAIN_WINDOW_H

#include "kerma/app/beam_plan_model.h"
#include "kerma/app/brush_tool_model.h"
#include "kerma/app/combine_log.h"
#include "kerma/app/dose_calculation.h"
#include "kerma/app/dose_wash.h"
#include "kerma/app/patient_files.h"
#include "kerma/app/patient_store.h"
#include "kerma/app/plan_approval.h"
#include "kerma/app/plan_dose.h"
#include "kerma/app/polygon_tool_model.h"
#include "kerma/app/region_grow_tool_model.h"
#include "kerma/app/structure_overlay.h"
#include "kerma/app/structure_set_model.h"
#include "kerma/app/threshold_tool_model.h"
#include "kerma/app/viewer_model.h"
#include "kerma/app/working_state.h"
#include "kerma/core/image_series.h"

#include <QFuture>
#include <QMainWindow>

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;
class QUndoStack;

namespace kerma::app {

class Autosave;
class PatientBrowser;
class BeamTablePanel;
class BevView;
class Plan3dView;
class ContouringPanel;
class DosePanel;
class EvaluationPanel;
class SliceInteraction;
class SliceView;
class StructureListPanel;
class VtkCtImage;
enum class ContouringTool;

/// The workstation's main window: a header with the patient's name and ID, the axial view on the
/// left, sagittal and coronal on the right, the structure list and contouring tools in a panel
/// on the right, a window/level preset menu and a status line with the HU and patient
/// coordinates under the cursor. Owns the ViewerModel, the StructureSetModel and the tool
/// models; every structure edit reaches the QUndoStack through the model's edit sink, and every
/// model change repaints the views and the list.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  /// patient.ct must hold at least one voxel; its structures lie on its grid.
  explicit MainWindow(OpenedPatient patient, QWidget* parent = nullptr);
  /// A CT without structures; sourceDescription says where it came from.
  MainWindow(std::shared_ptr<const core::CtImage> ct, const QString& sourceDescription,
             QWidget* parent = nullptr);
  ~MainWindow() override;

  ViewerModel& model() { return model_; }
  StructureSetModel& structures() { return structures_; }
  BrushToolModel& brushModel() { return brush_; }
  PolygonToolModel& polygonModel() { return polygon_; }
  ThresholdToolModel& thresholdModel() { return threshold_; }
  RegionGrowToolModel& regionGrowModel() { return grow_; }
  QUndoStack* undoStack() const { return undoStack_; }
  StructureListPanel* structureList() const { return structureList_; }
  ContouringPanel* contouringPanel() const { return contouringPanel_; }
  SliceView* view(ViewOrientation orientation) const;

  /// Applies windowPresets()[index] to all views.
  void applyPreset(int index);
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
  /// Reference is refused unless the user chooses "Combine anyway" in a dialog that lists what
  /// differs (default: do not combine); that decision is logged (combineLogFile, status line).
  bool openRtDose(const QString& file);
  /// Where decisions to combine objects of different patients or Frames of Reference are
  /// appended: combine-decisions.log in the user's data folder.
  static std::filesystem::path combineLogFile();
  /// Asks (a modal box over parent listing every difference, "Do not combine" the default)
  /// whether to combine despite differences; a yes is appended to combineLogFile and returned.
  /// Nothing when the user declined or the log cannot be written (then told why).
  static std::optional<CombineDecision> confirmCombine(QWidget* parent, const std::string& action,
                                                       const std::vector<std::string>& differences);
  /// Opens folder's CT as openPatient does, asking confirmCombine about a structure set of
  /// another patient or Frame of Reference.
  static OpenedPatient openPatientAsking(QWidget* parent, const std::optional<std::filesystem::path>& folder);
  /// Processes events until the current dose's DVHs are shown, at most timeoutMs; false on
  /// timeout. True at once without a dose.
  bool waitForPlanEvaluation(int timeoutMs);
  EvaluationPanel* evaluationPanel() const { return evaluation_; }
  // Dose calculation and display (main_window_dose.cpp).
  /// Computes the dose of the plan's beams (beamPlan()) as request says on a worker thread with
  /// a progress dialog that can cancel it; the result becomes the plan dose (setPlanDose) and
  /// its MU the beams' (BeamPlanModel::setMonitorUnits). Later weight edits re-sum the per-beam
  /// doses; any other beam edit marks the dose stale. Errors are shown in a dialog. Throws
  /// kerma::Error (BadInput) without setUpPlanEvaluation.
  QFuture<void> computeDose(const PlanDoseRequest& request);
  /// How the plan dose is drawn in the three views.
  void setDoseWashStyle(const DoseWashStyle& style);
  DosePanel* dosePanel() const { return dosePanel_; }

  /// Makes tool the one left clicks in the views go to.
  void selectTool(ContouringTool tool);
  void setOverlayStyle(const OverlayStyle& style);

  /// Starts region growing from the model's seed on a worker thread, with a busy cursor; the
  /// result becomes the preview. Returns the running computation (finished when the preview is
  /// shown or an error dialog was raised).
  QFuture<void> startRegionGrowing();
  /// Writes the structures (and, for the demo patient, the CT) into folder on a worker thread,
  /// with a busy cursor and the window disabled; errors are shown in a dialog naming the file.
  QFuture<void> saveStructuresTo(const std::filesystem::path& folder);
  /// Fills the empty slices of the active structure (structure::interpolateSlices), as an edit.
  void interpolateActive();

  // Beams (main_window_beams.cpp).
  /// The plan's beams on the treatment machine. Its listeners (BeamPlanModel::addListener) hear
  /// of every change of beams, selection and monitor units; a dose engine sets the MU column
  /// with BeamPlanModel::setMonitorUnits. Edits go through the same QUndoStack as structures.
  BeamPlanModel& beamPlan() { return beams_; }
  BeamTablePanel* beamTable() const { return beamTable_; }
  BevView* beamsEyeView() const { return bev_; }
  Plan3dView* plan3dView() const { return plan3d_; }
  /// The tabs holding the beam's-eye view and the 3D view.
  QTabWidget* beamViews() const { return beamViews_; }
  /// Replaces the plan by settings' template conformed to its target, as one undoable edit;
  /// shows a dialog with the reason and returns false when it cannot be built.
  bool createTemplatePlan(const TemplatePlanSettings& settings);

  // Patient store, autosave and patient browser (main_window_store.cpp).
  /// From now on autosaves this patient's work into store's recovery record, and adds File →
  /// Save to patient store and File → Patient browser….
  void setPatientStore(std::shared_ptr<PatientStore> store);
  const std::shared_ptr<PatientStore>& patientStore() const { return store_; }
  Autosave* autosave() const { return autosave_; }
  /// The structures and beams as the autosave keeps them, with the undo stack's index.
  WorkingState workingState() const;
  /// The window opened on unsaved work restored from the recovery record: its structures (given
  /// to the constructor) and these beams, which replace the plan's (not an undoable edit). That
  /// work counts as unsaved until saved.
  void restoreUnsavedWork(const BeamPlanState& beams);
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
  /// The plan's label, revision, approval and the basis of its computed dose; the status line
  /// shows it. Every beam edit and every edit of the target reaches it.
  const PlanRecord& planRecord() const { return plan_; }
  /// Why the current revision cannot be approved or exported now (PlanRecord::blockers, with the
  /// machine file read again); the Dose panel shows the same list. Empty when it can.
  std::vector<std::string> planBlockers();
  /// Approves the current revision for reviewer (Plan > Approve plan… asks for the name). Throws
  /// kerma::Error (BadInput) listing every reason when it cannot be approved.
  void approvePlan(const std::string& reviewer);
  enum class ExportedRevision { Current, LastApproved };
  /// Writes the current revision (or the last approved one) into folder through
  /// planexport::exportPlan: RT Plan, RT Dose, RT Structure Set (and the CT when it has no
  /// files), RT Images and the PDF report, off the GUI thread with a progress dialog that can
  /// cancel it (a cancelled export writes nothing). Throws kerma::Error (BadInput) at once, writing
  /// nothing, when the current revision is blocked (planBlockers) or no revision is approved.
  /// Errors while writing are shown in a dialog. The future holds the RT Plan's path, empty when
  /// cancelled or failed.
  QFuture<std::filesystem::path> exportPlanTo(const std::filesystem::path& folder,
                                              ExportedRevision which = ExportedRevision::Current);


 protected:
  /// Asks before quitting with unsaved work or an unapproved plan dose (save, quit without
  /// saving, or stay); quitting without saving discards the recovery record, as decided.
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildDocks();
  void buildMenus();
  void buildViewMenu();
  void buildHelpMenu();
  // Adds action to the File menu above Quit, which stays last.
  void addFileAction(QAction* action);
  // File → Open…: a CT folder in a new window.
  void chooseFolderToOpen();
  // Opens patient in a new window of this size, offering the store's unsaved work for it.
  void openInNewWindow(OpenedPatient patient);
  // Go to the plan's isocentre in every view; says so when there is none.
  void goToIsocentre();
  // Brings structure index into the views when the displayed slices do not show it.
  void bringStructureIntoView(int index);
  void structuresChanged();
  void refreshListWhenIdle();
  void chooseSaveFolder();
  // Whether the window closes once a save to the patient store has succeeded (Save and quit).
  enum class AfterSave { Stay, Close };
  QFuture<void> saveToStore(AfterSave after);
  // Writes into folder on a worker thread; keep then runs there too with what was written (e.g.
  // imports it into the patient store) and returns a note for the status line; saved runs on
  // the GUI thread once all went well.
  QFuture<void> saveStructures(const std::filesystem::path& folder,
                               std::function<std::string(const SavedStructureSet&)> keep,
                               std::function<void()> saved);
  void openMarginDialog();
  void openBooleanDialog();
  void setUpDose();
  // "Normalised on" offers every structure but the outline.
  void refreshDoseTargets();
  // Keeps the computed dose in step with the beams: re-summed after weight edits, else stale.
  void computedDoseBeamsChanged();
  // Draws dose in the views with the default style for its prescription.
  void showDose(const PlanDose& dose);
  void setUpBeams();
  void beamsChanged(BeamChange change);
  // The beam's-eye and 3D views show the structures too.
  void beamViewsStructuresChanged();
  void openTemplatePlanDialog();
  void setUpPlanRecord(QMenu* planMenu);
  // Says in the status line which differences of the opened structure set a user accepted.
  void showAcceptedDifferences(const OpenedPatient& patient);
  // What a dose normalised on normalisedOn depends on now: the beams, that structure and the one
  // the fields were shaped to, the machine file (read again) and the CT.
  DoseBasis planBasis(const std::string& normalisedOn);
  // planBasis of the plan's dose (of the fields' target alone without a dose).
  DoseBasis planBasis();
  // After an edit of the beams or the target: a new revision if it was approved; the state shown.
  void planContentChanged();
  void scheduleTargetCheck();
  // known: the basis the caller has just computed, so the target mask is not hashed twice.
  void refreshPlanState(const DoseBasis* known = nullptr);

  ViewerModel model_;
  StructureSetModel structures_;
  std::vector<std::string> ctSopInstanceUids_;
  BrushToolModel brush_;
  PolygonToolModel polygon_;
  ThresholdToolModel threshold_;
  RegionGrowToolModel grow_;
  BeamPlanModel beams_;
  std::unique_ptr<SliceInteraction> brushInteraction_, polygonInteraction_, seedInteraction_;
  OverlayStyle overlayStyle_;

  std::shared_ptr<VtkCtImage> image_;
  std::array<SliceView*, 3> views_{};
  QUndoStack* undoStack_ = nullptr;
  StructureListPanel* structureList_ = nullptr;
  ContouringPanel* contouringPanel_ = nullptr;
  QComboBox* presetBox_ = nullptr;
  QMenu* fileMenu_ = nullptr;
  QAction* quitSeparator_ = nullptr;
  QLabel* windowLabel_ = nullptr;
  QLabel* probeLabel_ = nullptr;
  EvaluationPanel* evaluation_ = nullptr;
  DosePanel* dosePanel_ = nullptr;
  QDockWidget* doseDock_ = nullptr;
  std::shared_ptr<const eval::DoseDistribution> shownDose_;
  // The last Compute dose result while it is the plan dose (a dose read from a file ends it).
  std::optional<ComputedPlanDose> computedDose_;
  QLabel* doseStateLabel_ = nullptr;
  PlanRecord plan_;
  std::string ctFingerprint_;  // of the CT, which a window never changes: computed once
  QLabel* planLabel_ = nullptr;
  bool planCheckPending_ = false;
  BeamTablePanel* beamTable_ = nullptr;
  QDockWidget* beamDock_ = nullptr;
  BevView* bev_ = nullptr;
  Plan3dView* plan3d_ = nullptr;
  QTabWidget* beamViews_ = nullptr;
  bool beamTableRefreshPending_ = false;
  QDockWidget* evaluationDock_ = nullptr;
  // Shows in the DVH chart the structures the structure list shows (matched by name).
  void syncPlanEvaluationVisibility();
  bool listRefreshPending_ = false;
  // StructureSetModel::editRevision that the lists and the evaluation show.
  std::uint64_t listedEditRevision_ = 0;
  std::shared_ptr<PatientStore> store_;
  Autosave* autosave_ = nullptr;
  bool restoredWork_ = false;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_MAIN_WINDOW_H
