#include "kerma/dicom/ct_import.h"

#include "codecs.h"
#include "dataset_reading.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/parallel.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <variant>

namespace kerma::dicom {

using core::shortestText;

namespace fs = std::filesystem;

namespace {

// Geometric tolerances for deciding that slices belong to one regular stack.
constexpr double ORIENTATION_TOLERANCE = 1e-4;    // direction cosine components
constexpr double SPACING_TOLERANCE_MM = 1e-3;     // pixel spacing
constexpr double DUPLICATE_POSITION_MM = 0.01;    // two slices closer than this coincide
constexpr double UNEQUAL_SPACING_MM = 0.05;       // slice spacings differing more are "unequal"
constexpr double MISSING_SLICE_FACTOR = 1.5;      // a gap over 1.5 slice spacings is missing data
constexpr double TILT_TOLERANCE_DEG = 0.01;       // Gantry/Detector Tilt
constexpr double SHEAR_TOLERANCE = 1e-3;          // in-plane drift per mm along the normal
// Declared sizes are checked against what the files can hold before anything is allocated: an
// uncompressed slice holds its pixels, and no accepted compression shrinks them by more than this
// (deflate's limit is about 1032:1, RLE's 64:1).
constexpr std::uint64_t MAX_COMPRESSION_RATIO = 1100;
// Unequal spacing is resampled to the smallest step; a grid of more slices than this per file
// would be made of interpolation, not of data.
constexpr int MAX_GRID_SLICES_PER_FILE = 10;

// The transfer syntaxes a planning CT is accepted in; everything else is refused by name.
constexpr E_TransferSyntax ACCEPTED_TRANSFER_SYNTAXES[] = {
    EXS_LittleEndianImplicit, EXS_LittleEndianExplicit, EXS_BigEndianExplicit,
    EXS_DeflatedLittleEndianExplicit, EXS_RLELossless, EXS_JPEGProcess14,
    EXS_JPEGProcess14SV1, EXS_JPEGLSLossless, EXS_JPEGLSLossy,
};

// What the header pass learns from one file, read up to (not including) the Pixel Data.
struct SliceHeader {
  fs::path file;
  std::string sopInstanceUid, sopClassUid, modality, seriesInstanceUid;
  core::SeriesIdentity identity;
  std::optional<std::array<double, 6>> orientation;  // ImageOrientationPatient
  std::optional<std::array<double, 3>> positionMm;   // ImagePositionPatient
  std::optional<std::array<double, 2>> pixelSpacingMm;  // row spacing, column spacing
  int rows = 0, columns = 0, bitsAllocated = 0, bitsStored = 0, pixelRepresentation = 0;
  int samplesPerPixel = 1, numberOfFrames = 1;
  std::uint64_t fileBytes = 0;
  std::string photometric;
  double rescaleSlope = 1, rescaleIntercept = 0, gantryTiltDeg = 0, sliceThicknessMm = 0;
  E_TransferSyntax transferSyntax = EXS_Unknown;
};

std::string filename(const fs::path& p) { return p.filename().string(); }

bool hasDicomPreamble(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[132] = {};
  return in.read(magic, sizeof magic) && std::memcmp(magic + 128, "DICM", 4) == 0;
}

// Reads the header of one file. nullopt means "not a DICOM image": not DICOM at all, or a DICOM
// object without pixels (structure set, plan, ...). A file that announces itself as DICOM but
// cannot be parsed throws, so that it is reported rather than silently skipped.
std::optional<SliceHeader> readSliceHeader(const fs::path& file) {
  DcmFileFormat format;
  const bool preamble = hasDicomPreamble(file);
  // Large values (the pixels) stay on disk; parsing stops at Pixel Data.
  constexpr Uint32 MAX_READ_LENGTH = 4096;
  const OFCondition status = format.loadFileUntilTag(file.c_str(), EXS_Unknown, EGL_noChange,
                                                     MAX_READ_LENGTH, ERM_autoDetect, DCM_PixelData);
  DcmDataset& ds = *format.getDataset();
  if (status.bad()) {
    if (!preamble) return std::nullopt;
    throw Error(ErrorCode::BadInput, filename(file) + ": not readable as DICOM (" + status.text() + ")");
  }
  SliceHeader h;
  h.file = file;
  std::error_code sizeError;
  h.fileBytes = fs::file_size(file, sizeError);
  h.sopClassUid = readString(ds, DCM_SOPClassUID);
  h.sopInstanceUid = readString(ds, DCM_SOPInstanceUID);
  h.seriesInstanceUid = readString(ds, DCM_SeriesInstanceUID);
  h.modality = readString(ds, DCM_Modality);
  h.rows = readInt(ds, DCM_Rows, 0);
  h.columns = readInt(ds, DCM_Columns, 0);
  // Without an image size this is no image; without an SOP instance a file with no preamble was
  // most likely not DICOM at all.
  if (h.rows == 0 || h.columns == 0) {
    if (h.modality != "CT") return std::nullopt;
    throw Error(ErrorCode::BadInput, filename(file) + ": Rows (0028,0010) or Columns (0028,0011) is missing in a CT image");
  }
  if (h.sopInstanceUid.empty() && !preamble) return std::nullopt;
  if (h.modality.rfind("RT", 0) == 0) return std::nullopt;  // RT Dose, RT Image: not a CT offer
  h.transferSyntax = ds.getOriginalXfer();
  h.identity = readSeriesIdentity(ds);
  h.orientation = readDecimalArray<6>(ds, DCM_ImageOrientationPatient);
  h.positionMm = readDecimalArray<3>(ds, DCM_ImagePositionPatient);
  h.pixelSpacingMm = readDecimalArray<2>(ds, DCM_PixelSpacing);
  h.bitsAllocated = readInt(ds, DCM_BitsAllocated, 0);
  h.bitsStored = readInt(ds, DCM_BitsStored, h.bitsAllocated);
  h.pixelRepresentation = readInt(ds, DCM_PixelRepresentation, 0);
  h.samplesPerPixel = readInt(ds, DCM_SamplesPerPixel, 1);
  h.photometric = readString(ds, DCM_PhotometricInterpretation);
  const std::string frames = readString(ds, DCM_NumberOfFrames);
  h.numberOfFrames = frames.empty() ? 1 : std::atoi(frames.c_str());
  h.rescaleSlope = readDecimal(ds, DCM_RescaleSlope, 1.0);
  h.rescaleIntercept = readDecimal(ds, DCM_RescaleIntercept, 0.0);
  h.gantryTiltDeg = readDecimal(ds, DCM_GantryDetectorTilt, 0.0);
  h.sliceThicknessMm = readDecimal(ds, DCM_SliceThickness, 0.0);
  return h;
}

std::string listFiles(const std::vector<const SliceHeader*>& slices, std::size_t limit = 6) {
  std::string s;
  for (std::size_t n = 0; n < slices.size() && n < limit; ++n)
    s += (n ? ", " : "") + filename(slices[n]->file);
  if (slices.size() > limit) s += " and " + std::to_string(slices.size() - limit) + " more";
  return s;
}

std::string formatValues(const double* v, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (i ? "\\" : "") + shortestText(v[i]);
  return s;
}

bool isAcceptedTransferSyntax(E_TransferSyntax xfer) {
  return std::find(std::begin(ACCEPTED_TRANSFER_SYNTAXES), std::end(ACCEPTED_TRANSFER_SYNTAXES),
                   xfer) != std::end(ACCEPTED_TRANSFER_SYNTAXES);
}

// A series whose slices passed every check, with its slice order and regular grid.
struct SeriesPlan {
  std::vector<const SliceHeader*> slices;  // in order along the normal
  std::vector<double> positionsMm;         // along the normal
  core::VolumeGeometry geometry;           // the regular grid the volume is stored on
  bool interpolated = false;               // unequal spacing: grid slices fall between files
  std::vector<std::string> notes;
};

// The first slice whose value differs from the first slice's, as a refusal message.
template <class Get, class Equal>
std::optional<std::string> firstMismatch(const std::vector<const SliceHeader*>& slices,
                                         const char* what, Get get, Equal equal) {
  for (const SliceHeader* s : slices)
    if (!equal(get(*slices.front()), get(*s)))
      return std::string("mixed ") + what + " in one series: " + filename(slices.front()->file) +
             " and " + filename(s->file) + " differ";
  return std::nullopt;
}

// Checks one series and plans its volume; a returned string is the reason it is refused.
std::variant<SeriesPlan, std::string> planSeries(std::vector<const SliceHeader*> slices) {
  const SliceHeader& first = *slices.front();
  if (first.modality != "CT")
    return "modality is " + (first.modality.empty() ? std::string("missing") : first.modality) +
           "; a planning CT must have modality CT (" + listFiles(slices) + ")";
  for (const SliceHeader* s : slices)
    if (!isAcceptedTransferSyntax(s->transferSyntax))
      return filename(s->file) + ": transfer syntax " + DcmXfer(s->transferSyntax).getXferName() +
             " (" + DcmXfer(s->transferSyntax).getXferID() +
             ") is not supported; accepted are little/big endian, deflate, RLE, JPEG lossless and "
             "JPEG-LS";
  for (const SliceHeader* s : slices) {
    if (s->numberOfFrames != 1)
      return filename(s->file) + ": NumberOfFrames (0028,0008) is " +
             std::to_string(s->numberOfFrames) + "; expected single-frame CT slices";
    if (s->samplesPerPixel != 1 || (s->photometric != "MONOCHROME2" && s->photometric != "MONOCHROME1"))
      return filename(s->file) + ": PhotometricInterpretation (0028,0004) is '" + s->photometric +
             "' with " + std::to_string(s->samplesPerPixel) + " samples; expected MONOCHROME2";
    if (s->bitsAllocated != 16 || s->bitsStored < 1 || s->bitsStored > 16)
      return filename(s->file) + ": BitsAllocated/BitsStored (0028,0100/0101) are " +
             std::to_string(s->bitsAllocated) + "/" + std::to_string(s->bitsStored) +
             "; expected 16 bits allocated";
    if (s->rows <= 0 || s->columns <= 0)
      return filename(s->file) + ": Rows x Columns (0028,0010/0011) is " + std::to_string(s->rows) + " x " +
             std::to_string(s->columns) + "; expected positive sizes";
    const std::uint64_t pixelBytes = std::uint64_t(s->rows) * std::uint64_t(s->columns) * 2;
    const bool compressed = DcmXfer(s->transferSyntax).isEncapsulated() ||
                            s->transferSyntax == EXS_DeflatedLittleEndianExplicit;
    if (pixelBytes > (compressed ? MAX_COMPRESSION_RATIO : 1) * s->fileBytes)
      return filename(s->file) + ": Rows x Columns (0028,0010/0011) of " + std::to_string(s->rows) + " x " +
             std::to_string(s->columns) + " need " + std::to_string(pixelBytes) +
             " bytes of Pixel Data (7FE0,0010) but the " + (compressed ? "compressed " : "") + "file holds " +
             std::to_string(s->fileBytes) + " bytes; the dimensions are absurd or the file is truncated";
    if (!s->orientation)
      return filename(s->file) + ": ImageOrientationPatient (0020,0037) is missing or has not 6 values";
    if (!s->positionMm)
      return filename(s->file) + ": ImagePositionPatient (0020,0032) is missing or has not 3 values";
    if (!s->pixelSpacingMm || !((*s->pixelSpacingMm)[0] > 0) || !((*s->pixelSpacingMm)[1] > 0))
      return filename(s->file) + ": PixelSpacing (0028,0030) is missing or not 2 positive values";
    if (s->rescaleSlope == 0)
      return filename(s->file) + ": RescaleSlope (0028,1053) is 0";
    if (std::abs(s->gantryTiltDeg) > TILT_TOLERANCE_DEG)
      return "gantry/detector tilt of " + shortestText(s->gantryTiltDeg) + " deg in " +
             filename(s->file) + " (" + listFiles(slices) +
             "); tilted acquisitions cannot be used for planning";
  }
  if (auto m = firstMismatch(slices, "frame of reference", [](auto& s) { return s.identity.frameOfReferenceUid; },
                             std::equal_to<>()))
    return *m;
  if (auto m = firstMismatch(slices, "orientation (ImageOrientationPatient)", [](auto& s) { return *s.orientation; },
                             [](const auto& a, const auto& b) {
                               for (int n = 0; n < 6; ++n)
                                 if (std::abs(a[n] - b[n]) > ORIENTATION_TOLERANCE) return false;
                               return true;
                             }))
    return *m;
  if (auto m = firstMismatch(slices, "pixel spacing (PixelSpacing)", [](auto& s) { return *s.pixelSpacingMm; },
                             [](const auto& a, const auto& b) {
                               return std::abs(a[0] - b[0]) < SPACING_TOLERANCE_MM &&
                                      std::abs(a[1] - b[1]) < SPACING_TOLERANCE_MM;
                             }))
    return *m;
  if (auto m = firstMismatch(slices, "image size (Rows/Columns)",
                             [](auto& s) { return std::pair(s.rows, s.columns); }, std::equal_to<>()))
    return *m;

  const auto& iop = *first.orientation;
  const core::Vector3<core::Patient> rowDir{iop[0], iop[1], iop[2]};
  const core::Vector3<core::Patient> colDir{iop[3], iop[4], iop[5]};
  if (std::abs(rowDir.length() - 1) > 1e-3 || std::abs(colDir.length() - 1) > 1e-3 ||
      std::abs(rowDir.dot(colDir)) > 1e-3)
    return filename(first.file) + ": ImageOrientationPatient (0020,0037) is " +
           formatValues(iop.data(), 6) + "; expected two orthogonal unit vectors";
  const auto normal = rowDir.normalized().cross(colDir.normalized()).normalized();
  auto along = [&](const SliceHeader* s) {
    const auto& p = *s->positionMm;
    return core::Vector3<core::Patient>{p[0], p[1], p[2]}.dot(normal);
  };
  std::stable_sort(slices.begin(), slices.end(),
                   [&](const SliceHeader* a, const SliceHeader* b) { return along(a) < along(b); });
  SeriesPlan plan;
  for (const SliceHeader* s : slices) plan.positionsMm.push_back(along(s));

  for (std::size_t k = 1; k < slices.size(); ++k)
    if (plan.positionsMm[k] - plan.positionsMm[k - 1] < DUPLICATE_POSITION_MM)
      return "duplicate slice position " + shortestText(plan.positionsMm[k]) + " mm along the normal: " +
             filename(slices[k - 1]->file) + " and " + filename(slices[k]->file);

  // Slices must follow one another along the normal; an in-plane drift is a tilted or sheared
  // acquisition even when Gantry/Detector Tilt does not say so.
  for (std::size_t k = 1; k < slices.size(); ++k) {
    const auto& a = *slices[k - 1]->positionMm;
    const auto& b = *slices[k]->positionMm;
    const core::Vector3<core::Patient> step{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    const double normalStep = step.dot(normal);
    const double drift = (step - normal * normalStep).length();
    if (drift > SHEAR_TOLERANCE * normalStep + 1e-3)
      return "slices are not stacked along the image normal (in-plane shift of " + shortestText(drift) +
             " mm over " + shortestText(normalStep) + " mm between " + filename(slices[k - 1]->file) +
             " and " + filename(slices[k]->file) +
             "): a tilted acquisition cannot be used for planning";
  }

  double sliceSpacingMm = first.sliceThicknessMm > 0 ? first.sliceThicknessMm : 1.0;
  if (slices.size() > 1) {
    std::vector<double> steps;
    for (std::size_t k = 1; k < slices.size(); ++k)
      steps.push_back(plan.positionsMm[k] - plan.positionsMm[k - 1]);
    std::vector<double> sorted = steps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double nominal = sorted[sorted.size() / 2];
    // A thicker reconstruction (variable-thickness protocols) may step further than the median;
    // anything beyond its own SliceThickness as well is missing data.
    std::string gaps;
    for (std::size_t k = 0; k < steps.size(); ++k)
      if (steps[k] > MISSING_SLICE_FACTOR * std::max({nominal, slices[k]->sliceThicknessMm,
                                                      slices[k + 1]->sliceThicknessMm}))
        gaps += (gaps.empty() ? "" : "; ") + std::string("between ") + shortestText(plan.positionsMm[k]) +
                " and " + shortestText(plan.positionsMm[k + 1]) + " mm (" + filename(slices[k]->file) +
                ", " + filename(slices[k + 1]->file) + ")";
    if (!gaps.empty())
      return "missing slices: gap over " + shortestText(MISSING_SLICE_FACTOR) + " x the slice spacing of " +
             shortestText(nominal) + " mm " + gaps;
    const auto [lo, hi] = std::minmax_element(steps.begin(), steps.end());
    sliceSpacingMm = nominal;
    if (*hi - *lo > UNEQUAL_SPACING_MM) {
      sliceSpacingMm = *lo;
      plan.interpolated = true;
      plan.notes.push_back("slice spacing varies from " + shortestText(*lo) + " to " + shortestText(*hi) +
                           " mm without gaps; resampled to a regular " + shortestText(*lo) +
                           " mm along the slice normal by linear interpolation");
    }
  } else {
    plan.notes.push_back("single slice; slice spacing taken as " + shortestText(sliceSpacingMm) +
                         " mm from SliceThickness");
  }

  const double extentMm = plan.positionsMm.back() - plan.positionsMm.front();
  const double gridSlices = slices.size() == 1 ? 1 : std::round(extentMm / sliceSpacingMm) + 1;
  if (!(gridSlices <= double(MAX_GRID_SLICES_PER_FILE) * double(slices.size())))
    return "the series spans " + shortestText(extentMm) + " mm in steps down to " + shortestText(sliceSpacingMm) +
           " mm: a regular grid would need " + shortestText(gridSlices) + " slices for " +
           std::to_string(slices.size()) + " files (" + listFiles(slices) + "); expected at most " +
           std::to_string(MAX_GRID_SLICES_PER_FILE) + " per file";
  const int nz = static_cast<int>(gridSlices);
  if (slices.size() > 1 && !plan.interpolated)
    sliceSpacingMm = extentMm / (nz - 1);  // the mean spacing is the most exact one
  Eigen::Matrix3d direction;
  direction.col(0) = Eigen::Vector3d(rowDir.x, rowDir.y, rowDir.z).normalized();
  direction.col(1) = Eigen::Vector3d(colDir.x, colDir.y, colDir.z).normalized();
  direction.col(2) = Eigen::Vector3d(normal.x, normal.y, normal.z);
  const auto& p0 = *slices.front()->positionMm;
  const auto& ps = *first.pixelSpacingMm;
  // PixelSpacing is (row spacing, column spacing): the step along j, then along i.
  plan.geometry = core::VolumeGeometry({first.columns, first.rows, nz}, {p0[0], p0[1], p0[2]},
                                       {ps[1], ps[0], sliceSpacingMm}, direction);
  plan.slices = std::move(slices);
  return plan;
}

// Decodes one slice's pixels into HU. Throws kerma::Error naming the file on any problem.
void decodeSlice(const SliceHeader& header, std::span<std::int16_t> hu, std::size_t& clampedVoxels) {
  DcmFileFormat format;
  const OFCondition status = format.loadFile(header.file.c_str());
  if (status.bad())
    throw Error(ErrorCode::BadInput, filename(header.file) +
                                         ": Pixel Data (7FE0,0010) cannot be read, the file is truncated or "
                                         "damaged (" + status.text() + ")");
  DcmDataset& ds = *format.getDataset();
  if (DcmXfer(ds.getOriginalXfer()).isEncapsulated()) {
    const OFCondition decoded = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (decoded.bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit))
      throw Error(ErrorCode::BadInput, filename(header.file) + ": cannot decompress " +
                                           DcmXfer(ds.getOriginalXfer()).getXferName() + " pixel data (" +
                                           decoded.text() + ")");
  }
  const Uint16* raw = nullptr;
  unsigned long words = 0;
  if (ds.findAndGetUint16Array(DCM_PixelData, raw, &words).bad() || raw == nullptr)
    throw Error(ErrorCode::BadInput, filename(header.file) + ": Pixel Data (7FE0,0010) is missing or unreadable");
  if (words < hu.size())
    throw Error(ErrorCode::BadInput, filename(header.file) + ": Pixel Data (7FE0,0010) has " +
                                         std::to_string(2 * words) + " bytes; expected " +
                                         std::to_string(2 * hu.size()) + " for " +
                                         std::to_string(header.rows) + " x " + std::to_string(header.columns) +
                                         " 16-bit pixels (truncated file?)");
  const int bits = header.bitsStored;
  const std::uint32_t mask = bits >= 16 ? 0xFFFFu : ((1u << bits) - 1u);
  const bool isSigned = header.pixelRepresentation == 1;
  auto storedValue = [&](std::size_t n) {
    std::int32_t stored = raw[n] & mask;
    if (isSigned && (stored & (1 << (bits - 1)))) stored -= (1 << bits);
    return stored;
  };
  constexpr std::int32_t HU_MIN = std::numeric_limits<std::int16_t>::min();
  constexpr std::int32_t HU_MAX = std::numeric_limits<std::int16_t>::max();
  const double slope = header.rescaleSlope, intercept = header.rescaleIntercept;
  std::size_t clamped = 0;
  if (slope == 1.0 && intercept == std::round(intercept) && std::abs(intercept) < 1e6) {
    // The usual CT case, kept in integers so that the loop vectorises.
    const auto offset = static_cast<std::int32_t>(intercept);
    for (std::size_t n = 0; n < hu.size(); ++n) {
      const std::int32_t value = storedValue(n) + offset;
      clamped += value < HU_MIN || value > HU_MAX;
      hu[n] = static_cast<std::int16_t>(std::clamp(value, HU_MIN, HU_MAX));
    }
  } else {
    for (std::size_t n = 0; n < hu.size(); ++n) {
      const double value = std::round(storedValue(n) * slope + intercept);
      clamped += value < HU_MIN || value > HU_MAX;
      hu[n] = static_cast<std::int16_t>(std::clamp(value, double(HU_MIN), double(HU_MAX)));
    }
  }
  clampedVoxels += clamped;
}

// Interpolates the decoded slices at positionsMm linearly onto the plan's regular grid, for series
// with unequal slice spacing.
core::CtVolume interpolateSlices(const SeriesPlan& plan, const std::vector<std::vector<std::int16_t>>& decoded) {
  const auto& g = plan.geometry;
  const std::size_t sliceSize = std::size_t(g.size()[0]) * g.size()[1];
  core::CtVolume volume(g);
  for (int k = 0; k < g.size()[2]; ++k) {
    const double z = plan.positionsMm.front() + k * g.spacingMm()[2];
    const auto upper = std::upper_bound(plan.positionsMm.begin(), plan.positionsMm.end(), z);
    const std::size_t hi = std::clamp<std::size_t>(upper - plan.positionsMm.begin(), 1, decoded.size() - 1);
    const std::size_t lo = hi - 1;
    const double w = std::clamp((z - plan.positionsMm[lo]) / (plan.positionsMm[hi] - plan.positionsMm[lo]), 0.0, 1.0);
    auto out = volume.slice(k);
    for (std::size_t n = 0; n < sliceSize; ++n)
      out[n] = static_cast<std::int16_t>(std::lround(decoded[lo][n] * (1 - w) + decoded[hi][n] * w));
  }
  return volume;
}

// Decodes every slice of a planned series: straight into the volume when the files are the grid
// slices, through per-file buffers when they must be interpolated.
core::CtVolume decodeSeries(const SeriesPlan& plan, int threads, std::size_t& clampedVoxels) {
  std::vector<std::size_t> clamped(plan.slices.size(), 0);
  const std::size_t sliceSize = std::size_t(plan.geometry.size()[0]) * plan.geometry.size()[1];
  core::CtVolume volume;
  std::vector<std::vector<std::int16_t>> decoded;
  if (plan.interpolated)
    decoded.resize(plan.slices.size());
  else
    volume = core::CtVolume(plan.geometry);
  core::parallelFor(plan.slices.size(), threads, [&](std::size_t k) {
    if (!plan.interpolated) {
      decodeSlice(*plan.slices[k], volume.slice(int(k)), clamped[k]);
      return;
    }
    decoded[k].resize(sliceSize);
    decodeSlice(*plan.slices[k], decoded[k], clamped[k]);
  });
  for (std::size_t c : clamped) clampedVoxels += c;
  return plan.interpolated ? interpolateSlices(plan, decoded) : std::move(volume);
}

}  // namespace

CtScanResult scanCtFolder(const fs::path& folder, const CtScanOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw Error(ErrorCode::BadInput, folder.string() + ": not a readable folder");
  prepareDcmtk();

  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) throw Error(ErrorCode::Io, folder.string() + ": cannot list folder (" + ec.message() + ")");
  std::sort(files.begin(), files.end());  // a stable order whatever the file system returns

  std::vector<std::optional<SliceHeader>> headers(files.size());
  std::vector<std::string> unreadable(files.size());
  core::parallelFor(files.size(), options.threads, [&](std::size_t n) {
    try {
      headers[n] = readSliceHeader(files[n]);
    } catch (const Error& e) {
      unreadable[n] = e.what();
    }
  });

  CtScanResult result;
  for (std::size_t n = 0; n < files.size(); ++n)
    if (!unreadable[n].empty()) result.refused.push_back({"", {files[n]}, unreadable[n]});

  std::map<std::string, std::vector<const SliceHeader*>> bySeries;
  for (const auto& h : headers)
    if (h) bySeries[h->seriesInstanceUid].push_back(&*h);

  std::vector<SeriesPlan> plans;
  for (auto& [uid, slices] : bySeries) {
    auto planned = planSeries(slices);
    if (auto* reason = std::get_if<std::string>(&planned)) {
      std::vector<fs::path> seriesFiles;
      for (const SliceHeader* s : slices) seriesFiles.push_back(s->file);
      result.refused.push_back({uid, std::move(seriesFiles), *reason});
      continue;
    }
    plans.push_back(std::move(std::get<SeriesPlan>(planned)));
  }

  for (SeriesPlan& plan : plans) {
    std::vector<fs::path> seriesFiles;
    for (const SliceHeader* s : plan.slices) seriesFiles.push_back(s->file);
    std::size_t clampedTotal = 0;
    core::CtVolume hu;
    try {
      hu = decodeSeries(plan, options.threads, clampedTotal);
    } catch (const Error& e) {
      result.refused.push_back({plan.slices.front()->seriesInstanceUid, std::move(seriesFiles), e.what()});
      continue;
    }
    CtSeries series;
    series.image.identity = plan.slices.front()->identity;
    series.image.hu = std::move(hu);
    series.files = std::move(seriesFiles);
    for (const SliceHeader* s : plan.slices) series.sopInstanceUids.push_back(s->sopInstanceUid);
    series.slicePositionsMm = plan.positionsMm;
    series.notes = std::move(plan.notes);
    if (clampedTotal)
      series.notes.push_back(std::to_string(clampedTotal) +
                             " voxels outside the 16-bit HU range were clamped to -32768 or 32767");
    series.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.series.push_back(std::move(series));
  }
  return result;
}

CtSeries loadCtSeries(const fs::path& folder, const CtScanOptions& options) {
  CtScanResult scan = scanCtFolder(folder, options);
  if (scan.series.size() == 1) return std::move(scan.series.front());
  if (scan.series.empty()) {
    std::string reasons;
    for (const auto& r : scan.refused) reasons += "; " + r.reason;
    throw Error(ErrorCode::BadInput, folder.string() + ": no usable CT series" +
                                         (reasons.empty() ? std::string(" (no DICOM images found)") : reasons));
  }
  std::string uids;
  for (const auto& s : scan.series) uids += " " + s.image.identity.seriesInstanceUid;
  throw Error(ErrorCode::BadInput, folder.string() + ": " + std::to_string(scan.series.size()) +
                                       " CT series found; expected one (series" + uids + ")");
}

}  // namespace kerma::dicom
