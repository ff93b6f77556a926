#ifndef KERMA_DICOM_RTSTRUCT_IMPORT_H
#define KERMA_DICOM_RTSTRUCT_IMPORT_H

#include "kerma/core/image_series.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kerma::dicom {

/// One ROI of an RT Structure Set as stored in the file: its contours, before rasterisation.
struct StructureSetRoi {
  int roiNumber = 0;
  std::string name;
  structure::RoiType type = structure::RoiType::Other;
  std::optional<structure::Rgb> colour;  ///< ROI Display Color; nullopt when the file has none
  std::vector<structure::PlanarContour> contours;  ///< CLOSED_PLANAR contours, patient mm
  /// Each contour's position in the ROI's Contour Sequence (1-based), as messages name it.
  std::vector<int> contourNumbers;
  std::vector<core::Point3<core::Patient>> points;  ///< POINT contours (markers), patient mm
};

/// An RT Structure Set read from a file.
struct StructureSetFile {
  std::filesystem::path file;
  core::SeriesIdentity identity;   ///< patient, study and Frame of Reference of the set
  std::string sopInstanceUid;
  std::string label;               ///< Structure Set Label
  /// Structure Set Date and Time as one sortable text, YYYYMMDDHHMMSS.FFFFFF (missing parts as
  /// zeros): which of several sets of one CT is the newest.
  std::string createdAt;
  std::vector<StructureSetRoi> rois;
};

/// Reads an RT Structure Set. Throws kerma::Error (BadInput) naming the file and the attribute
/// when it is not an RT Structure Set or a Type 1 attribute is missing or malformed. The contours'
/// geometry is checked by repairContours, which needs the CT.
StructureSetFile readStructureSet(const std::filesystem::path& file);

/// Something wrong with the contours of one ROI, and what was done about it.
struct ContourNotice {
  std::string roi;
  int contourNumber = 0;  ///< as StructureSetRoi::contourNumbers; 0 when it concerns the whole ROI
  std::string message;    ///< one line naming the file, the ROI, the contour and what was done
};

/// What repairContours changed in a set.
struct ContourRepairs {
  /// Vertices left out of a contour (structure::strayVertices: a corrupted coordinate far outside
  /// the image) and contours left out of an ROI (fewer than 3 points, or crossing themselves, once
  /// those vertices are gone).
  std::vector<ContourNotice> warnings;
  /// ROIs whose contours were all unusable, removed from the set.
  std::vector<ContourNotice> refused;
};

/// Checks and repairs set in place against the CT it was drawn on (when known): a vertex far
/// outside the CT (structure::strayVertices) is a corrupted coordinate while the rest of its
/// outline is intact, so the vertex is left out; a contour that is then no simple polygon of 3 or
/// more points is left out; an ROI left without any of its contours is removed. Nothing is changed
/// silently: each change is one notice. Throws kerma::Error (BadInput) naming the file, ROI,
/// contour and the crossing when any other contour crosses itself (it has no defined inside).
ContourRepairs repairContours(StructureSetFile& set, const std::optional<core::VolumeGeometry>& ct);

/// The structures of a set on a CT, and what repairContours had to leave out of them.
struct StructuresOnCt {
  std::vector<structure::Structure> structures;
  ContourRepairs repairs;
};

/// The structures of a set on a CT's grid: each ROI's contours rasterised with the even-odd
/// rule, contours between CT slices or on another plane set rasterised onto the CT grid. Each keeps
/// its ROI Display Color; one without gets structure::newStructureColour. Damaged contours are
/// repaired first (repairContours against the CT).
/// Throws kerma::Error (BadInput) naming both UIDs when the Frames of Reference differ, and every
/// attribute when the patients do (core::requireSamePatient), unless acceptedDifferences is what
/// differs, exactly (core::combineDifferences of set and ct): a user's explicit decision.
StructuresOnCt structuresOnCt(StructureSetFile set, const core::CtImage& ct,
                              const std::vector<std::string>& acceptedDifferences = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTSTRUCT_IMPORT_H
