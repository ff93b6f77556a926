#ifndef KERMA_DICOM_OBJECT_SUMMARY_H
#define KERMA_DICOM_OBJECT_SUMMARY_H

#include "kerma/core/image_series.h"
#include "kerma/dicom/rtplan_export.h"

#include <filesystem>
#include <optional>
#include <string>

namespace kerma::dicom {

/// What a patient database indexes of one DICOM object: whose it is, where it belongs, what it
/// is, and for an RT Plan its label and approval.
struct DicomObjectSummary {
  std::string sopClassUid;
  std::string sopInstanceUid;
  core::SeriesIdentity identity;  ///< patient, study, series, Frame of Reference, modality
  std::string planLabel;          ///< RT Plan Label (RT Plan only)
  PlanApproval approval;          ///< as readRtPlan reads it (RT Plan only)
};

/// Reads the header of file (not its pixel data). nullopt when file is not DICOM (a README, a
/// DICOMDIR-less folder's stray files); throws kerma::Error (BadInput) naming the file and the
/// attribute when it is DICOM but lacks an identifier a database needs (Patient ID, Study,
/// Series or SOP Instance UID).
std::optional<DicomObjectSummary> readObjectSummary(const std::filesystem::path& file);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_OBJECT_SUMMARY_H
