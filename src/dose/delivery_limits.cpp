#include "kerma/dose/delivery_limits.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <cmath>

namespace kerma::dose {

using core::shortestText;

std::vector<DeliveryLimitWarning> checkDeliveryLimits(const Machine& machine, double dosePerFractionGy,
                                                      const std::vector<BeamMonitorUnits>& beams) {
  std::vector<DeliveryLimitWarning> warnings;
  // Written as "not within" so that NaN is outside.
  if (!(dosePerFractionGy > 0 && dosePerFractionGy <= machine.maxDosePerFractionGy))
    warnings.push_back({"prescription", "dose per fraction " + shortestText(dosePerFractionGy) +
                                            " Gy; the machine allows up to " +
                                            shortestText(machine.maxDosePerFractionGy) + " Gy (maxDosePerFractionGy)"});
  for (const auto& beam : beams)
    if (!(std::isfinite(beam.monitorUnits) && machine.muPerBeam.contains(beam.monitorUnits)))
      warnings.push_back({"beam '" + beam.beam + "'", shortestText(beam.monitorUnits) + " MU; the machine allows " +
                                                          shortestText(machine.muPerBeam.min) + " to " +
                                                          shortestText(machine.muPerBeam.max) + " MU per beam (muPerBeam)"});
  for (const auto& beam : beams)
    for (std::size_t s = 0; s < beam.segmentMonitorUnits.size(); ++s)
      if (!(beam.segmentMonitorUnits[s] >= machine.minMuPerSegment))
        warnings.push_back({"beam '" + beam.beam + "'",
                            (s == 0 ? std::string("open field") : "subfield " + std::to_string(s)) + " " +
                                shortestText(beam.segmentMonitorUnits[s]) + " MU; the machine needs at least " +
                                shortestText(machine.minMuPerSegment) + " MU per segment (minMuPerSegment)"});
  return warnings;
}

void requireWithinDeliveryLimits(const Machine& machine, double dosePerFractionGy,
                                 const std::vector<BeamMonitorUnits>& beams) {
  const auto warnings = checkDeliveryLimits(machine, dosePerFractionGy, beams);
  if (warnings.empty()) return;
  std::string list;
  for (const auto& w : warnings) list += (list.empty() ? "" : "; ") + w.item + ": " + w.message;
  throw Error(ErrorCode::BadInput, "outside the limits of machine '" + machine.name + "' (" +
                                       (machine.folder / "machine.json").string() + "): " + list);
}

}  // namespace kerma::dose
