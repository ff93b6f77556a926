#ifndef KERMA_STRUCTURE_MARGIN_H
#define KERMA_STRUCTURE_MARGIN_H

#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <string_view>

namespace kerma::structure {

/// A margin in mm towards each patient direction (DICOM LPS: right = -x, left = +x,
/// anterior = -y, posterior = +y, inferior = -z, superior = +z). Every value must be >= 0.
struct MarginMm {
  double right = 0, left = 0, anterior = 0, posterior = 0, superior = 0, inferior = 0;
  static MarginMm isotropic(double mm) { return {mm, mm, mm, mm, mm, mm}; }
  bool isIsotropic() const {
    return right == left && left == anterior && anterior == posterior && posterior == superior &&
           superior == inferior;
  }
};

/// The voxels whose centres lie within the margin of a voxel centre of mask: the Minkowski sum of
/// the mask with an ellipsoid made of eight octants whose semi-axes are the six margins. Computed
/// exactly on the separable, spacing-aware Euclidean distance (a voxel at (dx, dy, dz) mm from a
/// mask voxel is reached when the sum of (d/margin)^2 over the axes is at most 1), limited to the
/// band the margin can reach. Anisotropic margins need a grid whose axes run along the patient
/// axes (any order and sign); isotropic margins work on any grid. Throws kerma::Error (BadInput)
/// for a negative or non-finite margin, or an anisotropic margin on an oblique grid.
Mask expand(const Mask& mask, const MarginMm& margin);

/// The voxels of mask farther than the margin from every voxel outside it (the grid's outside
/// counts as outside): the complement of expanding the complement, so contracting then expanding
/// returns the mask's opening. Same conditions as expand.
Mask contract(const Mask& mask, const MarginMm& margin);

/// mask expanded by margin and kept inside limit, without ever losing mask itself:
/// mask ∪ (expand(mask, margin) ∩ limit). This is the clinical "CTV = GTV + 15 mm within bone":
/// a CTV always contains its GTV, also where the tumour is not bone (the lytic part of a
/// metastasis lies below any bone threshold). Same conditions as expand; throws kerma::Error
/// (BadInput) when limit lies on another grid.
Mask expandWithin(const Mask& mask, const MarginMm& margin, const Mask& limit);

/// What a user is told when expandWithin keeps part of source outside limit, e.g. "GTV_Met:
/// 2.56 cm³ of its 5.54 cm³ lie outside Bone and are kept in CTV (a margin result always
/// contains its source)"; nullopt when source lies inside limit.
std::optional<std::string> keptOutsideLimitNote(const Structure& source, const Structure& limit,
                                                std::string_view resultName);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_MARGIN_H
