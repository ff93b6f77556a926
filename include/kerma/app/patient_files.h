#ifndef KERMA_APP_PATIENT_FILES_H
#define KERMA_APP_PATIENT_FILES_H

#include "kerma/core/image_series.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// A CT opened in the workstation with the structures found beside it.
struct OpenedPatient {
  std::shared_ptr<const core::CtImage> ct;
  std::vector<structure::Structure> structures;  ///< on ct's grid
  std::vector<std::string> ctSopInstanceUids;    ///< one per slice; empty: no files yet (demo)
  std::string source;                            ///< the folder, or "built-in demo patient"
  std::optional<std::filesystem::path> structureSetFile;  ///< the RT Structure Set loaded
  /// RT Structure Sets in the folder that could not be used, each message naming the file (a
  /// Frame of Reference mismatch, a malformed file, an older set).
  std::vector<std::string> problems;
  /// What had to be left out of the loaded set's contours and ROIs (dicom::repairContours: a
  /// corrupted vertex far outside the CT), one line each naming the file, ROI and contour.
  std::vector<std::string> repairs;
  /// The differences a user accepted for structureSetFile (another patient or Frame of Reference).
  std::vector<std::string> acceptedDifferences;
};

/// Asked whether to combine an object with the CT although they differ (action: what is combined;
/// differences: core::combineDifferences, one line each); true only by a user's explicit decision,
/// which the asker has logged (MainWindow::confirmCombine).
using CombineQuestion = std::function<bool(const std::string& action, const std::vector<std::string>& differences)>;

/// Opens folder's single CT series (dicom::loadCtSeries) and, if the folder holds RT Structure
/// Sets on it, the structures of the newest usable one (by Structure Set Date and Time) (readStructureSet + structuresOnCt, colours as the file gives
/// them); without folder, the demo
/// patient with its structures. Throws kerma::Error (BadInput naming the folder) when there is
/// no usable CT; problems with structure sets do not throw but are listed in problems. A set of
/// another patient or Frame of Reference is refused (a problem naming every difference) unless
/// askToCombine, asked with what differs, says yes; it then opens with those differences accepted.
OpenedPatient openPatient(const std::optional<std::filesystem::path>& folder, const CombineQuestion& askToCombine = {});

/// What saveStructureSet wrote.
struct SavedStructureSet {
  std::filesystem::path rtStructFile;
  std::vector<std::string> ctSopInstanceUids;  ///< of the CT the set references
  bool wroteCt = false;                        ///< the CT had no files and was written too
  /// Contours of every structure as written (re-extracted where the mask changed).
  std::vector<std::vector<structure::PlanarContour>> contours;
};

/// Writes structures as an RT Structure Set into folder. Contours are re-extracted from the mask
/// (structure::extractContours) for the structures marked in contoursStale and for those
/// without contours. When ctSopInstanceUids is empty (the demo patient has no files), the CT is
/// written into folder first (dicom::writeCtSeries) and the set references those files. Throws
/// kerma::Error (Io or BadInput, naming the path) when a file cannot be written.
SavedStructureSet saveStructureSet(const core::CtImage& ct, std::vector<structure::Structure> structures,
                                   const std::vector<bool>& contoursStale,
                                   std::vector<std::string> ctSopInstanceUids,
                                   const std::filesystem::path& folder);

}  // namespace kerma::app

#endif  // KERMA_APP_PATIENT_FILES_H
