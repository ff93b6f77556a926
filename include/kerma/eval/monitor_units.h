#ifndef KERMA_EVAL_MONITOR_UNITS_H
#define KERMA_EVAL_MONITOR_UNITS_H

#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/eval/prescription.h"
#include "kerma/structure/structure.h"

#include <vector>

namespace kerma::eval {

/// A plan's dose scaled to its prescription.
struct NormalisedPlanDose {
  core::Volume<float> doseGy;           ///< whole course (all fractions), Gy
  std::vector<double> muPerFraction;    ///< one per beam
  double normalisationDoseGy = 0;       ///< the normalisation quantity of doseGy: rx.totalDoseGy
};

/// Monitor units of a plan (docs/methods/dose.md, eq. 13). A beam's weight is its share of the
/// dose at its own isocentre: MU_b ∝ w_b / d_b(iso_b), with d_b the beam's dose per MU
/// (beamGyPerMu, one per beam, on one grid) interpolated trilinearly. The sum is then scaled so
/// that rx's normalisation quantity of the whole course equals rx.totalDoseGy: the dose at
/// rx.pointMm (Point; Isocentre uses the first beam's isocentre when pointMm is empty), or the
/// mean or D95 of target (its contours' DVH, eval::computeDvh). Throws kerma::Error (BadInput)
/// when a beam has no positive weight, gives no dose at its isocentre, or the normalisation
/// quantity is not positive (a target outside the dose, a missing point or target).
NormalisedPlanDose normaliseToPrescription(const std::vector<core::Volume<float>>& beamGyPerMu,
                                           const std::vector<dose::Beam>& beams, const Prescription& rx,
                                           const structure::Structure* target);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_MONITOR_UNITS_H
