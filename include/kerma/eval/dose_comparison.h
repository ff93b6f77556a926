#ifndef KERMA_EVAL_DOSE_COMPARISON_H
#define KERMA_EVAL_DOSE_COMPARISON_H

#include "kerma/eval/dose_distribution.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/gamma.h"
#include "kerma/structure/structure.h"

#include <string>
#include <vector>

namespace kerma::eval {

/// One structure's DVH and dose statistics in the two doses compared.
struct StructureComparison {
  std::string name;
  DoseStatistics reference, evaluated;
  Dvh referenceDvh, evaluatedDvh;
};

/// Two doses of one patient compared: two plans, two revisions of a plan, or a plan and an RT
/// Dose of another system.
struct DoseComparison {
  /// evaluated minus reference on the reference's grid (evaluated interpolated trilinearly; 0
  /// where the evaluated grid does not reach).
  core::Volume<float> differenceGy;
  GammaResult gamma;  ///< evaluated against reference (gammaIndex)
  std::vector<StructureComparison> structures;
};

/// A named structure as its contours, for the DVHs of a comparison.
struct ContouredStructure {
  std::string name;
  std::vector<structure::PlanarContour> contours;
};

/// Compares evaluated with reference: the difference map, the gamma index with criteria, and the
/// DVH statistics of each structure in both (computeDvhs). Throws kerma::Error (BadInput) naming
/// both UIDs when the Frames of Reference differ (requireSameFrameOfReference), and as the DVH
/// does.
DoseComparison compareDoses(const DoseDistribution& reference, const DoseDistribution& evaluated,
                            const std::vector<ContouredStructure>& structures, const GammaCriteria& criteria,
                            int threads = 0);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_DOSE_COMPARISON_H
