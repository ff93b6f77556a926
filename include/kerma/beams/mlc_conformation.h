#ifndef KERMA_BEAMS_MLC_CONFORMATION_H
#define KERMA_BEAMS_MLC_CONFORMATION_H

#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/beams/beams_eye_view.h"

#include <string_view>
#include <vector>

namespace kerma::beams {

/// How a leaf pair that the target covers only partly is set (docs/methods/beam-geometry.md §4).
enum class LeafMode {
  Outside,  ///< tips at the outermost extent of the target anywhere within the pair's width
  Inside,   ///< tips at the innermost extent across the pair's width; closed unless the target
            ///< spans the whole width
  Middle,   ///< tips where the pair's centre line meets the target's outline
};

/// "outside", "inside" or "middle"; throws kerma::Error (BadInput) naming the text otherwise.
LeafMode leafModeFromName(std::string_view name);

/// Margins added to the projected target in the isocentre plane, mm, per side of the BLD frame
/// (X1 = −Xb, X2 = +Xb, Y1 = −Yb, Y2 = +Yb). The target grows by an elliptical structuring
/// element with these four semi-axes, a disc when all are equal.
struct BevMarginsMm {
  double x1 = 7, x2 = 7, y1 = 7, y2 = 7;
};

/// Options of conformMlc.
struct ConformationOptions {
  BevMarginsMm marginsMm;
  LeafMode leafMode = LeafMode::Outside;
  double jawMarginMm = 0;  ///< jaws stand this far beyond the MLC opening, mm
};

/// Leaves and jaws of a conformed field.
struct ConformedField {
  dose::JawsMm jawsMm;
  dose::MlcLeaves leaves;
};

/// Fits the MLC to the union of targetOutline (polygons in the isocentre plane, BLD mm; an
/// even-odd set such as projectStructure returns) grown by the margins, pair by pair per
/// leafMode, then the jaws to the opening plus jawMarginMm: X jaws at the outermost open leaf
/// tips, Y jaws at the open pairs' extent, trimmed to the grown target's Y extent. Leaf tips are
/// kept within the leaf travel; open pairs narrower than the minimum gap widen about their
/// centre; unused pairs are closed with the minimum gap under the X1 jaw (X2 tip at jaw X1).
/// Throws kerma::Error (BadInput) when the target is empty or the field exceeds the jaw travel.
ConformedField conformMlc(const std::vector<BevPolygon>& targetOutline, const dose::Machine& machine,
                          const ConformationOptions& options);

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_MLC_CONFORMATION_H
