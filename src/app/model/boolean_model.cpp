#include "kerma/app/boolean_model.h"

#include <cassert>

namespace kerma::app {

namespace {
const char* operatorSymbol(structure::BooleanOperation operation) {
  switch (operation) {
    case structure::BooleanOperation::Union: return "|";
    case structure::BooleanOperation::Intersection: return "&";
    case structure::BooleanOperation::Subtraction: return "-";
    case structure::BooleanOperation::SymmetricDifference: return "^";
  }
  assert(false && "unknown boolean operation");
  return "?";
}
}  // namespace

std::string booleanResultName(const StructureSetModel& structures, const BooleanSettings& settings) {
  if (!settings.newName.empty()) return settings.newName;
  return structures.structure(settings.aIndex).name + operatorSymbol(settings.operation) +
         structures.structure(settings.bIndex).name;
}

int applyBoolean(StructureSetModel& structures, const BooleanSettings& settings) {
  const structure::Mask result =
      structure::combine(structures.structure(settings.aIndex).mask,
                         structures.structure(settings.bIndex).mask, settings.operation);
  const std::string name = booleanResultName(structures, settings);
  if (settings.targetIndex) {
    structures.replaceMask(*settings.targetIndex, result, "Boolean " + name);
    return *settings.targetIndex;
  }
  const structure::RoiType type = structure::typeNamedBy(name).value_or(structure::RoiType::Organ);
  return structures.addStructure({name, type, structures.newColour(type)}, &result, "Boolean " + name);
}

}  // namespace kerma::app
