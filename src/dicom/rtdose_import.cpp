#include "kerma/dicom/rtdose_import.h"

#include "codecs.h"
#include "dataset_reading.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kerma::dicom {

using core::shortestText;

namespace fs = std::filesystem;

namespace {

// Offsets of frames closer to even spacing than this are taken as evenly spaced.
constexpr double FRAME_SPACING_TOLERANCE_MM = 0.01;
// RLE (PS3.5 G.3) turns a run of up to 128 equal bytes into 2: no frame expands more than 64
// times, so pixel data declared larger than that against the file's size cannot be real.
constexpr std::uint64_t RLE_MAX_EXPANSION = 64;
constexpr std::uint64_t MAX_VOXELS = std::uint64_t(1) << 31;

eval::DoseUnits readUnits(DcmItem& ds, const fs::path& file) {
  const std::string units = readString(ds, DCM_DoseUnits);
  if (units == "GY") return eval::DoseUnits::Gy;
  if (units == "RELATIVE") return eval::DoseUnits::Relative;
  refuseFile(file, attributeName(DCM_DoseUnits) + " is '" + units + "'; expected GY or RELATIVE");
}

eval::DoseType readType(DcmItem& ds, const fs::path& file) {
  const std::string type = readString(ds, DCM_DoseType);
  if (type == "PHYSICAL") return eval::DoseType::Physical;
  if (type == "EFFECTIVE") return eval::DoseType::Effective;
  if (type == "ERROR") return eval::DoseType::Error;
  refuseFile(file, attributeName(DCM_DoseType) + " is '" + type + "'; expected PHYSICAL, EFFECTIVE or ERROR");
}

// Frame positions along the slice normal relative to the first frame, mm, from the Grid Frame
// Offset Vector (PS3.3 C.8.8.3.2): relative when its first value is 0, otherwise (axial grids
// only) the absolute z of each frame, the first equal to Image Position (Patient) z.
std::vector<double> frameOffsetsMm(DcmItem& ds, const fs::path& file, int frames, double firstZMm, bool axial,
                                   std::vector<std::string>& notes) {
  const auto offsets = readDecimals(ds, DCM_GridFrameOffsetVector);
  const std::string gfov = attributeName(DCM_GridFrameOffsetVector);
  if (!offsets || offsets->empty()) {
    if (frames == 1) return {0.0};
    refuseFile(file, gfov + " is missing; expected " + std::to_string(frames) + " offsets for Number of Frames " +
                     std::to_string(frames));
  }
  std::vector<double> v = *offsets;
  const bool frameCountGiven = ds.tagExists(DCM_NumberOfFrames);
  if (int(v.size()) != frames) {
    if (frameCountGiven || frames != 1)
      refuseFile(file, attributeName(DCM_NumberOfFrames) + " is " + std::to_string(frames) + " but " + gfov + " has " +
                       std::to_string(v.size()) + " values; expected one offset per frame");
    notes.push_back(gfov + " has " + std::to_string(v.size()) +
                    " values but Number of Frames is absent (1 frame): the first offset is used");
    v.resize(1);
  }
  if (v.front() != 0) {
    if (!axial || std::abs(v.front() - firstZMm) > FRAME_SPACING_TOLERANCE_MM)
      refuseFile(file, gfov + " starts at " + shortestText(v.front()) +
                       "; expected 0 (relative offsets) or, for an axial grid, the Image Position z " +
                       shortestText(firstZMm) + " (absolute positions)");
    const double first = v.front();
    for (double& o : v) o -= first;
  }
  return v;
}

// The pixel data as 16-bit words in host order, decompressed if need be, once declaredBytes has
// been checked against what the file can hold.
const Uint16* pixelWords(DcmDataset& ds, const fs::path& file, std::uint64_t declaredBytes, int bitsAllocated) {
  const std::string pixelData = attributeName(DCM_PixelData);
  const E_TransferSyntax xfer = ds.getOriginalXfer();
  const DcmXfer transfer(xfer);
  if (transfer.isEncapsulated()) {
    std::error_code ec;
    const std::uint64_t fileBytes = fs::file_size(file, ec);
    if (ec || declaredBytes > RLE_MAX_EXPANSION * fileBytes)
      refuseFile(file, "Rows x Columns x Number of Frames x " + std::to_string(bitsAllocated / 8) + " bytes = " +
                       std::to_string(declaredBytes) + " bytes cannot be held by a compressed file of " +
                       std::to_string(fileBytes) + " bytes; the dimensions are absurd");
    if (xfer != EXS_RLELossless)
      refuseFile(file, "transfer syntax " + std::string(transfer.getXferName()) +
                       " is not accepted for RT Dose; expected uncompressed or RLE Lossless");
    const OFCondition decoded = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (decoded.bad()) refuseFile(file, "cannot decompress " + pixelData + ": " + decoded.text());
  }
  DcmElement* element = nullptr;
  if (ds.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) refuseFile(file, pixelData + " is missing");
  if (element->getLength() < declaredBytes)
    refuseFile(file, pixelData + " holds " + std::to_string(element->getLength()) +
                     " bytes; expected Rows x Columns x Number of Frames x " + std::to_string(bitsAllocated / 8) +
                     " = " + std::to_string(declaredBytes));
  Uint16* words = nullptr;
  if (element->getUint16Array(words).bad() || words == nullptr) refuseFile(file, "cannot read " + pixelData);
  return words;
}

// Decodes the stored values of every frame, times scaling, into dose: file frame f goes to slice
// sliceOfFrame[f].
void decodeFrames(const Uint16* words, E_TransferSyntax xfer, int bitsAllocated, bool isSigned, double scaling,
                  const std::vector<std::size_t>& sliceOfFrame, core::Volume<float>& dose) {
  const std::size_t frameSize = std::size_t(dose.geometry().size()[0]) * dose.geometry().size()[1];
  // 32-bit values arrive as pairs of 16-bit words in host order: DCMTK swaps OW data word by
  // word, so a big-endian file leaves the high word first.
  const bool highWordFirst = DcmXfer(xfer).isBigEndian();
  for (std::size_t f = 0; f < sliceOfFrame.size(); ++f) {
    auto slice = dose.slice(int(sliceOfFrame[f]));
    if (bitsAllocated == 16) {
      const Uint16* w = words + f * frameSize;
      for (std::size_t n = 0; n < frameSize; ++n)
        slice[n] = static_cast<float>((isSigned ? double(std::int16_t(w[n])) : double(w[n])) * scaling);
      continue;
    }
    const Uint16* w = words + 2 * f * frameSize;
    for (std::size_t n = 0; n < frameSize; ++n) {
      const std::uint32_t w0 = w[2 * n], w1 = w[2 * n + 1];
      const std::uint32_t u = highWordFirst ? (w0 << 16 | w1) : (w1 << 16 | w0);
      slice[n] = static_cast<float>((isSigned ? double(std::int32_t(u)) : double(u)) * scaling);
    }
  }
}

}  // namespace

RtDoseFile readRtDose(const fs::path& file) {
  // Values over 4 KiB (the pixels) stay on disk until the sizes have been checked.
  const auto format = loadObjectOfKind(file, UID_RTDoseStorage, "RTDOSE", "an RT Dose");
  DcmDataset& ds = *format->getDataset();

  RtDoseFile result;
  result.file = file;
  result.sopInstanceUid = readString(ds, DCM_SOPInstanceUID);
  DcmItem* plan = nullptr;
  for (int n = 0; ds.findAndGetSequenceItem(DCM_ReferencedRTPlanSequence, plan, n).good() && plan; ++n)
    result.referencedRtPlanUids.push_back(readString(*plan, DCM_ReferencedSOPInstanceUID));
  for (DcmItem* item : itemsOf(ds, DCM_ReferencedSpatialRegistrationSequence))
    result.registrations.push_back({readString(*item, DCM_ReferencedSOPInstanceUID),
                                    readString(*item, DCM_ReferencedSOPClassUID) == UID_DeformableSpatialRegistrationStorage});
  auto& dose = result.dose;
  dose.identity = readSeriesIdentity(ds);
  dose.identity.modality = "RTDOSE";
  dose.units = readUnits(ds, file);
  dose.type = readType(ds, file);
  dose.summationType = readString(ds, DCM_DoseSummationType);

  const int rows = readInt(ds, DCM_Rows, 0), columns = readInt(ds, DCM_Columns, 0);
  const int bitsAllocated = readInt(ds, DCM_BitsAllocated, 0);
  const int samples = readInt(ds, DCM_SamplesPerPixel, 1);
  const bool isSigned = readInt(ds, DCM_PixelRepresentation, 0) == 1;
  const std::string framesText = readString(ds, DCM_NumberOfFrames);
  const long frames = framesText.empty() ? 1 : std::strtol(framesText.c_str(), nullptr, 10);
  if (rows <= 0 || columns <= 0)
    refuseFile(file, attributeName(DCM_Rows) + " x " + attributeName(DCM_Columns) + " is " + std::to_string(rows) +
                     " x " + std::to_string(columns) + "; expected a grid-based dose with positive sizes");
  if (frames < 1 || frames > 65535)
    refuseFile(file, attributeName(DCM_NumberOfFrames) + " is '" + framesText + "'; expected 1 to 65535");
  if (bitsAllocated != 16 && bitsAllocated != 32)
    refuseFile(file, attributeName(DCM_BitsAllocated) + " is " + std::to_string(bitsAllocated) + "; expected 16 or 32");
  if (samples != 1) refuseFile(file, attributeName(DCM_SamplesPerPixel) + " is " + std::to_string(samples) + "; expected 1");
  const std::uint64_t voxelCount = std::uint64_t(rows) * std::uint64_t(columns) * std::uint64_t(frames);
  if (voxelCount > MAX_VOXELS)
    refuseFile(file, attributeName(DCM_Rows) + " x " + attributeName(DCM_Columns) + " x " +
                     attributeName(DCM_NumberOfFrames) + " = " + std::to_string(voxelCount) +
                     " voxels; expected at most " + std::to_string(MAX_VOXELS));

  const double scaling = readDecimal(ds, DCM_DoseGridScaling, 0);
  if (!(scaling > 0))
    refuseFile(file, attributeName(DCM_DoseGridScaling) +
                     (ds.tagExists(DCM_DoseGridScaling) ? " is " + shortestText(scaling) : std::string(" is missing")) +
                     "; expected a positive factor");
  const auto orientation = readDecimalArray<6>(ds, DCM_ImageOrientationPatient);
  const auto position = readDecimalArray<3>(ds, DCM_ImagePositionPatient);
  const auto pixelSpacing = readDecimalArray<2>(ds, DCM_PixelSpacing);
  if (!orientation) refuseFile(file, attributeName(DCM_ImageOrientationPatient) + " is missing or malformed; expected 6 values");
  if (!position) refuseFile(file, attributeName(DCM_ImagePositionPatient) + " is missing or malformed; expected 3 values");
  if (!pixelSpacing || !((*pixelSpacing)[0] > 0) || !((*pixelSpacing)[1] > 0))
    refuseFile(file, attributeName(DCM_PixelSpacing) + " is missing or malformed; expected 2 positive values");

  const core::Vector3<core::Patient> rowDir{(*orientation)[0], (*orientation)[1], (*orientation)[2]};
  const core::Vector3<core::Patient> columnDir{(*orientation)[3], (*orientation)[4], (*orientation)[5]};
  const core::Vector3<core::Patient> normal = rowDir.cross(columnDir);
  const bool axial = std::abs(std::abs(normal.z) - 1) < 1e-6;
  std::vector<double> offsets = frameOffsetsMm(ds, file, int(frames), (*position)[2], axial, result.notes);

  // Frames in increasing order along the normal, evenly spaced.
  std::vector<std::size_t> order(offsets.size());
  for (std::size_t n = 0; n < order.size(); ++n) order[n] = n;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
  double sliceSpacingMm = readDecimal(ds, DCM_SliceThickness, 0);
  if (!(sliceSpacingMm > 0)) sliceSpacingMm = std::min((*pixelSpacing)[0], (*pixelSpacing)[1]);
  if (order.size() > 1) {
    sliceSpacingMm = offsets[order[1]] - offsets[order[0]];
    for (std::size_t n = 1; n < order.size(); ++n) {
      const double step = offsets[order[n]] - offsets[order[n - 1]];
      if (!(sliceSpacingMm > 0) || std::abs(step - sliceSpacingMm) > FRAME_SPACING_TOLERANCE_MM)
        refuseFile(file, attributeName(DCM_GridFrameOffsetVector) + " steps by " + shortestText(step) + " mm after " +
                         shortestText(sliceSpacingMm) + " mm; expected evenly spaced, distinct frames");
    }
  }
  const core::Point3<core::Patient> firstMm =
      core::Point3<core::Patient>{(*position)[0], (*position)[1], (*position)[2]} + normal * offsets[order[0]];
  Eigen::Matrix3d directions;
  directions << rowDir.x, columnDir.x, normal.x, rowDir.y, columnDir.y, normal.y, rowDir.z, columnDir.z, normal.z;
  const Uint16* words = pixelWords(ds, file, std::uint64_t(rows) * columns * order.size() * (bitsAllocated / 8),
                                   bitsAllocated);
  try {
    dose.doseGy = core::Volume<float>(core::VolumeGeometry({columns, rows, int(order.size())}, firstMm,
                                                           {(*pixelSpacing)[1], (*pixelSpacing)[0], sliceSpacingMm},
                                                           directions));
  } catch (const Error& e) {
    refuseFile(file, attributeName(DCM_ImageOrientationPatient) + " or the spacings give no valid grid: " + e.what());
  }
  std::vector<std::size_t> sliceOfFrame(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) sliceOfFrame[order[k]] = k;
  decodeFrames(words, ds.getOriginalXfer(), bitsAllocated, isSigned, scaling, sliceOfFrame, dose.doseGy);
  return result;
}

}  // namespace kerma::dicom
