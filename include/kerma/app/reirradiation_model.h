#ifndef KERMA_APP_REIRRADIATION_MODEL_H
#define KERMA_APP_REIRRADIATION_MODEL_H

#include "kerma/app/evaluation_model.h"
#include "kerma/app/plan_dose.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/prescription.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/structure/structure.h"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace kerma::app {

/// A course given before the one being planned: its dose and how it was fractionated.
struct PriorCourse {
  PlanDose dose;
  eval::Prescription fractionation;  ///< total dose and fractions, e.g. 21 Gy / 3
};

/// Everything a cumulative EQD2 computation needs, copied so that it can run on a worker thread
/// while the user edits the model.
struct CumulativeInputs {
  std::shared_ptr<const std::vector<structure::Structure>> structures;
  std::vector<PriorCourse> priorCourses;
  PlanDose currentDose;
  int currentFractions = 1;
  std::vector<double> alphaBetaGy;        ///< per structure
  std::vector<double> recoveredFraction;  ///< per structure, of the prior courses
};

/// The cumulative EQD2 of all courses and its DVHs.
struct CumulativeEvaluation {
  eval::DoseDistribution eqd2Sum;  ///< EFFECTIVE dose, Gy, on the current course's grid
  DoseEvaluation evaluation;       ///< DVHs of the structures in eqd2Sum
};

/// Sums the prior courses and the current one in EQD2 (eval::sumCourses, eq. 4 of
/// docs/methods/radiobiology.md) with each structure's α/β and, for the prior courses, its
/// recovered fraction inside the structure's mask (later structures win where they overlap; the
/// targets come last, so they keep their α/β), and computes the DVHs of the sum. α/β outside
/// every structure: LATE_NORMAL_TISSUE_ALPHA_BETA_GY. Pure; throws kerma::Error (BadInput) as
/// sumCourses does, naming the course.
CumulativeEvaluation evaluateCumulative(const CumulativeInputs& inputs);

/// Re-irradiation, without Qt: prior courses with their fractionation, the current course's
/// fractionation, α/β and recovery per structure, and the cumulative EQD2 DVHs and constraint
/// results the panel shows.
class ReirradiationModel {
 public:
  /// structures and the CT identity as for EvaluationModel. α/β starts at
  /// TUMOUR_ALPHA_BETA_GY for targets and LATE_NORMAL_TISSUE_ALPHA_BETA_GY for the rest, the
  /// recovered fraction at 0; the current course at 20 Gy / 5.
  ReirradiationModel(core::SeriesIdentity ct, std::string ctOrigin,
                     std::shared_ptr<const std::vector<structure::Structure>> structures);

  const std::vector<structure::Structure>& structures() const { return *structures_; }

  /// Adds a prior course; fractionationText as eval::parsePrescription reads it ("21 Gy/3").
  /// Throws kerma::Error (BadInput) when the text does not parse or the dose belongs to another
  /// patient or Frame of Reference (requireDoseOfPatient), leaving the model unchanged.
  void addPriorCourse(PlanDose dose, std::string_view fractionationText);
  void removePriorCourse(int index);
  const std::vector<PriorCourse>& priorCourses() const { return prior_; }

  /// The course being planned, e.g. "20 Gy/5". Throws as addPriorCourse when it does not parse.
  void setCurrentFractionation(std::string_view text);
  const eval::Prescription& currentFractionation() const { return current_; }

  double alphaBetaGy(int index) const;
  /// Throws kerma::Error (BadInput) unless alphaBetaGy > 0.
  void setAlphaBetaGy(int index, double alphaBetaGy);
  double recoveredFraction(int index) const;
  /// Throws kerma::Error (BadInput) unless 0 <= fraction <= 1.
  void setRecoveredFraction(int index, double fraction);

  /// The inputs for evaluateCumulative with currentDose as the course being planned; nullopt
  /// without a prior course.
  std::optional<CumulativeInputs> inputs(const PlanDose& currentDose) const;
  /// Increases with every change of the inputs; results of older inputs are ignored.
  std::uint64_t revision() const { return revision_; }
  /// Stores the result computed from the inputs of revision; false (ignored) when stale.
  bool setResult(std::uint64_t revision, CumulativeEvaluation result);
  /// nullptr until computed for the current inputs.
  const CumulativeEvaluation* result() const { return result_ ? &*result_ : nullptr; }

  /// Cumulative EQD2 DVH curves (dose in Gy EQD2, volume in %) of the structures with contours.
  DvhPlot plot() const;
  /// The limits on the cumulative EQD2 (resources/constraints/reirradiation/: one set)
  /// evaluated on the sum's DVHs.
  void setCumulativeTemplate(eval::ConstraintTemplate cumulativeTemplate);
  const std::optional<eval::ConstraintTemplate>& cumulativeTemplate() const { return template_; }
  std::vector<eval::ConstraintResult> constraintResults() const;

 private:
  void changed();
  void checkIndex(int index) const;

  core::SeriesIdentity ct_;
  std::string ctOrigin_;
  std::shared_ptr<const std::vector<structure::Structure>> structures_;
  std::vector<PriorCourse> prior_;
  eval::Prescription current_;
  std::vector<double> alphaBetaGy_, recovered_;
  std::uint64_t revision_ = 1;
  std::optional<CumulativeEvaluation> result_;
  std::optional<eval::ConstraintTemplate> template_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_REIRRADIATION_MODEL_H
