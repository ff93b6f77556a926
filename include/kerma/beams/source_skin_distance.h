#ifndef KERMA_BEAMS_SOURCE_SKIN_DISTANCE_H
#define KERMA_BEAMS_SOURCE_SKIN_DISTANCE_H

#include "kerma/dose/beam.h"
#include "kerma/structure/structure.h"

#include <optional>

namespace kerma::beams {

/// Source–skin distance, mm: along the central axis from the source (sadMm above the isocentre)
/// to where the axis enters the first voxel of body (mask value non-zero), found by exact voxel
/// traversal (core::VoxelRayIterator), so the skin is the voxelised BODY surface. nullopt when
/// the axis misses the body.
std::optional<double> sourceSkinDistanceMm(const dose::Beam& beam, double sadMm, const structure::Mask& body);

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_SOURCE_SKIN_DISTANCE_H
