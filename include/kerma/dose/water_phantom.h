#ifndef KERMA_DOSE_WATER_PHANTOM_H
#define KERMA_DOSE_WATER_PHANTOM_H

#include "kerma/core/volume.h"
#include "kerma/dose/beam_model.h"

#include <vector>

namespace kerma::dose {

/// A slab of the phantom between two depths, mm, with its density, g/cm³.
struct DensityLayer {
  double fromMm = 0, toMm = 0, rho = 1;
};

/// A square-ish open field from a point at sadMm onto a slab phantom: the commissioning set-up
/// (and that of the Monte Carlo references). The phantom is sizeMm on each side, its surface at
/// ssdMm from the source; the beam (gantry 0, head-first supine) runs along +y of the patient
/// frame with the surface at y = 0 and the central axis on x = z = 0, the field's Xb along x.
struct WaterPhantomSetup {
  double fieldXMm = 100, fieldYMm = 100;  ///< field size defined at the isocentre plane
  double ssdMm = 1000;
  double gridMm = 2.5;
  double sizeMm = 300;
  std::vector<DensityLayer> layers;  ///< by depth; uncovered depths are water
  double jawTransmission = 0;        ///< jaws only: the phantom set-up has no MLC
};

/// The dose of a water-phantom set-up in Gy per MU, with its central-axis maximum.
struct WaterPhantomDose {
  core::Volume<float> doseGyPerMu;  ///< voxel centres on the axis; depth of voxel j is (j + ½) h
  double dmaxMm = 0;                ///< depth of the central-axis maximum (parabola through the top 3)
  double gyPerMuAtDmax = 0;
  /// Dose at a point (lateral xMm, depthMm, lateral zMm), trilinear; 0 outside.
  double doseAt(double xMm, double depthMm, double zMm) const;
};

/// Dose to water per unit fluence at d_max of the calibration field (calibrationFieldMm square at
/// calibrationSsdMm) in a 200 × 200 × 200 mm water phantom on a gridMm grid: the denominator of
/// the monitor-unit calibration (docs/methods/dose.md, eq. 10).
double calibrationDosePerUnitFluence(const BeamModel& model, double sadMm, double gridMm, int threads = 0);

/// Calculates a water-phantom set-up: fluence, TERMA, collapsed-cone superposition, and
/// monitor-unit calibration with the model's Sc table (eq. 10).
WaterPhantomDose calculateWaterPhantom(const WaterPhantomSetup& setup, const BeamModel& model,
                                       double sadMm, int threads = 0);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_WATER_PHANTOM_H
