#include "kerma/eval/dose_comparison.h"

namespace kerma::eval {

DoseComparison compareDoses(const DoseDistribution& reference, const DoseDistribution& evaluated,
                            const std::vector<ContouredStructure>& structures, const GammaCriteria& criteria,
                            int threads) {
  requireSameFrameOfReference(reference.identity.frameOfReferenceUid, "the reference dose",
                              evaluated.identity.frameOfReferenceUid, "the evaluated dose");
  DoseComparison comparison;
  comparison.differenceGy = core::resample(evaluated.doseGy, reference.doseGy.geometry(), 0.0f);
  auto difference = comparison.differenceGy.values();
  const auto referenceGy = reference.doseGy.values();
  for (std::size_t v = 0; v < difference.size(); ++v) difference[v] -= referenceGy[v];
  comparison.gamma = gammaIndex(reference.doseGy, evaluated.doseGy, criteria, threads);

  std::vector<std::vector<structure::PlanarContour>> contours;
  for (const auto& s : structures) contours.push_back(s.contours);
  DvhOptions options;
  options.threads = threads;
  const std::vector<Dvh> inReference = computeDvhs(contours, reference, options);
  const std::vector<Dvh> inEvaluated = computeDvhs(contours, evaluated, options);
  for (std::size_t s = 0; s < structures.size(); ++s)
    comparison.structures.push_back(
        {structures[s].name, doseStatistics(inReference[s]), doseStatistics(inEvaluated[s]), inReference[s], inEvaluated[s]});
  return comparison;
}

}  // namespace kerma::eval
