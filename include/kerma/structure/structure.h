#ifndef KERMA_STRUCTURE_STRUCTURE_H
#define KERMA_STRUCTURE_STRUCTURE_H

#include "kerma/core/volume.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::structure {

/// RT ROI Interpreted Type (3006,00A4).
enum class RoiType { External, Ptv, Ctv, Gtv, Organ, Avoidance, Bolus, Support, Marker, Control, Other };

/// The DICOM defined term, e.g. "EXTERNAL"; Other gives an empty string.
std::string_view dicomTerm(RoiType type);
/// Inverse of dicomTerm; unknown terms give Other.
RoiType roiTypeFromDicomTerm(std::string_view term);

/// Display colour of a structure, 8 bits per channel (ROI Display Color (3006,002A)).
struct Rgb {
  std::uint8_t r = 255, g = 255, b = 255;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

/// The RT ROI Interpreted Type a structure's name states: PTV…, CTV… and GTV… (any case) are
/// targets, BODY, EXTERNAL and SKIN the patient outline; nullopt for any other name.
std::optional<RoiType> typeNamedBy(std::string_view name);

/// A display colour for a new structure of type that none of inUse has, so that it never looks
/// like another one: targets and the outline get their role's colour (PTV red, CTV orange, GTV
/// magenta, EXTERNAL green) while it is free, every other structure (and a role whose colour is
/// taken) the first free colour of a palette of well-separated hues, then hues spaced by the
/// golden angle.
Rgb newStructureColour(RoiType type, const std::vector<Rgb>& inUse);

/// Binary mask on the CT grid: 1 inside the structure, 0 outside.
using Mask = core::Volume<std::uint8_t>;

/// A closed planar polygon in patient coordinates, mm; the last point joins the first.
struct PlanarContour {
  std::vector<core::Point3<core::Patient>> pointsMm;
};

/// A region of interest: its identity, the mask that holds its geometry and the planar contours
/// derived from (or read into) that mask.
struct Structure {
  std::string name;  ///< ROI Name, e.g. "Bladder"
  RoiType type = RoiType::Organ;
  Rgb colour;
  Mask mask;                            ///< on the grid of the CT the structure belongs to
  std::vector<PlanarContour> contours;  ///< each on one slice plane of mask's grid
};

/// Volume inside the mask, cm³ (voxel count times voxel volume).
double volumeCc(const Mask& mask);
/// The patient outline among structures: the first of type External, else the first named
/// BODY or EXTERNAL (any case); nullptr when there is none.
const Structure* findBody(const std::vector<Structure>& structures);
/// findBody over count structures that at(n) gives, for lists not held as a vector (a model's):
/// the index of the patient outline, nullopt when there is none.
std::optional<std::size_t> findBodyIndex(std::size_t count, const std::function<const Structure&(std::size_t)>& at);

/// Whether the patient point p lies in a voxel of mask (the nearest voxel centre's; false outside
/// its grid): a mask on one grid read at the points of another, e.g. the dose grid's.
bool insideMask(const Mask& mask, const core::Point3<core::Patient>& p);

/// Centre of mass of the mask's voxels in patient coordinates, mm; nullopt for an empty mask.
std::optional<core::Point3<core::Patient>> centroidMm(const Mask& mask);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_STRUCTURE_H
