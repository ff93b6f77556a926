#include "kerma/app/margin_model.h"

#include "kerma/structure/boolean.h"

#include <cstdio>

namespace kerma::app {

structure::Mask marginResult(const StructureSetModel& structures, const MarginSettings& settings) {
  const structure::Mask& source = structures.structure(settings.sourceIndex).mask;
  if (settings.direction == MarginDirection::Expand)
    return settings.withinIndex
               ? structure::expandWithin(source, settings.margin, structures.structure(*settings.withinIndex).mask)
               : structure::expand(source, settings.margin);
  const structure::Mask result = structure::contract(source, settings.margin);
  if (!settings.withinIndex) return result;
  return structure::combine(result, structures.structure(*settings.withinIndex).mask,
                            structure::BooleanOperation::Intersection);
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

structure::RoiType marginResultType(const StructureSetModel& structures, const MarginSettings& settings) {
  using structure::RoiType;
  if (const auto named = structure::typeNamedBy(settings.newName)) return *named;
  const RoiType source = structures.structure(settings.sourceIndex).type;
  if (settings.direction == MarginDirection::Contract) return source;
  if (source == RoiType::Gtv) return RoiType::Ctv;
  if (source == RoiType::Ctv) return RoiType::Ptv;
  return source;
}

AppliedMargin applyMargin(StructureSetModel& structures, const MarginSettings& settings) {
  const structure::Mask result = marginResult(structures, settings);
  const std::string name = marginResultName(structures, settings);
  AppliedMargin applied;
  if (settings.withinIndex && settings.direction == MarginDirection::Expand)
    if (auto note = structure::keptOutsideLimitNote(structures.structure(settings.sourceIndex),
                                                    structures.structure(*settings.withinIndex), name))
      applied.notes.push_back(std::move(*note));
  if (settings.replaceIndex) {
    structures.replaceMask(*settings.replaceIndex, result,
                           "Margin " + name + " into " + structures.structure(*settings.replaceIndex).name);
    applied.index = *settings.replaceIndex;
    return applied;
  }
  const structure::RoiType type = marginResultType(structures, settings);
  applied.index = structures.addStructure({name, type, structures.newColour(type)}, &result, "Margin " + name);
  return applied;
}

}  // namespace kerma::app
