#include "synthetic_ct.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>

#include <sstream>
#include <unistd.h>

namespace kerma::testing {

namespace {

std::string joinDecimals(const double* v, int n) {
  std::ostringstream out;
  out.precision(10);
  for (int i = 0; i < n; ++i) out << (i ? "\\" : "") << v[i];
  return out.str();
}

}  // namespace

void writeSyntheticSlice(const std::filesystem::path& file, const SyntheticSlice& s, int k) {
  DcmFileFormat format;
  DcmDataset& ds = *format.getDataset();
  const std::string sop = s.sopInstanceUid.empty()
                              ? s.seriesInstanceUid + "." + std::to_string(1000 + k)
                              : s.sopInstanceUid;
  ds.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, sop.c_str());
  ds.putAndInsertString(DCM_Modality, s.modality.c_str());
  ds.putAndInsertString(DCM_PatientName, "SYNTHETIC^SERIES");
  ds.putAndInsertString(DCM_PatientID, "SYN-001");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1234.9");
  ds.putAndInsertString(DCM_SeriesInstanceUID, s.seriesInstanceUid.c_str());
  ds.putAndInsertString(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.10.1234.7");
  ds.putAndInsertString(DCM_PatientPosition, "HFS");
  ds.putAndInsertString(DCM_ImageOrientationPatient, joinDecimals(s.orientation.data(), 6).c_str());
  ds.putAndInsertString(DCM_ImagePositionPatient, joinDecimals(s.positionMm.data(), 3).c_str());
  ds.putAndInsertString(DCM_PixelSpacing, joinDecimals(s.pixelSpacingMm.data(), 2).c_str());
  ds.putAndInsertString(DCM_SliceThickness, joinDecimals(&s.sliceThicknessMm, 1).c_str());
  ds.putAndInsertString(DCM_GantryDetectorTilt, joinDecimals(&s.gantryTiltDeg, 1).c_str());
  ds.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
  ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(s.rows));
  ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(s.columns));
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds.putAndInsertString(DCM_RescaleIntercept, "-1024");
  ds.putAndInsertString(DCM_RescaleSlope, "1");
  std::vector<Uint16> pixels(static_cast<std::size_t>(s.rows) * s.columns);
  for (int j = 0; j < s.rows; ++j)
    for (int i = 0; i < s.columns; ++i) pixels[std::size_t(j) * s.columns + i] = syntheticStoredValue(i, j, k);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  const OFCondition status = format.saveFile(file.c_str(), EXS_LittleEndianExplicit);
  ASSERT_TRUE(status.good()) << file << ": " << status.text();
}

std::vector<std::filesystem::path> writeSyntheticSeries(const std::filesystem::path& folder, int n,
                                                        double z0, double stepMm, SyntheticSlice base) {
  std::filesystem::create_directories(folder);
  std::vector<std::filesystem::path> files;
  for (int k = 0; k < n; ++k) {
    SyntheticSlice slice = base;
    slice.positionMm = {base.positionMm[0], base.positionMm[1], z0 + k * stepMm};
    const auto file = folder / ("CT_" + std::to_string(n - 1 - k) + ".dcm");
    writeSyntheticSlice(file, slice, k);
    files.push_back(file);
  }
  return files;
}

namespace {

// The folders of makeTemporaryFolder lie in one folder per test process, removed when the process
// exits, so that test runs do not pile up copies of the test data under /tmp (they did: 51 GB).
// A child forked by a test leaves it to the parent.
class ProcessScratchFolder {
 public:
  ProcessScratchFolder()
      : owner_(::getpid()),
        folder_(std::filesystem::temp_directory_path() / ("kerma-test-" + std::to_string(owner_))) {
    std::filesystem::remove_all(folder_);
  }
  ~ProcessScratchFolder() {
    std::error_code ignored;
    if (::getpid() == owner_) std::filesystem::remove_all(folder_, ignored);
  }
  ProcessScratchFolder(const ProcessScratchFolder&) = delete;
  ProcessScratchFolder& operator=(const ProcessScratchFolder&) = delete;
  const std::filesystem::path& path() const { return folder_; }

 private:
  pid_t owner_;
  std::filesystem::path folder_;
};

}  // namespace

std::filesystem::path makeTemporaryFolder(const std::string& name) {
  static const ProcessScratchFolder scratch;
  const auto folder = scratch.path() / name;
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

}  // namespace kerma::testing
