#ifndef KERMA_DICOM_RTIMAGE_EXPORT_H
#define KERMA_DICOM_RTIMAGE_EXPORT_H

#include "kerma/core/image_series.h"
#include "kerma/dicom/rtplan_export.h"
#include "kerma/dicom/uid.h"
#include "kerma/dose/beam.h"
#include "kerma/beams/drr.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// Choices of an RT Image export.
struct RtImageExportOptions {
  InstanceUids uids = InstanceUids::Fresh;
  int seriesNumber = 902;
};

/// What writeRtImage wrote.
struct ExportedRtImage {
  std::filesystem::path file;
  std::string sopInstanceUid;
};

/// Writes drr, computed for beam (beam number beamNumber of the RT Plan planSopInstanceUid that
/// records plan), as an RT Image into folder, named RI.<SOP Instance UID>.dcm: Image Type
/// DERIVED\SECONDARY\DRR, RT Image Plane NORMAL, RT Image SID and Image Plane Pixel Spacing at
/// the imager (drr.pixelSpacingAtImagerMm), RT Image Position of the first pixel about the
/// central axis, X-Ray Image Receptor Translation (0, 0, SAD − SID), the beam's angles,
/// isocentre and patient position, and the Referenced RT Plan Sequence and Referenced Beam
/// Number. Pixels are 16-bit: the line integral scaled to 0 … 60000, and the field's one-pixel
/// outline (jaws ∩ leaves, beams::insideField) drawn at 65535 (DICOM's RT Image IOD has no overlay
/// plane); the Exposure Sequence records the jaw and leaf positions, so that a console can also
/// draw the field itself. Throws kerma::Error (BadInput) when the DRR is empty or plan lacks the
/// identity UIDs; Io naming the path when it cannot be written.
ExportedRtImage writeRtImage(const beams::DrrImage& drr, const dose::Beam& beam, int beamNumber, const RtPlan& plan,
                             const std::string& planSopInstanceUid, const std::filesystem::path& folder,
                             const RtImageExportOptions& options = {});

/// The DRR of each treatment and setup beam of plan (numbered as writeRtPlan numbers them)
/// through ct, written by writeRtImage; returns them in beam order.
std::vector<ExportedRtImage> writePlanRtImages(const core::CtImage& ct, const RtPlan& plan,
                                               const std::string& planSopInstanceUid,
                                               const std::filesystem::path& folder,
                                               const beams::DrrOptions& drrOptions = {},
                                               const RtImageExportOptions& options = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTIMAGE_EXPORT_H
