#ifndef KERMA_DICOM_SPATIAL_REGISTRATION_H
#define KERMA_DICOM_SPATIAL_REGISTRATION_H

#include "kerma/core/frame_registration.h"
#include "kerma/core/image_series.h"
#include "kerma/dicom/uid.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// How a registration was found: its Registration Type Code (PS3.16 CID 7100, RCS Registration
/// Method).
enum class RegistrationMethod {
  ImageContent,  ///< (125024, DCM, "Image Content-based Alignment"): an image registration
  Fiducials,     ///< (125022, DCM, "Fiducial Alignment"): landmark pairs
  Visual,        ///< (125025, DCM, "Visual Alignment"): moved by hand in a fusion view
};

/// Choices of a Spatial Registration export beyond the registration itself.
struct SpatialRegistrationExportOptions {
  InstanceUids uids = InstanceUids::Fresh;
  RegistrationMethod method = RegistrationMethod::ImageContent;
  std::string contentLabel = "REGISTRATION";  ///< Content Label (CS: upper case, digits, _ and space)
  std::string contentDescription;  ///< e.g. "rigid, Mattes mutual information on bone"; cut at 64 characters (LO)
  std::string creatorName;         ///< Content Creator's Name (PN): who accepted the registration
  std::string contentDate;         ///< YYYYMMDD of the acceptance (required)
  std::string contentTime;         ///< HHMMSS (required)
  int seriesNumber = 904;          ///< beside the structure set's 900 … dose's 903
};

/// What writeSpatialRegistration wrote.
struct ExportedRegistration {
  std::filesystem::path file;
  std::string sopInstanceUid;
};

/// Writes registration as a Spatial Registration object (PS3.3 A.39; Explicit VR Little Endian) in
/// the fixed study: its own Frame of Reference is the fixed one (fixed.frameOfReferenceUid must be
/// registration.fixedFrameOfReferenceUid), with two Registration Sequence items: the fixed Frame of
/// Reference with the identity, and the moving one with fixedFromMoving as a RIGID Frame of
/// Reference Transformation Matrix (row-major, which DICOM defines as mapping that frame into the
/// object's own). A registration with a deformation is written as a Deformable Spatial
/// Registration (PS3.3 A.39.2, C.20.3) instead: one Deformable Registration Sequence item of the
/// moving frame, which DICOM applies to a point p of the object's own frame as p_moving = M_post
/// (M_pre p + D): M_pre the rigid part (fixedFromMoving's inverse, RIGID), D the rest of the
/// deformation at each point of its grid (float32, the Vector Grid Data), M_post the identity.
/// Throws kerma::Error: BadInput when a UID, the content date or time is missing or the frames
/// disagree; Io naming the file when it cannot be written.
ExportedRegistration writeSpatialRegistration(const core::FrameRegistration& registration,
                                              const core::SeriesIdentity& fixed, const std::filesystem::path& file,
                                              const SpatialRegistrationExportOptions& options = {});

/// A Spatial Registration read from a file.
struct SpatialRegistrationFile {
  std::filesystem::path file;
  std::string sopInstanceUid;
  core::SeriesIdentity identity;  ///< patient, study and the object's own Frame of Reference
  /// The object's own Frame of Reference is the fixed one; the moving one is the other frame it
  /// registers.
  core::FrameRegistration registration;
  std::string contentDescription;
  std::string creatorName;
  std::vector<std::string> notes;  ///< accepted peculiarities, e.g. an AFFINE matrix
};

/// Reads a Spatial Registration that relates two Frames of Reference: each Registration Sequence
/// item's matrix maps its frame into the object's own (composed when the object's own frame is
/// not the identity item). A Deformable Spatial Registration gives the deformation on its grid
/// (p -> M_post (M_pre p + D) - p, either matrix the identity when absent) and, as
/// fixedFromMoving, the inverse of M_post M_pre. Throws kerma::Error (BadInput) naming the file and
/// the attribute when it is not a (Deformable) Spatial Registration, registers other than two
/// Frames of Reference, a matrix has other than 16 values or a last row other than 0 0 0 1, a
/// RIGID matrix's rotation is not orthonormal (within 1e-4), or the grid is incomplete, not
/// finite, its orientation not two orthogonal unit vectors, or larger than 3e7 points.
SpatialRegistrationFile readSpatialRegistration(const std::filesystem::path& file);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_SPATIAL_REGISTRATION_H
