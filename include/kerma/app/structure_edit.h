#ifndef KERMA_APP_STRUCTURE_EDIT_H
#define KERMA_APP_STRUCTURE_EDIT_H

#include "kerma/structure/mask_editing.h"
#include "kerma/structure/structure.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kerma::app {

/// What a structure is called and how it is shown, apart from its geometry.
struct StructureProperties {
  std::string name;
  structure::RoiType type = structure::RoiType::Organ;
  structure::Rgb colour;
  friend bool operator==(const StructureProperties&, const StructureProperties&) = default;
};

/// The voxels of structure `index` inside box, before and after the edit (i fastest). Only the
/// box is stored, so that a brush stroke costs its own slice region, not a 25 MB mask.
struct MaskPatch {
  int index = 0;
  structure::VoxelBox box;
  std::vector<std::uint8_t> before, after;
};

/// Inserts an empty structure at index; undone by removing it (empty again by then).
struct StructureInsertion {
  int index = 0;
  StructureProperties properties;
};

/// Removes the (already emptied) structure at index; undone by inserting it empty again.
struct StructureRemoval {
  int index = 0;
  StructureProperties properties;
};

/// New name, type or colour of the structure at index.
struct PropertyChange {
  int index = 0;
  StructureProperties before, after;
};

using StructureChange = std::variant<MaskPatch, StructureInsertion, StructureRemoval, PropertyChange>;

/// One undoable step, e.g. a brush stroke or "margin into a new structure": its changes apply in
/// order when redone and in reverse order, each inverted, when undone.
struct StructureEdit {
  std::string description;  ///< for the Edit menu, e.g. "Brush on Bladder"
  std::vector<StructureChange> changes;
  /// Bytes of mask data held for undo and redo.
  std::size_t undoBytes() const;
};

/// The patch turning before into after, limited to the box where they differ; nullopt when equal.
std::optional<MaskPatch> maskPatch(int index, const structure::Mask& before,
                                   const structure::Mask& after);

}  // namespace kerma::app

#endif  // KERMA_APP_STRUCTURE_EDIT_H
