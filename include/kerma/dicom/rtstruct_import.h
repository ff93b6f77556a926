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
/// when it is not an RT Structure Set or a Type 1 attribute is missing or malformed.
StructureSetFile readStructureSet(const std::filesystem::path& file);

/// The structures of a set on a CT's grid: each ROI's contours rasterised with the even-odd
/// rule, contours between CT slices or on another plane set rasterised onto the CT grid. Each keeps
/// its ROI Display Color; one without gets structure::newStructureColour.
/// Throws kerma::Error (BadInput) naming both UIDs when the Frames of Reference differ, and every
/// attribute when the patients do (core::requireSamePatient), unless acceptedDifferences is what
/// differs, exactly (core::combineDifferences of set and ct): a user's explicit decision.
std::vector<structure::Structure> structuresOnCt(const StructureSetFile& set, const core::CtImage& ct,
                                                 const std::vector<std::string>& acceptedDifferences = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTSTRUCT_IMPORT_H
