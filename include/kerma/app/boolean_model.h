#ifndef KERMA_APP_BOOLEAN_MODEL_H
#define KERMA_APP_BOOLEAN_MODEL_H

#include "kerma/app/structure_set_model.h"
#include "kerma/structure/boolean.h"

#include <optional>
#include <string>

namespace kerma::app {

/// What the boolean dialog asks for: a op b into a new structure or an existing one.
struct BooleanSettings {
  int aIndex = 0, bIndex = 0;
  structure::BooleanOperation operation = structure::BooleanOperation::Union;
  std::optional<int> targetIndex;  ///< nullopt: a new structure called newName
  std::string newName;             ///< empty: e.g. "Bladder|Rectum"
};

/// The default name of the result: a and b joined by | (union), & (intersection), - or ^.
std::string booleanResultName(const StructureSetModel& structures, const BooleanSettings& settings);

/// Computes structure::combine and commits it (one edit) into the target or a new structure
/// (type Organ, active afterwards). Returns the index written.
int applyBoolean(StructureSetModel& structures, const BooleanSettings& settings);

}  // namespace kerma::app

#endif  // KERMA_APP_BOOLEAN_MODEL_H
