#include "kerma/app/structure_edit.h"

namespace kerma::app {

std::size_t StructureEdit::undoBytes() const {
  std::size_t bytes = 0;
  for (const StructureChange& change : changes) {
    if (const auto* patch = std::get_if<MaskPatch>(&change))
      bytes += patch->before.size() + patch->after.size();
  }
  return bytes;
}

std::optional<MaskPatch> maskPatch(int index, const structure::Mask& before,
                                   const structure::Mask& after) {
  const structure::VoxelBox box =
      structure::differingBox(before, after, structure::gridBox(before.geometry()));
  if (box.empty()) return std::nullopt;
  return MaskPatch{index, box, structure::copyBox(before, box), structure::copyBox(after, box)};
}

}  // namespace kerma::app
