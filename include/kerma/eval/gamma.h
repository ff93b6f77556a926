#ifndef KERMA_EVAL_GAMMA_H
#define KERMA_EVAL_GAMMA_H

#include "kerma/core/volume.h"

#include <cstddef>

namespace kerma::eval {

/// Gamma criteria with global dose normalisation (Low et al., Med Phys 25:656, 1998).
struct GammaCriteria {
  double dosePercent = 2;       ///< dose-difference criterion, % of the reference maximum
  double dtaMm = 2;             ///< distance-to-agreement criterion, mm
  double thresholdPercent = 10; ///< reference voxels below this % of the reference maximum are skipped
  double gammaMax = 2;          ///< the search stops at this γ; larger values are reported as gammaMax
  double searchStepMm = 0;      ///< step of the search grid, mm; 0: dtaMm / 5
};

/// Gamma of every reference voxel above the threshold, and the pass rate.
struct GammaResult {
  core::Volume<float> gamma;  ///< on the reference grid; −1 where not evaluated
  std::size_t evaluated = 0, passed = 0;
  double passRatePercent() const { return evaluated ? 100.0 * passed / evaluated : 0.0; }
};

/// 3D gamma index of `evaluated` against `reference` (the grids may differ): for each reference
/// voxel, the minimum over a cubic search lattice of step searchStepMm within gammaMax·dtaMm of
/// Γ² = |Δr|²/DTA² + (D_eval(r + Δr) − D_ref)²/ΔD², the evaluated dose interpolated
/// trilinearly; offsets are visited by increasing distance and the search stops once the
/// distance term alone exceeds the best Γ (Wendling et al., Med Phys 34:1647, 2007). Points of
/// the search outside the evaluated volume are skipped. Where the lattice finds γ > 1, a 4×
/// finer lattice of ±1 step around the best point refines it. A voxel passes when γ ≤ 1.
/// Per-voxel ownership: the result does not depend on threads (0 = hardware concurrency).
GammaResult gammaIndex(const core::Volume<float>& reference, const core::Volume<float>& evaluated,
                       const GammaCriteria& criteria, int threads = 0);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_GAMMA_H
