#ifndef KERMA_DOSE_DELIVERY_LIMITS_H
#define KERMA_DOSE_DELIVERY_LIMITS_H

#include "kerma/dose/machine.h"

#include <string>
#include <vector>

namespace kerma::dose {

/// Monitor units of one beam as planned.
struct BeamMonitorUnits {
  std::string beam;  ///< beam name, for the message
  double monitorUnits = 0;
  /// MU of each step-and-shoot segment, open field first; empty for a static beam.
  std::vector<double> segmentMonitorUnits;
};

/// A plan value outside a limit of the machine file. Every such warning blocks: a plan that has
/// one is not exported or approved until the value is changed (or the machine file is).
struct DeliveryLimitWarning {
  std::string item;     ///< "prescription" or "beam 'AP'"
  std::string message;  ///< the value, the limit and the machine file's key, e.g. "dose per fraction ..."
};

/// The prescription's dose per fraction against machine.maxDosePerFractionGy and each beam's
/// monitor units against machine.muPerBeam (a value that is not a finite number is outside every
/// limit), and each segment's monitor units against machine.minMuPerSegment. Empty when the plan
/// is within the machine's limits.
std::vector<DeliveryLimitWarning> checkDeliveryLimits(const Machine& machine, double dosePerFractionGy,
                                                      const std::vector<BeamMonitorUnits>& beams);

/// Throws kerma::Error (BadInput) listing every warning of checkDeliveryLimits, naming the machine;
/// for the steps (export, approval) that a blocking warning stops.
void requireWithinDeliveryLimits(const Machine& machine, double dosePerFractionGy,
                                 const std::vector<BeamMonitorUnits>& beams);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_DELIVERY_LIMITS_H
