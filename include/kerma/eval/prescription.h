#ifndef KERMA_EVAL_PRESCRIPTION_H
#define KERMA_EVAL_PRESCRIPTION_H

#include "kerma/core/geometry.h"

#include <optional>
#include <string>
#include <string_view>

namespace kerma::eval {

/// What the prescription dose is normalised to.
enum class Normalisation {
  Point,       ///< dose at a reference point
  Isocentre,   ///< dose at the isocentre
  TargetMean,  ///< mean dose of the target
  TargetD95,   ///< D95 of the target (95 % of the target receives the prescription)
};

/// Largest dose per fraction, Gy, accepted as a prescription; above it a text is taken to be a
/// typing error (single-fraction radiosurgery stays below).
inline constexpr double MAX_DOSE_PER_FRACTION_GY = 30;
/// Largest total dose, Gy, accepted as a prescription.
inline constexpr double MAX_TOTAL_DOSE_GY = 150;
/// Largest number of fractions accepted.
inline constexpr int MAX_FRACTIONS = 60;

/// "isocentre", "point", "mean" or "d95"; throws kerma::Error (BadInput) naming the text and the
/// accepted names otherwise.
Normalisation normalisationFromName(std::string_view name);
/// The name normalisationFromName reads: "isocentre", "point", "mean" or "d95".
std::string_view normalisationName(Normalisation normalisation);

/// A dose prescription: total dose in equal fractions, the pace of delivery and what it is
/// normalised to.
struct Prescription {
  double totalDoseGy = 0;
  int fractions = 1;
  double fractionsPerWeek = 5;  ///< 5 daily, 1 weekly
  std::string target;           ///< structure name, e.g. "PTV"
  Normalisation normalisation = Normalisation::TargetD95;
  std::optional<core::Point3<core::Patient>> pointMm;  ///< for Point and Isocentre

  double dosePerFractionGy() const { return totalDoseGy / fractions; }
};

/// Parses "20Gy/5", "20 Gy / 5 fx", "8Gy x 1", "8 Gy in 1 fraction", "21Gy/3 weekly" (one
/// fraction a week; "daily" is five, the default). Throws kerma::Error (BadInput) quoting the text
/// when it does not parse or is impossible: fewer than 1 or more than MAX_FRACTIONS fractions,
/// a total dose not positive or above MAX_TOTAL_DOSE_GY, or a dose per fraction above
/// MAX_DOSE_PER_FRACTION_GY.
Prescription parsePrescription(std::string_view text);

/// "20 Gy / 5 fx" style text of a prescription, with "weekly" when one fraction a week.
std::string describe(const Prescription& rx);

/// Factor by which a dose must be scaled so that its normalisation quantity, measuredGy (the dose
/// at the point or isocentre, the target mean or D95), equals the prescription. Throws
/// kerma::Error (BadInput) when measuredGy is not positive.
double normalisationScale(const Prescription& rx, double measuredGy);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_PRESCRIPTION_H
