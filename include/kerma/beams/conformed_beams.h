#ifndef KERMA_BEAMS_CONFORMED_BEAMS_H
#define KERMA_BEAMS_CONFORMED_BEAMS_H

#include "kerma/core/geometry.h"
#include "kerma/core/iec61217.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/beams/beam_templates.h"
#include "kerma/beams/mlc_conformation.h"
#include "kerma/structure/structure.h"

#include <vector>

namespace kerma::beams {

/// The beams of beamTemplate about isocenterMm at angles' collimator and couch angles, each with the MLC conformed to target's
/// beam's-eye view and the jaws fitted (conformMlc with options), the machine's first energy,
/// and the SSD on body's voxelised surface (0 when body is null or the axis misses it), each
/// checked with requireMachineLimits. Throws
/// kerma::Error (BadInput) as projectStructure and conformMlc do.
std::vector<dose::Beam> conformedTemplateBeams(BeamTemplate beamTemplate, const structure::Structure& target,
                                               const structure::Mask* body, const dose::Machine& machine,
                                               const ConformationOptions& options,
                                               const core::Point3<core::Patient>& isocenterMm,
                                               core::PatientPosition position = core::PatientPosition::Hfs,
                                               const TemplateAngles& angles = {});

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_CONFORMED_BEAMS_H
