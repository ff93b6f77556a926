#ifndef KERMA_STRUCTURE_SEGMENTATION_H
#define KERMA_STRUCTURE_SEGMENTATION_H

#include "kerma/structure/structure.h"

namespace kerma::structure {

/// Voxels whose HU lie in [lowHu, highHu], limited to region when one is given (same grid).
Mask thresholdMask(const core::CtVolume& ct, double lowHu, double highHu, const Mask* region = nullptr);

/// HU above which a voxel belongs to the patient rather than the air around it.
inline constexpr double BODY_THRESHOLD_HU = -350;

/// The patient's outline: voxels above thresholdHu, the largest 3D connected component only
/// (couch, cables and noise fall away), with the holes of each axial slice filled (bowel gas and
/// lungs belong to the body).
Mask bodyOutline(const core::CtVolume& ct, double thresholdHu = BODY_THRESHOLD_HU);

/// Region growing from seed (patient mm): the voxels connected to the seed's voxel (6-connected)
/// whose HU lie in [lowHu, highHu]. Throws kerma::Error (BadInput) when the seed is outside the
/// CT or its own HU is outside the range.
Mask growConnectedThreshold(const core::CtVolume& ct, core::Point3<core::Patient> seed, double lowHu,
                            double highHu);

/// Confidence-connected region growing from seed (patient mm): starting from the voxels within
/// radiusVoxels of the seed, grows into connected voxels within multiplier standard deviations of
/// the region's mean HU, re-estimating mean and deviation for `iterations` rounds (ITK's
/// ConfidenceConnectedImageFilter). Throws kerma::Error (BadInput) for a seed outside the CT.
Mask growConfidenceConnected(const core::CtVolume& ct, core::Point3<core::Patient> seed,
                             double multiplier = 2.5, int iterations = 4, int radiusVoxels = 2);

/// Fills the empty slices between contoured slices by shape-based interpolation: each missing
/// slice is the zero level of the signed distance maps of the two contoured slices around it,
/// blended linearly by slice position. Slices before the first and after the last contoured
/// slice stay empty.
Mask interpolateSlices(const Mask& mask);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_SEGMENTATION_H
