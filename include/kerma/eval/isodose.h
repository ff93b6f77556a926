#ifndef KERMA_EVAL_ISODOSE_H
#define KERMA_EVAL_ISODOSE_H

#include "kerma/eval/dose_distribution.h"
#include "kerma/structure/structure.h"

#include <array>

namespace kerma::eval {

/// The isodose levels a dose is shown with, % of the prescription: the ICRU 50/62 bounds of the
/// target dose (107 %, 95 %), 100 %, and the levels a physicist reads the fall-off at. The
/// workstation's views and the plan report show the same ones.
inline constexpr std::array<double, 7> DEFAULT_ISODOSE_PERCENT{107, 100, 95, 90, 80, 50, 30};
/// The default colour wash runs from this % of the prescription (transparent below) ...
inline constexpr double DEFAULT_WASH_FROM_PERCENT = 30;
/// ... to this % (the top colour above).
inline constexpr double DEFAULT_WASH_TO_PERCENT = 110;

/// Colour of a dose wash at a fraction t in [0, 1] of its range (clamped): blue, cyan, green,
/// yellow, red.
structure::Rgb washColour(double t);
/// Colour of the isodose line of percent (of the prescription): the default wash's colour there,
/// so that a line and the wash it bounds agree.
structure::Rgb isodoseColour(double percent);

/// An isodose as a structure: the voxels of grid whose centres get at least levelGy (the dose
/// trilinear between its voxel centres, none outside them), e.g. to report V95 % or to shield.
structure::Mask isodoseMask(const DoseDistribution& dose, double levelGy, const core::VolumeGeometry& grid);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_ISODOSE_H
