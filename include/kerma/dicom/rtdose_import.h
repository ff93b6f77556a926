#ifndef KERMA_DICOM_RTDOSE_IMPORT_H
#define KERMA_DICOM_RTDOSE_IMPORT_H

#include "kerma/dicom/rtdose_export.h"
#include "kerma/eval/dose_distribution.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// An RT Dose read from a file.
struct RtDoseFile {
  std::filesystem::path file;
  std::string sopInstanceUid;
  std::vector<std::string> referencedRtPlanUids;  ///< Referenced RT Plan Sequence, in item order
  /// Referenced Spatial Registration Sequence, in item order: what the dose was mapped through.
  std::vector<ReferencedRegistration> registrations;
  /// Dose in Gy (Relative units kept as read) on the file's grid, with the file's patient, study
  /// and Frame of Reference.
  eval::DoseDistribution dose;
  std::vector<std::string> notes;  ///< accepted peculiarities, e.g. a single frame of many offsets
};

/// Reads a grid-based RT Dose: 16- or 32-bit (un)signed stored values times Dose Grid Scaling,
/// any uncompressed transfer syntax (implicit or explicit VR, little or big endian) or RLE,
/// single- or multi-frame. Grid Frame Offset Vector may be relative (first value 0) or, for
/// axial grids, absolute z positions (first value = Image Position z); frames with decreasing
/// offsets are reordered. Declared sizes are checked against the pixel data before anything is
/// allocated. Throws kerma::Error (BadInput) naming the file and the attribute when it is not an
/// RT Dose, Dose Grid Scaling is missing or not positive, Number of Frames disagrees with the
/// Grid Frame Offset Vector, the offsets are not evenly spaced, the pixel data is shorter than
/// declared, dimensions are absurd, or Dose Units/Type are not defined terms.
RtDoseFile readRtDose(const std::filesystem::path& file);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTDOSE_IMPORT_H
