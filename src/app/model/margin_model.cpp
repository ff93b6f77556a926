#include "kerma/app/margin_model.h"

#include "kerma/structure/boolean.h"

#include <cstdio>

namespace kerma::app {

namespace {
// A colour distinct from the source's, so that the result shows beside it.
structure::Rgb shiftedColour(const structure::Rgb& c) {
  return {std::uint8_t(255 - c.r / 2), std::uint8_t(c.g / 2 + 64), std::uint8_t(255 - c.b)};
}
}  // namespace

structure::Mask marginResult(const StructureSetModel& structures, const MarginSettings& settings) {
  const structure::Mask& source = structures.structure(settings.sourceIndex).mask;
  structure::Mask result = settings.direction == MarginDirection::Expand
                               ? structure::expand(source, settings.margin)
                               : structure::contract(source, settings.margin);
  if (settings.withinIndex)
    result = structure::combine(result, structures.structure(*settings.withinIndex).mask,
                                structure::BooleanOperation::Intersection);
  return result;
}

std::string marginResultName(const StructureSetModel& structures, const MarginSettings& settings) {
  if (!settings.newName.empty()) return settings.newName;
  const char sign = settings.direction == MarginDirection::Expand ? '+' : '-';
  char amount[32];
  if (settings.margin.isIsotropic())
    std::snprintf(amount, sizeof amount, "%c%gmm", sign, settings.margin.left);
  else
    std::snprintf(amount, sizeof amount, "%caniso", sign);
  return structures.structure(settings.sourceIndex).name + amount;
}

int applyMargin(StructureSetModel& structures, const MarginSettings& settings) {
  const structure::Mask result = marginResult(structures, settings);
  const std::string name = marginResultName(structures, settings);
  if (settings.replaceIndex) {
    structures.replaceMask(*settings.replaceIndex, result,
                           "Margin " + name + " into " + structures.structure(*settings.replaceIndex).name);
    return *settings.replaceIndex;
  }
  const StructureProperties source = structures.properties(settings.sourceIndex);
  return structures.addStructure({name, source.type, shiftedColour(source.colour)}, &result,
                                 "Margin " + name);
}

}  // namespace kerma::app
