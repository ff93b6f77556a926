#ifndef KERMA_APP_PLAN_COMPARISON_H
#define KERMA_APP_PLAN_COMPARISON_H

#include "kerma/app/evaluation_model.h"
#include "kerma/app/plan_dose.h"
#include "kerma/eval/dose_comparison.h"
#include "kerma/structure/structure.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// The plan's dose (reference) against another of the patient (evaluated: another plan, a
/// revision, an RT Dose of another system), as the workstation shows it: eval::compareDoses with
/// the difference and gamma maps the views draw. Qt-free.
struct PlanComparison {
  std::string referenceLabel, evaluatedLabel;
  double prescriptionGy = 0;  ///< the reference's; 0: unknown
  eval::GammaCriteria criteria;
  eval::DoseComparison result;
  /// evaluated − reference and the gamma index (−1 where not evaluated), on the reference's grid
  /// with its identity, as the views draw doses.
  std::shared_ptr<const eval::DoseDistribution> difference, gamma;
};

/// Compares evaluated with reference over the structures that have contours. Throws
/// kerma::Error (BadInput) as eval::compareDoses does (Frames of Reference that differ).
PlanComparison comparePlanDoses(const PlanDose& reference, const PlanDose& evaluated,
                                const std::vector<structure::Structure>& structures,
                                const eval::GammaCriteria& criteria, int threads = 0);

/// Both cumulative DVHs of each compared structure in its colour: the reference's solid under
/// the structure's name, the evaluated's dashed as "name (evaluated label)"; dose in % of the
/// reference's prescription when it has one, volume in %.
DvhPlot comparisonPlot(const PlanComparison& comparison, const std::vector<structure::Structure>& structures);

/// One row per structure: Dmean, D95 %, D2 % and Dmax of the reference and the evaluated dose
/// and the difference (evaluated − reference), Gy.
TextTable comparisonTable(const PlanComparison& comparison);

/// "gamma 2 %/2 mm: 98.7 % of 123456 voxels pass; difference -0.52 to +1.03 Gy".
std::string describe(const PlanComparison& comparison);

/// The largest |difference|, Gy: the range of the difference map's colours.
double differenceRangeGy(const PlanComparison& comparison);

}  // namespace kerma::app

#endif  // KERMA_APP_PLAN_COMPARISON_H
