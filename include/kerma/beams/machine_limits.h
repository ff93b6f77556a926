#ifndef KERMA_BEAMS_MACHINE_LIMITS_H
#define KERMA_BEAMS_MACHINE_LIMITS_H

#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"

#include <string>
#include <vector>

namespace kerma::beams {

/// Tolerance, mm and degrees, within which a value on a limit counts as on it (positions are
/// computed in floating point, limits are round numbers).
inline constexpr double LIMIT_TOLERANCE = 1e-6;

/// The two leaf banks: X1 tips on the −Xb side, X2 tips on the +Xb side.
enum class LeafBank { X1, X2 };

/// The four jaws (IEC 61217 ASYMX X1/X2, ASYMY Y1/Y2).
enum class Jaw { X1, X2, Y1, Y2 };

/// Which machine limit a beam breaks (docs/methods/beam-geometry.md §5).
enum class LimitKind {
  GantryAngle,
  CollimatorAngle,
  CouchAngle,
  JawTravel,        ///< a jaw outside its travel
  JawOrder,         ///< X1 not left of X2, or Y1 not below Y2
  LeafCount,        ///< leaf lists not one value per pair of the machine's MLC
  LeafTravel,       ///< a tip outside the leaf travel
  MinimumGap,       ///< a pair's X2 − X1 below the minimum gap
  TipSpread,        ///< the tips of one bank further apart than the maximum tip spread
  Interdigitation,  ///< a tip passing the opposing tip of a neighbouring pair on a machine that forbids it
};

/// One broken limit, with a message that names the item, its value and the limit, e.g.
/// "leaf pair 31 (Yb 0.0..5.0 mm): X1 tip at -205.0 mm; expected within the leaf travel
/// -200.0..200.0 mm".
struct LimitViolation {
  LimitKind kind = LimitKind::LeafTravel;
  int pair = -1;  ///< 0-based leaf pair concerned (the first of two for interdigitation); -1: none
  std::string message;
};

/// Whether angleDeg, or the same direction a whole number of turns away (350° is −10°), lies in
/// rangeDeg.
bool angleWithin(double angleDeg, const dose::Range& rangeDeg);

/// Every limit of machine that beam breaks, in the order angles, jaws, leaves (pair by pair),
/// banks, then each subfield's leaves ("subfield 2: …"); empty when the beam can be delivered. Leaf pairs are numbered from 1 in messages, as
/// on a linac console, and from 0 in LimitViolation::pair.
std::vector<LimitViolation> checkMachineLimits(const dose::Beam& beam, const dose::Machine& machine);

/// The limits of jaws and leaves alone (checkMachineLimits without the angles).
std::vector<LimitViolation> checkFieldLimits(const dose::JawsMm& jaws, const dose::MlcLeaves* leaves,
                                             const dose::Machine& machine);

/// Throws kerma::Error (BadInput) listing every violation of checkMachineLimits, prefixed by
/// the beam's name; returns when there is none.
void requireMachineLimits(const dose::Beam& beam, const dose::Machine& machine);

/// Where the tip of pair's leaf in bank may stand, mm, with every other tip where it is: within
/// the leaf travel, the minimum gap to the opposing tip, the maximum tip spread of the bank and,
/// without interdigitation, the minimum gap to the neighbours' opposing tips. min > max when the
/// other tips already break a limit that this tip cannot mend.
dose::Range leafTipRange(const dose::MlcLeaves& leaves, const dose::Machine& machine, int pair, LeafBank bank);

/// Where jaw may stand, mm, with the other jaws where they are: within its travel and at least
/// MINIMUM_JAW_OPENING_MM from the opposing jaw.
dose::Range jawRange(const dose::JawsMm& jaws, const dose::Machine& machine, Jaw jaw);

/// Smallest opening between opposing jaws that jawRange allows, mm.
inline constexpr double MINIMUM_JAW_OPENING_MM = 1;

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_MACHINE_LIMITS_H
