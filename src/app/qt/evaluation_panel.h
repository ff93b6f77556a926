#ifndef KERMA_APP_QT_EVALUATION_PANEL_H
#define KERMA_APP_QT_EVALUATION_PANEL_H

#include "kerma/app/evaluation_model.h"
#include "kerma/app/reirradiation_model.h"
#include "kerma/app/structure_set_model.h"

#include <QElapsedTimer>
#include <QTabWidget>
#include <QThreadPool>

#include <memory>
#include <optional>
#include <vector>

namespace kerma::app {

class ConstraintPanel;
class DvhPanel;
class ComparePanel;
class ReirradiationPanel;
class StatisticsTable;

/// How long the last new dose took to show, ms.
struct EvaluationTiming {
  double previewMs = 0;  ///< from setPlanDose until the chart and table showed the preview
  double totalMs = 0;    ///< from setPlanDose until the chart and table showed the exact DVHs
  double computeMs = 0;  ///< exact DVHs on the worker thread (evaluateDose)
  double refreshMs = 0;  ///< chart, table and constraints redrawn on the GUI thread (exact)
};

/// Plan evaluation of the current plan's dose in four tabs: "DVH & statistics" (DvhPanel over
/// StatisticsTable), "Constraints" (ConstraintPanel), "Re-irradiation" (ReirradiationPanel) and
/// "Compare" (ComparePanel, cleared with every new dose). Owns the EvaluationModel and ReirradiationModel; DVHs are computed on
/// a worker thread, so the window stays responsive: first a preview at PREVIEW_SAMPLE_STEP_MM,
/// then the exact DVHs. A result for a dose that has since been replaced is dropped.
class EvaluationPanel : public QTabWidget {
  Q_OBJECT

 public:
  /// structures belong to the CT with identity ct loaded from ctOrigin; the constraint templates
  /// are read from constraintFolder (cumulative EQD2 limits from its reirradiation/ subfolder).
  EvaluationPanel(const core::SeriesIdentity& ct, const std::string& ctOrigin,
                  std::shared_ptr<const std::vector<structure::Structure>> structures,
                  const std::filesystem::path& constraintFolder, QWidget* parent = nullptr);
  /// The panel of the structures of structures (a window's model), whose contours it brings up
  /// to date first where they are stale or missing (restored work has masks only).
  EvaluationPanel(const core::SeriesIdentity& ct, const std::string& ctOrigin, const StructureSetModel& structures,
                  const std::filesystem::path& constraintFolder, QWidget* parent = nullptr);
  ~EvaluationPanel() override;

  /// A new dose for the current plan: the one entry point of RT Dose files and the dose engine.
  /// Throws kerma::Error (BadInput) naming both patients or Frames of Reference when it is not
  /// the CT's, leaving everything as it was; otherwise starts computing its DVHs. A dose that
  /// states its fractions sets those of the constraint check and of the current course.
  void setPlanDose(PlanDose dose);
  /// The structures after an edit, with stale[n] (StructureSetModel::staleContours) saying whose
  /// contours no longer match the mask: contours are brought up to date off the GUI thread, then
  /// every list (DVH, statistics, constraints, re-irradiation) shows these structures and the
  /// DVHs of the current dose are computed again. A later call supersedes an unfinished one.
  void setStructures(std::vector<structure::Structure> structures, std::vector<bool> stale);
  /// Whether DVHs of the current dose (and the cumulative dose, if prior courses are set) are
  /// being computed.
  bool busy() const { return pending_ > 0; }
  /// Processes events until nothing is being computed, at most timeoutMs; false on timeout.
  bool waitUntilIdle(int timeoutMs);
  /// Shows in the DVH chart the structures that structures shows (matched by name).
  void showAsListed(const StructureSetModel& structures);

  EvaluationModel& model() { return model_; }
  ReirradiationModel& reirradiation() { return reirradiation_; }
  DvhPanel* dvhPanel() const { return dvhPanel_; }
  StatisticsTable* statisticsTable() const { return statistics_; }
  ConstraintPanel* constraintPanel() const { return constraints_; }
  ReirradiationPanel* reirradiationPanel() const { return reirradiationPanel_; }
  ComparePanel* comparePanel() const { return comparePanel_; }
  std::optional<EvaluationTiming> lastTiming() const { return timing_; }

 signals:
  /// The chart, table and constraints show the DVHs of the current dose.
  void evaluated();
  /// The re-irradiation panel shows the cumulative EQD2 of the current inputs.
  void cumulativeEvaluated();

 private:
  void refreshAll();
  // Computes the DVHs of the current dose and structures (preview, then exact), when there is a
  // dose.
  void startEvaluation();
  // Shows evaluation (computed for the dose of revision) when that dose is still current.
  void showEvaluation(std::uint64_t revision, DoseEvaluation evaluation);
  void startCumulative();

  EvaluationModel model_;
  ReirradiationModel reirradiation_;
  DvhPanel* dvhPanel_ = nullptr;
  StatisticsTable* statistics_ = nullptr;
  ConstraintPanel* constraints_ = nullptr;
  ReirradiationPanel* reirradiationPanel_ = nullptr;
  ComparePanel* comparePanel_ = nullptr;
  QThreadPool pool_;
  int pending_ = 0;
  std::uint64_t structuresRevision_ = 0;
  QElapsedTimer sinceDose_;
  std::optional<EvaluationTiming> timing_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_EVALUATION_PANEL_H
