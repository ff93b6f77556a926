#include "kerma/dicom/object_summary.h"

#include "codecs.h"
#include "dataset_reading.h"
#include "rtplan_terms.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace kerma::dicom {

std::optional<DicomObjectSummary> readObjectSummary(const std::filesystem::path& file) {
  prepareDcmtk();
  DcmFileFormat format;
  // The pixel data of a CT slice is most of its bytes and a database needs none of it.
  if (format.loadFileUntilTag(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect,
                              DCM_PixelData)
          .bad())
    return std::nullopt;
  DcmDataset& ds = *format.getDataset();
  DicomObjectSummary summary;
  summary.sopClassUid = readString(ds, DCM_SOPClassUID);
  summary.sopInstanceUid = readString(ds, DCM_SOPInstanceUID);
  summary.identity = readSeriesIdentity(ds);
  for (const auto& [tag, value] : {std::pair{DCM_PatientID, &summary.identity.patientId},
                                   std::pair{DCM_StudyInstanceUID, &summary.identity.studyInstanceUid},
                                   std::pair{DCM_SeriesInstanceUID, &summary.identity.seriesInstanceUid},
                                   std::pair{DCM_SOPInstanceUID, &summary.sopInstanceUid}})
    if (value->empty()) refuseFile(file, "no " + attributeName(tag));
  if (summary.sopClassUid == UID_RTPlanStorage) {
    summary.planLabel = readString(ds, DCM_RTPlanLabel);
    summary.approval = readPlanApproval(ds);
  }
  return summary;
}

}  // namespace kerma::dicom
