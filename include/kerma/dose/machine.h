#ifndef KERMA_DOSE_MACHINE_H
#define KERMA_DOSE_MACHINE_H

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dose {

/// Closed interval [min, max] in the unit the member's name states.
struct Range {
  double min = 0, max = 0;
  bool contains(double value) const { return value >= min && value <= max; }
  friend bool operator==(const Range&, const Range&) = default;
};

/// Travel of each jaw: signed positions in the IEC beam-limiting-device frame projected to the
/// isocentre plane, mm (X1 and Y1 usually negative, X2 and Y2 positive; a range crossing 0 allows
/// over-centre travel).
struct JawLimitsMm {
  Range x1, x2, y1, y2;
};

/// Multileaf collimator with leaves moving along Xb, pairs stacked along Yb.
struct MlcModel {
  /// Leaf-pair boundaries along Yb at the isocentre plane, mm, strictly increasing, one more
  /// than the number of pairs (61 for a Millennium 120: −200 … +200).
  std::vector<double> leafBoundariesMm;
  Range leafTravelMm;              ///< where a leaf tip may be, signed Xb at isocentre, mm (each bank)
  double maxTipSpreadMm = 0;       ///< largest distance between tips of one bank, mm
  double minimumGapMm = 0;         ///< smallest X2 − X1 of a pair, mm (closed-leaf gap)
  bool interdigitationAllowed = true;  ///< whether an X1 tip may pass the X2 tip of a neighbour
  double transmission = 0;         ///< leaf transmission, fraction of open-field fluence

  int pairCount() const { return static_cast<int>(leafBoundariesMm.size()) - 1; }
  /// Centre of pair n along Yb, mm (0-based, from −Y to +Y).
  double pairCentreMm(int n) const { return 0.5 * (leafBoundariesMm[n] + leafBoundariesMm[n + 1]); }
};

/// A treatment machine as described by its folder's machine.json: geometry, limits and the few
/// transmission values the planning geometry needs. Beam-model data (spectrum, kernels, output
/// factors) live in further files of folder, read by the dose engine.
struct Machine {
  std::string name;      ///< e.g. "Generic 6 MV"
  std::string version;   ///< the file's own version string, e.g. "1.0.0"
  std::string checksum;  ///< SHA-256 of machine.json's bytes, 64 lower-case hex digits
  std::filesystem::path folder;  ///< the folder machine.json was read from
  std::vector<std::string> energies;  ///< nominal energies, e.g. {"6X"}

  double sadMm = 1000;   ///< source–axis distance, mm
  JawLimitsMm jawLimitsMm;
  double jawTransmission = 0;  ///< fraction of open-field fluence
  MlcModel mlc;

  Range gantryAngleDeg;      ///< allowed gantry angles, degrees (IEC 61217)
  Range collimatorAngleDeg;  ///< allowed collimator angles, degrees; may be negative (e.g. −175..175)
  Range couchAngleDeg;       ///< allowed patient-support angles, degrees
  Range muPerBeam;           ///< allowed monitor units per beam
  double minMuPerSegment = 0;  ///< fewest monitor units one step-and-shoot segment may deliver
  std::vector<double> doseRatesMuPerMin;  ///< selectable dose rates, MU/min
  double maxDosePerFractionGy = 0;  ///< prescription sanity limit per fraction, Gy
};

/// Reads folder/machine.json. Throws kerma::Error (Io) when the file cannot be read, and
/// (BadInput) naming the file and the line for a syntax error, and the file and the key path
/// (e.g. "mlc.leafBoundariesMm") for a missing key, a value of the wrong type or an
/// inconsistent value (boundaries not increasing, empty range).
Machine loadMachine(const std::filesystem::path& folder);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_MACHINE_H
