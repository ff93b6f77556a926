#ifndef KERMA_STRUCTURE_BOOLEAN_H
#define KERMA_STRUCTURE_BOOLEAN_H

#include "kerma/structure/structure.h"

namespace kerma::structure {

enum class BooleanOperation {
  Union,               ///< in a or b
  Intersection,        ///< in a and b
  Subtraction,         ///< in a and not in b
  SymmetricDifference  ///< in exactly one of a and b
};

/// Voxel-wise combination of two masks on the same grid. Throws kerma::Error (BadInput) when the
/// grids differ.
Mask combine(const Mask& a, const Mask& b, BooleanOperation operation);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_BOOLEAN_H
