#ifndef KERMA_APP_MARGIN_MODEL_H
#define KERMA_APP_MARGIN_MODEL_H

#include "kerma/app/structure_set_model.h"
#include "kerma/structure/margin.h"

#include <optional>
#include <string>

namespace kerma::app {

/// Grow or shrink.
enum class MarginDirection { Expand, Contract };

/// What the margin dialog asks for: structure::expand or contract of a source structure,
/// optionally cropped to another structure, into a new structure or replacing an existing one.
struct MarginSettings {
  int sourceIndex = 0;
  structure::MarginMm margin = structure::MarginMm::isotropic(5);
  MarginDirection direction = MarginDirection::Expand;
  std::optional<int> withinIndex;   ///< result limited to this structure
  std::optional<int> replaceIndex;  ///< nullopt: a new structure called newName
  std::string newName;              ///< empty: "<source>+5mm" or "<source>-5mm"
};

/// The result mask of settings on structures (pure). Throws kerma::Error (BadInput) for a bad
/// margin, as structure::expand does.
structure::Mask marginResult(const StructureSetModel& structures, const MarginSettings& settings);

/// Computes the result and commits it (one edit): a new structure, active afterwards, with the
/// source's type and a shifted colour, or the replacement of replaceIndex's mask. Returns the
/// index of the structure written.
int applyMargin(StructureSetModel& structures, const MarginSettings& settings);

/// The default name of the result, e.g. "Bladder+5mm", "GTV-2mm", "Rectum+aniso".
std::string marginResultName(const StructureSetModel& structures, const MarginSettings& settings);

}  // namespace kerma::app

#endif  // KERMA_APP_MARGIN_MODEL_H
