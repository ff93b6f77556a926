#ifndef KERMA_PHANTOM_RESCAN_H
#define KERMA_PHANTOM_RESCAN_H

#include "kerma/core/geometry.h"
#include "kerma/core/volume.h"

#include <cstdint>

namespace kerma::phantom {

/// How a patient is "scanned again": the grid of the new scan in its own patient frame, where
/// the patient lies (a rigid map from the first scan's frame), and the new scan's noise.
struct Rescan {
  core::VolumeGeometry grid;
  /// x_new = newFromOld(x_old), LPS mm: the patient moved between the scans.
  core::Transform<core::Patient, core::Patient> newFromOld;
  /// Half-width of the uniform noise added to every voxel, HU: the second scanner's.
  double noiseHu = 0;
  std::uint32_t noiseSeed = 1;
};

/// The CT a second scan of the patient in ct would give: ct resampled through the map onto the new
/// grid (trilinear; air, −1000 HU, outside the first scan), with deterministic uniform noise (a
/// linear congruential generator seeded by noiseSeed). What registration tests and the demo
/// patient's earlier course are made from: the map is the known answer.
core::CtVolume rescanned(const core::CtVolume& ct, const Rescan& rescan);

}  // namespace kerma::phantom

#endif  // KERMA_PHANTOM_RESCAN_H
