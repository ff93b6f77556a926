#ifndef KERMA_DOSE_CT_DENSITY_H
#define KERMA_DOSE_CT_DENSITY_H

#include "kerma/core/volume.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <vector>

namespace kerma::dose {

/// Mass density of air at 20 °C and 101.3 kPa, g/cm³: what the engine puts outside BODY.
inline constexpr double AIR_DENSITY_G_PER_CM3 = 0.0012;

/// Densities above this, g/cm³, are not extrapolated further (denser than cortical bone; metal
/// needs its own curve points).
inline constexpr double MAX_EXTRAPOLATED_DENSITY_G_PER_CM3 = 3.0;

/// CT number to mass density calibration: piecewise linear through (HU, g/cm³) points
/// (docs/methods/dose.md, eq. 11). Below the first point the first density applies; above the last
/// the last segment's slope continues up to MAX_EXTRAPOLATED_DENSITY_G_PER_CM3.
struct CtDensityCurve {
  std::vector<double> hu;                ///< strictly increasing, at least two points
  std::vector<double> densityGPerCm3;    ///< non-decreasing, one per point, ≥ 0
  double densityAt(double huValue) const;
};

/// Reads a curve file: lines starting with '#' are comments, then a header line
/// "hu,density_g_per_cm3" and one "HU,density" line per point (resources/ct-density/README.md).
/// Throws kerma::Error (Io) when the file cannot be read and (BadInput) naming the file and line
/// for a malformed line, fewer than two points, HU not strictly increasing, or densities negative
/// or decreasing.
CtDensityCurve loadCtDensityCurve(const std::filesystem::path& file);

/// Mass density on doseGrid, g/cm³ (eq. 12): each dose voxel is the mean of 2 × 2 × 2 sub-samples
/// at ±¼ voxel about its centre; a sub-sample inside body (nearest CT voxel of the mask, which
/// lies on ct's grid) takes the curve's density of the CT number interpolated trilinearly there,
/// one outside body or outside the CT takes AIR_DENSITY_G_PER_CM3. Per-voxel ownership: the result
/// does not depend on threads (0 = hardware concurrency).
core::Volume<float> densityOnGrid(const core::CtVolume& ct, const structure::Mask& body, const CtDensityCurve& curve,
                                  const core::VolumeGeometry& doseGrid, int threads = 0);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_CT_DENSITY_H
