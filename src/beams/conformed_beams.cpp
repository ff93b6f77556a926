#include "kerma/beams/conformed_beams.h"

#include "kerma/beams/beams_eye_view.h"
#include "kerma/beams/machine_limits.h"
#include "kerma/beams/source_skin_distance.h"

namespace kerma::beams {

std::vector<dose::Beam> conformedTemplateBeams(BeamTemplate beamTemplate, const structure::Structure& target,
                                               const structure::Mask* body, const dose::Machine& machine,
                                               const ConformationOptions& options,
                                               const core::Point3<core::Patient>& isocenterMm,
                                               core::PatientPosition position, const TemplateAngles& angles) {
  std::vector<dose::Beam> beams = beamsFromTemplate(beamTemplate, isocenterMm, position, angles);
  for (dose::Beam& beam : beams) {
    const ConformedField field = conformMlc(projectStructure(target, beam, machine.sadMm), machine, options);
    beam.jawsMm = field.jawsMm;
    beam.leaves = field.leaves;
    beam.energy = machine.energies.front();
    if (body) beam.ssdMm = sourceSkinDistanceMm(beam, machine.sadMm, *body).value_or(0);
    requireMachineLimits(beam, machine);
  }
  return beams;
}

}  // namespace kerma::beams
