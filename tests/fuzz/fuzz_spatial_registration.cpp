// Spatial Registration reader on arbitrary bytes: any outcome but a registration or a kerma::Error
// is a finding.

#include "fuzz_support.h"

#include "kerma/core/error.h"
#include "kerma/dicom/spatial_registration.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kerma::fuzz::warmUpDicom();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = kerma::fuzz::writeScratchFile("REG.dcm", {reinterpret_cast<const char*>(data), size});
  try {
    const auto read = kerma::dicom::readSpatialRegistration(file);
    // The matrix is used: a point mapped through it.
    volatile double sink = read.registration.fixedFromMoving(kerma::core::Point3<kerma::core::Patient>{1, 2, 3}).x;
    (void)sink;
  } catch (const kerma::Error&) {
  }
  return 0;
}
