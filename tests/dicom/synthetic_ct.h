#ifndef KERMA_TESTS_DICOM_SYNTHETIC_CT_H
#define KERMA_TESTS_DICOM_SYNTHETIC_CT_H

// Writes small CT series with DCMTK, slice by slice, so that import tests can make exactly the
// defect they test (a tilt, a gap, a foreign modality) without any shared data.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kerma::testing {

struct SyntheticSlice {
  std::array<double, 3> positionMm{0, 0, 0};
  std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
  std::array<double, 2> pixelSpacingMm{0.8, 0.8};  // row spacing, column spacing
  double sliceThicknessMm = 2.0;
  double gantryTiltDeg = 0;
  std::string modality = "CT";
  std::string seriesInstanceUid = "1.2.826.0.1.3680043.10.1234.1";
  std::string sopInstanceUid;  // made from the position when empty
  int rows = 24, columns = 32;
};

/// Stored value of pixel (i, j) of slice k: unsigned 12 bits, HU = stored - 1024.
inline std::uint16_t syntheticStoredValue(int i, int j, int k) {
  return static_cast<std::uint16_t>((i * 37 + j * 101 + k * 211) % 4096);
}

/// Writes one slice as Explicit VR Little Endian CT Image Storage into file.
void writeSyntheticSlice(const std::filesystem::path& file, const SyntheticSlice& slice, int k);

/// Writes n axial slices at z = z0 + k * stepMm into folder, files named CT_<k>.dcm in reverse
/// order of position (so that file name order is not slice order).
std::vector<std::filesystem::path> writeSyntheticSeries(const std::filesystem::path& folder, int n,
                                                        double z0 = -20, double stepMm = 2.0,
                                                        SyntheticSlice base = {});

/// A fresh empty folder under the system's temporary folder, removed with everything in it when
/// the test process exits.
std::filesystem::path makeTemporaryFolder(const std::string& name);

}  // namespace kerma::testing

#endif  // KERMA_TESTS_DICOM_SYNTHETIC_CT_H
