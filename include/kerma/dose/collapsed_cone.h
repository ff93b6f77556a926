#ifndef KERMA_DOSE_COLLAPSED_CONE_H
#define KERMA_DOSE_COLLAPSED_CONE_H

#include "kerma/core/geometry.h"
#include "kerma/core/volume.h"
#include "kerma/dose/beam_model.h"

#include <vector>

namespace kerma::dose {

/// One line direction of the collapsed-cone set: a unit vector in the patient frame and the
/// kernel of the cone it carries (its polar bin's fractions divided among the azimuths).
struct ConeDirection {
  core::Vector3<core::Patient> dir;
  std::vector<KernelTerm> terms;
};

/// The kernel's polarBins × azimuthCount directions about beamAxis (unit, from the source into
/// the patient): polar angle θ from beamAxis, azimuths φ = (n + ½)·360°/azimuthCount about it.
std::vector<ConeDirection> coneDirections(const CccKernel& kernel,
                                          const core::Vector3<core::Patient>& beamAxis);

/// Collapsed-cone superposition (docs/methods/dose.md, eqs. 6–9): the energy released by TERMA
/// (any unit: the dose comes out in the same unit) is carried along parallel
/// lines for each direction with the exponential cumulative-cumulative kernel integrated
/// analytically over every voxel, its range scaled by density (rho, g/cm³) voxel by voxel.
/// Lines form a sheared lattice with exactly one line through every voxel per direction, so the
/// dose of a voxel is the sum over directions of its own line's deposit. Both volumes share one
/// grid. Per-direction deposits are summed in 32-bit fixed point of 2⁻³⁰ of the largest TERMA,
/// so the result is the same bit for bit for any thread count (threads: 0 = hardware
/// concurrency).
core::Volume<float> superposeCollapsedCone(const core::Volume<float>& rho,
                                           const core::Volume<float>& terma,
                                           const std::vector<ConeDirection>& directions,
                                           int threads = 0);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_COLLAPSED_CONE_H
