#ifndef KERMA_BEAMS_MLC_SHIELDING_H
#define KERMA_BEAMS_MLC_SHIELDING_H

#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/structure/structure.h"

#include <string>
#include <string_view>
#include <vector>

namespace kerma::beams {

/// Where an organ's projection (plus its margin) overlaps the target's (plus its margin).
enum class OverlapRule {
  TargetFirst,  ///< the overlap stays open: the target keeps its coverage, the organ gets dose there
  OrganFirst,   ///< the overlap is closed too: the organ is spared, the target loses coverage there
};

/// "target-first" or "organ-first"; throws kerma::Error (BadInput) naming the text otherwise.
OverlapRule overlapRuleFromName(std::string_view name);

struct ShieldingOptions {
  double organMarginMm = 5;   ///< the organ's projection grows by this in the isocentre plane
  double targetMarginMm = 7;  ///< and the target's by this (the conformation's margin)
  OverlapRule rule = OverlapRule::TargetFirst;
};

/// A beam with the leaves moved in over an organ at risk, and what it cost.
struct ShieldedBeam {
  dose::Beam beam;
  int pairsMoved = 0;
  /// Leaf pairs where the rule decided: the organ left open for the target (TargetFirst) or the
  /// target closed for the organ (OrganFirst), as "pair 31 (y 2.5 to 7.5 mm)".
  std::vector<std::string> overlaps;
};

/// *Shield structure*: closes beam's leaves over organ's beam's-eye-view projection grown by
/// organMarginMm wherever it does not overlap target's projection grown by targetMarginMm (or
/// also there, as rule says). A leaf pair gives one opening, so where the allowed part of a pair's
/// opening falls apart in pieces, the piece that holds the most of the target (then the widest)
/// stays open; a pair left narrower than the machine's minimum gap is closed. The jaws stay. Works
/// on the projections' scanlines every BEV_RASTER_SPACING_MM across each pair's width.
ShieldedBeam shieldOrgan(const dose::Beam& beam, const structure::Structure& organ, const structure::Structure& target,
                         const dose::Machine& machine, const ShieldingOptions& options = {});

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_MLC_SHIELDING_H
