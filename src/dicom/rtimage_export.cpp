#include "kerma/dicom/rtimage_export.h"

#include "export_modules.h"
#include "rtplan_terms.h"

#include "kerma/core/error.h"
#include "kerma/beams/beams_eye_view.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>

namespace kerma::dicom {

namespace {

// The radiograph uses 0 … MAX_DRR; the field outline drawn into it is FIELD_OUTLINE, brighter
// than any anatomy, so a console shows it in any window.
constexpr double MAX_DRR = 60000;
constexpr Uint16 FIELD_OUTLINE = 65535;

// Pixels on the field's edge: inside the field with a 4-neighbour outside it (or on the image
// border).
std::vector<std::uint8_t> fieldOutline(const dose::Beam& beam, const std::vector<double>& leafBoundariesMm,
                                       const beams::DrrImage& drr) {
  const int w = drr.widthPx, h = drr.heightPx;
  std::vector<std::uint8_t> inside(std::size_t(w) * h), outline(std::size_t(w) * h, 0);
  for (int row = 0; row < h; ++row)
    for (int column = 0; column < w; ++column)
      inside[std::size_t(row) * w + column] =
          beams::insideField(beam, leafBoundariesMm, drr.isocenterPlanePointMm(column, row));
  const auto in = [&](int column, int row) {
    return column >= 0 && row >= 0 && column < w && row < h && inside[std::size_t(row) * w + column];
  };
  for (int row = 0; row < h; ++row)
    for (int column = 0; column < w; ++column)
      outline[std::size_t(row) * w + column] =
          in(column, row) && !(in(column - 1, row) && in(column + 1, row) && in(column, row - 1) && in(column, row + 1));
  return outline;
}

void putDevice(DcmItem& exposure, const char* type, const std::vector<double>& positions,
               const std::vector<double>* boundariesMm) {
  DcmItem& device = appendItem(exposure, DCM_BeamLimitingDeviceSequence);
  putString(device, DCM_RTBeamLimitingDeviceType, type);
  putString(device, DCM_NumberOfLeafJawPairs, std::to_string(positions.size() / 2));
  if (boundariesMm) putString(device, DCM_LeafPositionBoundaries, decimalStrings(*boundariesMm));
  putString(device, DCM_LeafJawPositions, decimalStrings(positions));
}

}  // namespace

ExportedRtImage writeRtImage(const beams::DrrImage& drr, const dose::Beam& beam, int beamNumber, const RtPlan& plan,
                             const std::string& planSopInstanceUid, const std::filesystem::path& folder,
                             const RtImageExportOptions& options) {
  const core::SeriesIdentity& identity = plan.identity;
  if (drr.widthPx < 1 || drr.heightPx < 1 || drr.lineIntegral.size() != std::size_t(drr.widthPx) * drr.heightPx)
    throw Error(ErrorCode::BadInput, "RT Image export of beam '" + beam.name + "': the DRR is empty; expected an image");
  if (identity.studyInstanceUid.empty() || identity.frameOfReferenceUid.empty())
    throw Error(ErrorCode::BadInput, "RT Image export of beam '" + beam.name +
                                         "': the plan's identity lacks a Study Instance or Frame of Reference UID");
  createFolder(folder);
  const double sadMm = plan.machine.sadMm;
  const double sidMm = drr.pixelSpacingAtImagerMm / drr.pixelSpacingAtIsocenterMm * sadMm;

  ExportedRtImage exported;
  const std::string seed = planSopInstanceUid + "/rtimage/" + std::to_string(beamNumber);
  exported.sopInstanceUid = instanceUid(options.uids, seed);
  const std::string seriesUid = instanceUid(options.uids, planSopInstanceUid + "/rtimage-series");

  const float maxIntegral = *std::max_element(drr.lineIntegral.begin(), drr.lineIntegral.end());
  const double scale = maxIntegral > 0 ? MAX_DRR / maxIntegral : 0;
  const std::vector<std::uint8_t> outline = fieldOutline(beam, plan.machine.leafBoundariesMm, drr);
  std::vector<Uint16> pixels(drr.lineIntegral.size());
  for (std::size_t n = 0; n < pixels.size(); ++n)
    pixels[n] = outline[n] ? FIELD_OUTLINE : Uint16(std::clamp(std::round(drr.lineIntegral[n] * scale), 0.0, MAX_DRR));

  DcmFileFormat format;
  DcmDataset& ds = *format.getDataset();
  putCommonModules(ds, identity, UID_RTImageStorage, exported.sopInstanceUid);
  // RT Series
  putString(ds, DCM_Modality, "RTIMAGE");
  putString(ds, DCM_SeriesInstanceUID, seriesUid);
  putString(ds, DCM_SeriesNumber, std::to_string(options.seriesNumber));
  putString(ds, DCM_SeriesDescription, "DRR " + plan.label);
  putString(ds, DCM_OperatorsName, "");
  // General Image
  putString(ds, DCM_InstanceNumber, std::to_string(beamNumber));
  putString(ds, DCM_PatientOrientation, "");
  putString(ds, DCM_ContentDate, identity.studyDate);
  putString(ds, DCM_ContentTime, identity.studyTime);
  // Image Pixel
  putString(ds, DCM_SamplesPerPixel, "1");
  putString(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
  putString(ds, DCM_Rows, std::to_string(drr.heightPx));
  putString(ds, DCM_Columns, std::to_string(drr.widthPx));
  putString(ds, DCM_BitsAllocated, "16");
  putString(ds, DCM_BitsStored, "16");
  putString(ds, DCM_HighBit, "15");
  putString(ds, DCM_PixelRepresentation, "0");
  // RT Image: the imager stands perpendicular to the central axis (NORMAL), centred on it.
  putString(ds, DCM_RTImageLabel, beam.name);
  putString(ds, DCM_RTImageDescription, "DRR of beam " + std::to_string(beamNumber) + " '" + beam.name + "'");
  putString(ds, DCM_ImageType, "DERIVED\\SECONDARY\\DRR");
  putString(ds, DCM_ConversionType, "WSD");
  putString(ds, DCM_PixelIntensityRelationship, "LIN");
  putString(ds, DCM_PixelIntensityRelationshipSign, "1");
  putString(ds, DCM_RTImagePlane, "NORMAL");
  putString(ds, DCM_XRayImageReceptorTranslation, decimalStrings({0, 0, sadMm - sidMm}));
  putString(ds, DCM_XRayImageReceptorAngle, "0");
  putString(ds, DCM_ImagePlanePixelSpacing, decimalStrings({drr.pixelSpacingAtImagerMm, drr.pixelSpacingAtImagerMm}));
  putString(ds, DCM_RTImagePosition, decimalStrings({-0.5 * (drr.widthPx - 1) * drr.pixelSpacingAtImagerMm,
                                             0.5 * (drr.heightPx - 1) * drr.pixelSpacingAtImagerMm}));
  putString(ds, DCM_RadiationMachineName, plan.machine.name);
  putString(ds, DCM_PrimaryDosimeterUnit, "MU");
  putString(ds, DCM_RadiationMachineSAD, decimalString(sadMm));
  putString(ds, DCM_RTImageSID, decimalString(sidMm));
  DcmItem& planReference = appendItem(ds, DCM_ReferencedRTPlanSequence);
  putString(planReference, DCM_ReferencedSOPClassUID, UID_RTPlanStorage);
  putString(planReference, DCM_ReferencedSOPInstanceUID, planSopInstanceUid);
  putString(ds, DCM_ReferencedBeamNumber, std::to_string(beamNumber));
  DcmItem& exposure = appendItem(ds, DCM_ExposureSequence);
  putDevice(exposure, ASYMX, {beam.jawsMm.x1, beam.jawsMm.x2}, nullptr);
  putDevice(exposure, ASYMY, {beam.jawsMm.y1, beam.jawsMm.y2}, nullptr);
  if (beam.leaves) {
    std::vector<double> positions = beam.leaves->x1Mm;
    positions.insert(positions.end(), beam.leaves->x2Mm.begin(), beam.leaves->x2Mm.end());
    putDevice(exposure, MLCX, positions, &plan.machine.leafBoundariesMm);
  }
  putString(exposure, DCM_NumberOfBlocks, "0");
  putString(ds, DCM_GantryAngle, decimalString(beam.gantryAngleDeg));
  putString(ds, DCM_BeamLimitingDeviceAngle, decimalString(beam.collimatorAngleDeg));
  putString(ds, DCM_PatientSupportAngle, decimalString(beam.couchAngleDeg));
  putString(ds, DCM_IsocenterPosition, decimalStrings({beam.isocenterMm.x, beam.isocenterMm.y, beam.isocenterMm.z}));
  putString(ds, DCM_PatientPosition, std::string(core::dicomTerm(beam.patientPosition)));

  if (ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size())).bad())
    throw Error(ErrorCode::Internal, "cannot set PixelData");
  exported.file = folder / ("RI." + exported.sopInstanceUid + ".dcm");
  saveExplicitLittleEndian(format, exported.file);
  return exported;
}

std::vector<ExportedRtImage> writePlanRtImages(const core::CtImage& ct, const RtPlan& plan,
                                               const std::string& planSopInstanceUid,
                                               const std::filesystem::path& folder, const beams::DrrOptions& drrOptions,
                                               const RtImageExportOptions& options) {
  std::vector<const dose::Beam*> beams;
  for (const PlanBeam& beam : plan.beams) beams.push_back(&beam.beam);
  for (const dose::Beam& beam : plan.setupBeams) beams.push_back(&beam);
  std::vector<ExportedRtImage> exported;
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const beams::DrrImage drr = *beams::computeDrr(ct.hu, *beams[b], plan.machine.sadMm, drrOptions);
    exported.push_back(writeRtImage(drr, *beams[b], int(b) + 1, plan, planSopInstanceUid, folder, options));
  }
  return exported;
}

}  // namespace kerma::dicom
