#ifndef KERMA_APP_EVALUATION_MODEL_H
#define KERMA_APP_EVALUATION_MODEL_H

#include "kerma/app/plan_dose.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/dvh.h"
#include "kerma/structure/structure.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// One structure's cumulative DVH as a chart draws it.
struct DvhCurve {
  std::string name;
  structure::Rgb colour;
  std::vector<eval::DvhPoint> points;  ///< in the plot's axis units, dose ascending
  bool dashed = false;                 ///< a second dose's curve beside the first's (a comparison)
};

/// What a DVH chart shows: axis titles with their units and one curve per shown structure.
struct DvhPlot {
  std::string doseAxisTitle;    ///< "Dose (Gy)" or "Dose (% of 20 Gy)"
  std::string volumeAxisTitle;  ///< "Volume (%)" or "Volume (cm³)"
  std::vector<DvhCurve> curves;
};

/// The plot as CSV: a header naming each column with its unit, then one row per dose of any
/// curve (ascending); a curve that ended below that dose reads 0. Doses and volumes with 6
/// significant digits.
std::string dvhCsv(const DvhPlot& plot);

/// Whether a structure is a target (PTV, CTV, GTV): targets get HI, CI and GI.
bool isTarget(structure::RoiType type);

/// What the evaluation of one dose found; computed off the GUI thread by evaluateDose.
struct DoseEvaluation {
  std::vector<eval::Dvh> dvhs;  ///< one per structure, in the structures' order
  /// Where isodose volumes are measured for CI and GI: the EXTERNAL structure's DVH when there is
  /// one, else the whole dose grid's.
  eval::Dvh isodoseRegion;
  double seconds = 0;  ///< wall time of evaluateDose
  /// A quick first pass (PREVIEW_DVH_OPTIONS) that the exact evaluation replaces.
  bool preview = false;
};

/// Sampling of the quick first pass after a new dose: rows 2 mm apart instead of 0.5 mm, about
/// six times less work, so that chart and table follow a new dose at once (docs/gui.md).
inline constexpr double PREVIEW_SAMPLE_STEP_MM = 2.0;

/// DVHs of structures (from their contours) in dose, and the isodose region. Pure: safe to run
/// on a worker thread while the caller keeps structures and dose alive. Throws kerma::Error
/// (BadInput) naming the structure when its contours cannot be sampled in this dose.
DoseEvaluation evaluateDose(const std::vector<structure::Structure>& structures,
                            const eval::DoseDistribution& dose, const eval::DvhOptions& options = {});

/// Text cells under headers that state their units.
struct TextTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

/// Every *.json constraint template in folder (eval::loadConstraintTemplate), sorted by file
/// name. Throws kerma::Error naming the file that does not parse.
std::vector<eval::ConstraintTemplate> loadConstraintTemplates(const std::filesystem::path& folder);

/// Plan evaluation of the current plan's dose, without Qt: the structures, the dose (through the
/// one PlanDose entry point), its DVHs, the display choices of the DVH chart and statistics table,
/// and the constraint check. Widgets draw plot(), statisticsTable() and constraintResults().
class EvaluationModel {
 public:
  /// structures must be non-null and belong to the CT of ct (its identity) loaded from
  /// ctOrigin; structures without contours get no DVH but keep their row.
  EvaluationModel(core::SeriesIdentity ct, std::string ctOrigin,
                  std::shared_ptr<const std::vector<structure::Structure>> structures);

  /// The structures after an edit (non-null, contours current): the evaluation is dropped until
  /// computed again; whether each is shown follows its name (new ones are). Returns the new
  /// revision.
  std::uint64_t setStructures(std::shared_ptr<const std::vector<structure::Structure>> structures);

  const std::vector<structure::Structure>& structures() const { return *structures_; }
  const std::shared_ptr<const std::vector<structure::Structure>>& structuresShared() const {
    return structures_;
  }
  const core::SeriesIdentity& ctIdentity() const { return ct_; }
  const std::string& ctOrigin() const { return ctOrigin_; }

  /// Makes dose the current plan's dose after requireDoseOfPatient (which throws, leaving the
  /// model unchanged); the previous evaluation is dropped. The constraint check follows the
  /// dose's fractions when it states them. Returns the new revision.
  std::uint64_t setPlanDose(PlanDose dose);
  /// The current dose; nullptr before the first setPlanDose.
  const PlanDose* planDose() const { return dose_ ? &*dose_ : nullptr; }
  /// Of what is evaluated: increases with every setPlanDose and setStructures.
  std::uint64_t revision() const { return revision_; }
  /// Stores the evaluation of the dose and structures of revision; returns false and ignores it
  /// when either has changed since.
  bool setEvaluation(std::uint64_t revision, DoseEvaluation evaluation);
  /// The current dose's evaluation; nullptr while it is being computed.
  const DoseEvaluation* evaluation() const { return evaluation_ ? &*evaluation_ : nullptr; }

  /// Prescription dose, Gy: adds the % axis to the chart and CI/GI to targets. nullopt: none.
  std::optional<double> prescriptionGy() const { return prescriptionGy_; }
  /// Throws kerma::Error (BadInput) when prescriptionGy is set and not positive.
  void setPrescriptionGy(std::optional<double> prescriptionGy);
  eval::VolumeUnit volumeUnit() const { return volumeUnit_; }
  void setVolumeUnit(eval::VolumeUnit unit) { volumeUnit_ = unit; }
  /// Whether structure index is drawn in the chart (all are, at first, except empty ones).
  bool shown(int index) const;
  void setShown(int index, bool shown);
  /// The doses x of the V(x Gy) columns, Gy.
  const std::vector<double>& vDosesGy() const { return vDosesGy_; }
  void setVDosesGy(std::vector<double> dosesGy) { vDosesGy_ = std::move(dosesGy); }

  /// Dose axis in % of the prescription when one is set, else Gy; empty without evaluation.
  /// Points every DVH bin width (exact at the bin edges, eval::cumulativeCurve).
  DvhPlot plot() const;
  /// One row per structure with contours: volume, Dmin, Dmax, D0.03cc, Dmean, D2, D50, D95, D98,
  /// V(x Gy) in the volume unit, and for targets HI, and CI and GI with a prescription; "–"
  /// where a value does not apply. Empty without evaluation.
  TextTable statisticsTable() const;
  /// "dose 12.30 Gy (61.5 % of 20 Gy), volume 45.2 %" for a point of the chart in plot()'s units.
  std::string cursorReadout(double dose, double volume) const;

  /// The templates offered in the constraint check; selects the first.
  void setConstraintTemplates(std::vector<eval::ConstraintTemplate> templates);
  const std::vector<eval::ConstraintTemplate>& constraintTemplates() const { return templates_; }
  /// Index into constraintTemplates(); nullopt when there are none.
  std::optional<int> templateIndex() const { return templateIndex_; }
  void setTemplateIndex(int index);
  /// The selected template when it has a constraint set for fractions (what a plan report of
  /// that many fractions lists); nullopt otherwise.
  std::optional<eval::ConstraintTemplate> templateFor(int fractions) const;
  /// Fractions of the current course: picks the template's constraint set.
  int fractions() const { return fractions_; }
  void setFractions(int fractions);
  /// The selected template's constraints for fractions() evaluated on the current DVHs; empty
  /// without evaluation or when the template has no set for fractions().
  std::vector<eval::ConstraintResult> constraintResults() const;

 private:
  core::SeriesIdentity ct_;
  std::string ctOrigin_;
  std::shared_ptr<const std::vector<structure::Structure>> structures_;
  std::vector<bool> shown_;
  std::optional<PlanDose> dose_;
  std::uint64_t revision_ = 0;
  std::optional<DoseEvaluation> evaluation_;
  std::optional<double> prescriptionGy_;
  eval::VolumeUnit volumeUnit_ = eval::VolumeUnit::Percent;
  std::vector<double> vDosesGy_;
  std::vector<eval::ConstraintTemplate> templates_;
  std::optional<int> templateIndex_;
  int fractions_ = 1;
};

}  // namespace kerma::app

#endif  // KERMA_APP_EVALUATION_MODEL_H
