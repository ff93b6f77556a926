#include "kerma/structure/boolean.h"

#include "kerma/core/error.h"

namespace kerma::structure {

namespace {

bool apply(BooleanOperation operation, bool a, bool b) {
  switch (operation) {
    case BooleanOperation::Union: return a || b;
    case BooleanOperation::Intersection: return a && b;
    case BooleanOperation::Subtraction: return a && !b;
    case BooleanOperation::SymmetricDifference: return a != b;
  }
  return false;
}

}  // namespace

Mask combine(const Mask& a, const Mask& b, BooleanOperation operation) {
  if (!a.geometry().sameGridAs(b.geometry()))
    throw Error(ErrorCode::BadInput, "masks on different grids cannot be combined voxel by voxel");
  Mask result(a.geometry(), 0);
  const auto va = a.values(), vb = b.values();
  auto out = result.values();
  for (std::size_t n = 0; n < out.size(); ++n) out[n] = apply(operation, va[n] != 0, vb[n] != 0);
  return result;
}

}  // namespace kerma::structure
