#include "kerma/dicom/ct_export.h"

#include "export_modules.h"
#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace kerma::dicom {

namespace {

// Stored value = HU − RESCALE_INTERCEPT in a signed 16-bit pixel.
constexpr int RESCALE_INTERCEPT = -1024;
constexpr int MAX_STORABLE_HU = std::numeric_limits<std::int16_t>::max() + RESCALE_INTERCEPT;

void requireUid(const std::string& uid, const char* what) {
  if (uid.empty())
    throw Error(ErrorCode::BadInput, std::string("CT identity has no ") + what + "; expected a UID to write the series");
}

std::string joinDecimals(std::initializer_list<double> values) {
  std::string text;
  for (const double v : values) text += (text.empty() ? "" : "\\") + decimalString(v);
  return text;
}

}  // namespace

ExportedSeries writeCtSeries(const core::CtImage& ct, const std::filesystem::path& folder,
                             const CtExportOptions& options) {
  const core::SeriesIdentity& identity = ct.identity;
  requireUid(identity.studyInstanceUid, "Study Instance UID");
  requireUid(identity.seriesInstanceUid, "Series Instance UID");
  requireUid(identity.frameOfReferenceUid, "Frame of Reference UID");
  const core::VolumeGeometry& grid = ct.hu.geometry();
  const auto [columns, rows, slices] = grid.size();
  const auto& spacingMm = grid.spacingMm();
  const Eigen::Matrix3d& directions = grid.directionCosines();
  const core::Vector3<core::Patient> normal{directions(0, 2), directions(1, 2), directions(2, 2)};
  createFolder(folder);

  ExportedSeries exported;
  std::vector<Uint16> stored(std::size_t(columns) * rows);
  for (int k = 0; k < slices; ++k) {
    const auto hu = ct.hu.slice(k);
    for (std::size_t n = 0; n < hu.size(); ++n) {
      if (hu[n] > MAX_STORABLE_HU)
        throw Error(ErrorCode::BadInput, "CT slice " + std::to_string(k) + " holds " + std::to_string(hu[n]) +
                                             " HU; expected at most " + std::to_string(MAX_STORABLE_HU) +
                                             " with Rescale Intercept " + std::to_string(RESCALE_INTERCEPT));
      // The two's-complement bit pattern of the signed stored value, as OW carries it.
      stored[n] = Uint16(std::int16_t(hu[n] - RESCALE_INTERCEPT));
    }
    const std::string sopInstanceUid = instanceUid(options.uids, identity.seriesInstanceUid + "/ct-slice/" + std::to_string(k));
    DcmFileFormat file;
    DcmDataset& dataset = *file.getDataset();
    putCommonModules(dataset, identity, UID_CTImageStorage, sopInstanceUid);
    // General Series
    putString(dataset, DCM_Modality, "CT");
    putString(dataset, DCM_SeriesInstanceUID, identity.seriesInstanceUid);
    putString(dataset, DCM_SeriesNumber, std::to_string(identity.seriesNumber));
    putString(dataset, DCM_PatientPosition, identity.patientPosition);
    // Laterality is Type 2C on a paired body part: with the body part named it can be left out;
    // without, present and empty says "unknown".
    if (options.bodyPartExamined.empty())
      putString(dataset, DCM_Laterality, "");
    else
      putString(dataset, DCM_BodyPartExamined, options.bodyPartExamined);
    if (!identity.seriesDescription.empty()) putString(dataset, DCM_SeriesDescription, identity.seriesDescription);
    // General Image
    putString(dataset, DCM_InstanceNumber, std::to_string(k + 1));
    putString(dataset, DCM_ContentDate, identity.studyDate);
    putString(dataset, DCM_ContentTime, identity.studyTime);
    // Image Plane
    const auto p = grid.patientPoint({0, 0, k});
    putString(dataset, DCM_ImagePositionPatient, joinDecimals({p.x, p.y, p.z}));
    putString(dataset, DCM_ImageOrientationPatient,
              joinDecimals({directions(0, 0), directions(1, 0), directions(2, 0), directions(0, 1), directions(1, 1),
                            directions(2, 1)}));
    // Row spacing (between rows, along j) comes first.
    putString(dataset, DCM_PixelSpacing, joinDecimals({spacingMm[1], spacingMm[0]}));
    putString(dataset, DCM_SliceThickness, decimalString(spacingMm[2]));
    putString(dataset, DCM_SliceLocation, decimalString(normal.x * p.x + normal.y * p.y + normal.z * p.z));
    // CT Image and Image Pixel
    putString(dataset, DCM_ImageType, "DERIVED\\SECONDARY\\AXIAL");
    putString(dataset, DCM_KVP, "");
    putString(dataset, DCM_AcquisitionNumber, "1");
    putString(dataset, DCM_SamplesPerPixel, "1");
    putString(dataset, DCM_PhotometricInterpretation, "MONOCHROME2");
    putString(dataset, DCM_Rows, std::to_string(rows));
    putString(dataset, DCM_Columns, std::to_string(columns));
    putString(dataset, DCM_BitsAllocated, "16");
    putString(dataset, DCM_BitsStored, "16");
    putString(dataset, DCM_HighBit, "15");
    putString(dataset, DCM_PixelRepresentation, "1");
    putString(dataset, DCM_RescaleIntercept, std::to_string(RESCALE_INTERCEPT));
    putString(dataset, DCM_RescaleSlope, "1");
    putString(dataset, DCM_RescaleType, "HU");
    putString(dataset, DCM_WindowCenter, "40");
    putString(dataset, DCM_WindowWidth, "400");
    if (dataset.putAndInsertUint16Array(DCM_PixelData, stored.data(), static_cast<unsigned long>(stored.size())).bad())
      throw Error(ErrorCode::Internal, "cannot set Pixel Data of CT slice " + std::to_string(k));

    const std::filesystem::path path = folder / ("CT." + sopInstanceUid + ".dcm");
    saveExplicitLittleEndian(file, path);
    exported.files.push_back(path);
    exported.sopInstanceUids.push_back(sopInstanceUid);
  }
  return exported;
}

}  // namespace kerma::dicom
