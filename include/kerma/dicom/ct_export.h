#ifndef KERMA_DICOM_CT_EXPORT_H
#define KERMA_DICOM_CT_EXPORT_H

#include "kerma/core/image_series.h"
#include "kerma/dicom/uid.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// The files an exporter wrote, one per slice in slice order (k) for an image series.
struct ExportedSeries {
  std::vector<std::filesystem::path> files;
  std::vector<std::string> sopInstanceUids;
};

struct CtExportOptions {
  InstanceUids uids = InstanceUids::Fresh;
  /// Body Part Examined (0018,0015), a PS3.16 CID 4031 term such as "PELVIS"; empty when unknown
  std::string bodyPartExamined;
};

/// Writes ct as a CT Image Storage series into folder (created if absent): one file per slice k,
/// named CT.<SOP Instance UID>.dcm, Explicit VR Little Endian, character set ISO_IR 192
/// (UTF-8). Pixels are signed 16-bit with Rescale Slope 1 and Intercept −1024; Image Position
/// (Patient) of slice k is the patient point of voxel (0, 0, k), Image Orientation (Patient) the
/// i and j directions, Slice Thickness the slice spacing. Patient, study, series and Frame of
/// Reference come from ct.identity. SOP Instance UIDs follow options.uids (Reproducible: derived
/// from the Series Instance UID and k). Throws kerma::Error: BadInput naming the item when the identity
/// lacks a Study, Series or Frame of Reference UID or a value is above 31743 HU (not storable);
/// Io naming the path when folder or a file cannot be written.
ExportedSeries writeCtSeries(const core::CtImage& ct, const std::filesystem::path& folder,
                             const CtExportOptions& options = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_CT_EXPORT_H
