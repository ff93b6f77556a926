#ifndef KERMA_APP_MARGIN_MODEL_H
#define KERMA_APP_MARGIN_MODEL_H

#include "kerma/app/structure_set_model.h"
#include "kerma/structure/margin.h"

#include <optional>
#include <string>
#include <vector>

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

/// The result mask of settings on structures (pure): an expansion within a structure keeps its
/// source whole (structure::expandWithin), a contraction is intersected with it. Throws
/// kerma::Error (BadInput) for a bad margin, as structure::expand does.
structure::Mask marginResult(const StructureSetModel& structures, const MarginSettings& settings);

/// The RT ROI Interpreted Type of a new result: what a name the user typed states
/// (structure::typeNamedBy); else an expansion of a GTV is a CTV and of a CTV a PTV (ICRU 50/62),
/// and any other result has its source's type.
structure::RoiType marginResultType(const StructureSetModel& structures, const MarginSettings& settings);

/// What applyMargin did.
struct AppliedMargin {
  int index = 0;                   ///< of the structure written
  std::vector<std::string> notes;  ///< for the user, e.g. structure::keptOutsideLimitNote
};

/// Computes the result and commits it (one edit): a new structure, active afterwards, with
/// marginResultType and a colour no other structure has, or the replacement of replaceIndex's
/// mask.
AppliedMargin applyMargin(StructureSetModel& structures, const MarginSettings& settings);

/// The default name of the result, e.g. "Bladder+5mm", "GTV-2mm", "Rectum+aniso".
std::string marginResultName(const StructureSetModel& structures, const MarginSettings& settings);

}  // namespace kerma::app

#endif  // KERMA_APP_MARGIN_MODEL_H
