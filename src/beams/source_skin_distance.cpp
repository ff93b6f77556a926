#include "kerma/beams/source_skin_distance.h"

#include "kerma/core/voxel_ray_iterator.h"

namespace kerma::beams {

std::optional<double> sourceSkinDistanceMm(const dose::Beam& beam, double sadMm, const structure::Mask& body) {
  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  core::VoxelRayIterator ray(body.geometry(), core::sourcePositionMm(patientFromBld, sadMm),
                             core::beamAxisDirection(patientFromBld));
  while (const auto segment = ray.next())
    if (body.at(segment->ijk) != 0) return segment->tEnterMm;
  return std::nullopt;
}

}  // namespace kerma::beams
