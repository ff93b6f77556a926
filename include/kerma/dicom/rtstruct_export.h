#ifndef KERMA_DICOM_RTSTRUCT_EXPORT_H
#define KERMA_DICOM_RTSTRUCT_EXPORT_H

#include "kerma/core/image_series.h"
#include "kerma/dicom/uid.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

struct RtStructExportOptions {
  std::string structureSetLabel = "KERMA";  ///< Structure Set Label (3006,0002), at most 16 characters
  std::string operatorsName;                ///< Operators' Name (0008,1070), DICOM PN form
  int seriesNumber = 900;                   ///< of the RT series; kept apart from image series numbers
  InstanceUids uids = InstanceUids::Fresh;  ///< Reproducible also takes the dates from the study
};

/// Writes structures as an RT Structure Set on ct into folder (created if absent), named
/// RS.<SOP Instance UID>.dcm, Explicit VR Little Endian, and returns its path. ROIs are numbered
/// from 1 in the order given; each contour becomes a CLOSED_PLANAR item referencing the CT slice
/// it lies on through ctSopInstanceUids (one per slice k, as writeCtSeries returns them).
/// Patient, study and Frame of Reference are those of ct.identity. Throws kerma::Error: BadInput
/// naming the ROI and contour when a contour does not lie on a slice plane of ct, or when
/// ctSopInstanceUids does not hold one UID per slice; Io naming the path when it cannot be
/// written.
std::filesystem::path writeRtStruct(const std::vector<structure::Structure>& structures,
                                    const core::CtImage& ct,
                                    const std::vector<std::string>& ctSopInstanceUids,
                                    const std::filesystem::path& folder,
                                    const RtStructExportOptions& options = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTSTRUCT_EXPORT_H
