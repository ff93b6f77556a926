#ifndef KERMA_DOSE_TERMA_H
#define KERMA_DOSE_TERMA_H

#include "kerma/core/geometry.h"
#include "kerma/core/iec61217.h"
#include "kerma/core/volume.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/fluence.h"

#include <vector>

namespace kerma::dose {

/// TERMA per unit energy fluence of the beam's spectrum against radiological depth in water
/// (eq. 4): T(d) = Σ_E ψ_E (μ/ρ)_E exp(−(μ/ρ)_E d), Σ_E ψ_E = 1, in cm²/g, tabulated every
/// stepMm of radiological depth (mm at 1 g/cm³). Each 0.25 MeV bin is split into 5 energies.
/// Beam hardening follows from the energy-dependent attenuation.
struct TermaDepthTable {
  double stepMm = 0.5;
  std::vector<double> cm2PerG;
  /// T at radiological depth depthMm, linearly interpolated; the last value beyond the table.
  double at(double depthMm) const;
};

TermaDepthTable termaDepthTable(const BeamModel& model, double maxDepthMm = 1000, double stepMm = 0.25);

/// Where a beam comes from: the IEC beam-limiting-device frame in the patient (isocentre at its
/// origin, source at (0, 0, sadMm)).
struct BeamFrame {
  core::Transform<core::Patient, core::IecBeamLimitingDevice> patientFromBld;
  double sadMm = 1000;
};

/// TERMA per unit fluence on rho's grid (eq. 5): for each voxel centre, the radiological depth
/// from the source by exact voxel traversal (core::VoxelRayIterator) through rho (g/cm³; the
/// space between the source and the grid is vacuum), the fluence averaged over the voxel's
/// footprint projected to the isocentre plane, inverse square, and off-axis softening
/// (μ scaled by 1 + offAxisSofteningPerMm · r). Voxels whose fluence is zero are skipped.
/// Per-voxel ownership: the result does not depend on threads (0 = hardware concurrency).
core::Volume<float> computeTerma(const core::Volume<float>& rho, const BeamFrame& frame,
                                 const FluenceMap& fluence, const TermaDepthTable& table,
                                 double offAxisSofteningPerMm, int threads = 0);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_TERMA_H
