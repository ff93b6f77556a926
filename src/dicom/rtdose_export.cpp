#include "kerma/dicom/rtdose_export.h"

#include "export_modules.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace kerma::dicom {

namespace {

constexpr double MAX_STORED = std::numeric_limits<std::uint32_t>::max();

void requireUid(const std::string& uid, const char* what) {
  if (uid.empty())
    throw Error(ErrorCode::BadInput, std::string("dose identity has no ") + what + "; expected a UID to write the RT Dose");
}

// The Dose Grid Scaling text and its value as a reader will parse it: the smallest Decimal String
// value that stores maxGy within 32 bits.
double storableScaling(double maxGy, std::string& text) {
  double scaling = maxGy > 0 ? maxGy / MAX_STORED : 1.0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    text = decimalString(scaling);
    const double parsed = std::strtod(text.c_str(), nullptr);
    if (parsed > 0 && maxGy / parsed <= MAX_STORED) return parsed;
    scaling *= 1 + 1e-9;
  }
  throw Error(ErrorCode::Internal, "no Dose Grid Scaling found for a maximum of " + std::to_string(maxGy) + " Gy");
}

}  // namespace

ExportedDose writeRtDose(const eval::DoseDistribution& dose, const std::filesystem::path& file,
                         const RtDoseExportOptions& options) {
  const core::SeriesIdentity& identity = dose.identity;
  requireUid(identity.studyInstanceUid, "Study Instance UID");
  requireUid(identity.frameOfReferenceUid, "Frame of Reference UID");
  const core::VolumeGeometry& grid = dose.doseGy.geometry();
  const auto [columns, rows, frames] = grid.size();
  const auto& spacingMm = grid.spacingMm();
  const Eigen::Matrix3d& directions = grid.directionCosines();

  double maxGy = 0;
  for (const float v : dose.doseGy.values()) {
    if (!std::isfinite(v)) throw Error(ErrorCode::BadInput, "dose holds a value that is not finite; expected doses in Gy");
    maxGy = std::max(maxGy, double(v));
  }
  ExportedDose exported;
  exported.file = file;
  std::string scalingText;
  exported.doseGridScaling = storableScaling(maxGy, scalingText);

  // 32-bit values as pairs of 16-bit words, low word first: little-endian OW.
  std::vector<Uint16> words(2 * dose.doseGy.values().size());
  const auto values = dose.doseGy.values();
  for (std::size_t n = 0; n < values.size(); ++n) {
    const double stored = std::clamp(std::round(double(values[n]) / exported.doseGridScaling), 0.0, MAX_STORED);
    const auto u = static_cast<std::uint32_t>(stored);
    words[2 * n] = Uint16(u & 0xffffu);
    words[2 * n + 1] = Uint16(u >> 16);
  }

  const std::string seed = identity.frameOfReferenceUid + "/" + identity.studyInstanceUid + "/rtdose/" +
                           options.seriesDescription + "/" + scalingText + "/" + std::to_string(values.size()) +
                           (options.referencedBeamNumber > 0 ? "/beam" + std::to_string(options.referencedBeamNumber) : "");
  const std::string seriesUid = instanceUid(options.uids, seed + "/series");
  exported.sopInstanceUid = instanceUid(options.uids, seed + "/instance");

  DcmFileFormat format;
  DcmDataset& ds = *format.getDataset();
  putCommonModules(ds, identity, UID_RTDoseStorage, exported.sopInstanceUid);
  // RT Series
  putString(ds, DCM_Modality, "RTDOSE");
  putString(ds, DCM_SeriesInstanceUID, seriesUid);
  putString(ds, DCM_SeriesNumber, std::to_string(options.seriesNumber));
  putString(ds, DCM_SeriesDescription, options.seriesDescription);
  putString(ds, DCM_OperatorsName, "");
  // General Image
  putString(ds, DCM_InstanceNumber, "1");
  putString(ds, DCM_ContentDate, identity.studyDate);
  putString(ds, DCM_ContentTime, identity.studyTime);
  // Image Plane: frames follow the k axis; offsets along row x column are negative when k runs
  // the other way.
  const core::Point3<core::Patient> firstMm = grid.patientPoint({0, 0, 0});
  const core::Vector3<core::Patient> rowDir{directions(0, 0), directions(1, 0), directions(2, 0)};
  const core::Vector3<core::Patient> columnDir{directions(0, 1), directions(1, 1), directions(2, 1)};
  const core::Vector3<core::Patient> kDir{directions(0, 2), directions(1, 2), directions(2, 2)};
  const double sign = rowDir.cross(columnDir).dot(kDir) < 0 ? -1 : 1;
  putString(ds, DCM_ImagePositionPatient, decimalStrings({firstMm.x, firstMm.y, firstMm.z}));
  putString(ds, DCM_ImageOrientationPatient,
            decimalStrings({rowDir.x, rowDir.y, rowDir.z, columnDir.x, columnDir.y, columnDir.z}));
  putString(ds, DCM_PixelSpacing, decimalStrings({spacingMm[1], spacingMm[0]}));
  putString(ds, DCM_SliceThickness, frames > 1 ? decimalString(spacingMm[2]) : "");
  // Image Pixel
  putString(ds, DCM_SamplesPerPixel, "1");
  putString(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
  putString(ds, DCM_Rows, std::to_string(rows));
  putString(ds, DCM_Columns, std::to_string(columns));
  putString(ds, DCM_BitsAllocated, "32");
  putString(ds, DCM_BitsStored, "32");
  putString(ds, DCM_HighBit, "31");
  putString(ds, DCM_PixelRepresentation, "0");
  // Multi-frame
  putString(ds, DCM_NumberOfFrames, std::to_string(frames));
  if (ds.putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_GridFrameOffsetVector).bad())
    throw Error(ErrorCode::Internal, "cannot set FrameIncrementPointer");
  // RT Dose
  putString(ds, DCM_DoseUnits, eval::dicomTerm(dose.units));
  putString(ds, DCM_DoseType, eval::dicomTerm(dose.type));
  putString(ds, DCM_DoseSummationType, dose.summationType);
  std::vector<double> offsets(frames);
  for (int k = 0; k < frames; ++k) offsets[k] = sign * k * spacingMm[2];
  putString(ds, DCM_GridFrameOffsetVector, decimalStrings(offsets));
  putString(ds, DCM_DoseGridScaling, scalingText);
  for (const std::string& planUid : options.referencedRtPlanUids) {
    DcmItem& plan = appendItem(ds, DCM_ReferencedRTPlanSequence);
    putString(plan, DCM_ReferencedSOPClassUID, UID_RTPlanStorage);
    putString(plan, DCM_ReferencedSOPInstanceUID, planUid);
    if (options.referencedBeamNumber > 0) {
      DcmItem& group = appendItem(plan, DCM_ReferencedFractionGroupSequence);
      DcmItem& beam = appendItem(group, DCM_ReferencedBeamSequence);
      putString(beam, DCM_ReferencedBeamNumber, std::to_string(options.referencedBeamNumber));
      putString(group, DCM_ReferencedFractionGroupNumber, "1");
    }
  }
  if (!options.registrations.empty()) {
    const bool deforms = std::any_of(options.registrations.begin(), options.registrations.end(),
                                     [](const ReferencedRegistration& r) { return r.deformable; });
    putString(ds, DCM_SpatialTransformOfDose, deforms ? "NON_RIGID" : "RIGID");
    for (const ReferencedRegistration& registration : options.registrations) {
      DcmItem& item = appendItem(ds, DCM_ReferencedSpatialRegistrationSequence);
      putString(item, DCM_ReferencedSOPClassUID,
                registration.deformable ? UID_DeformableSpatialRegistrationStorage : UID_SpatialRegistrationStorage);
      putString(item, DCM_ReferencedSOPInstanceUID, registration.sopInstanceUid);
    }
  }
  if (ds.putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(words.size())).bad())
    throw Error(ErrorCode::Internal, "cannot set PixelData");
  saveExplicitLittleEndian(format, file);
  return exported;
}

}  // namespace kerma::dicom
