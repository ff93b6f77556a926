#ifndef KERMA_BEAMS_DRR_H
#define KERMA_BEAMS_DRR_H

#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/beams/beams_eye_view.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace kerma::beams {

/// Linear attenuation coefficient of water, 1/mm, for the DRR's nominal 60 keV diagnostic
/// spectrum (0.206 cm⁻¹, NIST XCOM; [typ]). It only scales the image.
inline constexpr double DRR_MU_WATER_PER_MM = 0.0206;

/// Geometry of a DRR: a square field at the isocentre plane, sampled by rays from the source
/// through pixel centres, recorded on an imager at sidMm from the source.
struct DrrOptions {
  int sizePx = 512;            ///< pixels per side
  double fieldSizeMm = 400;    ///< side of the imaged field at the isocentre plane, mm
  double sidMm = 1000;         ///< source–image distance, mm (sets the imager pixel spacing only)
  double muWaterPerMm = DRR_MU_WATER_PER_MM;
  int threads = 0;             ///< 0: one per hardware thread
  /// Asked before each image row, from the worker threads at once (so it must be thread-safe);
  /// once it returns false no further row is started and computeDrr returns nullopt. None: the
  /// image is always computed.
  std::function<bool()> keepGoing;
};

/// A digitally reconstructed radiograph as seen from the source (beam's-eye view): row 0 is at
/// +Yb, the image's right at +Xb. Values are line integrals ∫ μ dl along each ray (no unit).
struct DrrImage {
  int widthPx = 0, heightPx = 0;
  double pixelSpacingAtIsocenterMm = 0;  ///< pixel pitch projected to the isocentre plane, mm
  double pixelSpacingAtImagerMm = 0;     ///< pixel pitch on the imager at sidMm, mm
  std::vector<float> lineIntegral;       ///< row-major, widthPx × heightPx

  float at(int column, int row) const { return lineIntegral[std::size_t(row) * widthPx + column]; }

  /// Where the ray through the centre of pixel (column, row) meets the isocentre plane, IEC
  /// beam-limiting-device mm: Xb = (column − (W−1)/2) · p, Yb = ((H−1)/2 − row) · p.
  BevPointMm isocenterPlanePointMm(int column, int row) const {
    return {(column - 0.5 * (widthPx - 1)) * pixelSpacingAtIsocenterMm,
            (0.5 * (heightPx - 1) - row) * pixelSpacingAtIsocenterMm};
  }
};

/// Ray casting through the CT (docs/methods/drr.md): μ = μ_water · max(0, 1 + HU/1000) per voxel,
/// constant within each voxel, summed over the exact voxel segments of the ray from the source
/// (sadMm above the isocentre) through the centre of pixel (u, v), which lies at
/// Xb = (u − (N−1)/2) · p, Yb = ((N−1)/2 − v) · p on the isocentre plane, p = fieldSizeMm / N.
/// nullopt when options.keepGoing stopped it.
std::optional<DrrImage> computeDrr(const core::CtVolume& ct, const dose::Beam& beam, double sadMm, const DrrOptions& options = {});

/// 8-bit grey levels of image (row-major, as lineIntegral): 0 (air) black, the 99.5th percentile
/// of the line integrals white, so that bone is bright and a few metal rays do not darken the
/// rest.
std::vector<std::uint8_t> drrGreyLevels(const DrrImage& image);

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_DRR_H
