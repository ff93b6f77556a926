// RT Dose reader on arbitrary bytes: any outcome but a value or a kerma::Error is a finding.

#include "fuzz_support.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtdose_import.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kerma::fuzz::warmUpDicom();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = kerma::fuzz::writeScratchFile("RD.dcm", {reinterpret_cast<const char*>(data), size});
  try {
    const auto dose = kerma::dicom::readRtDose(file);
    // Every voxel is read once, so that a grid larger than its pixels is caught here.
    volatile float sink = 0;
    for (float v : dose.dose.doseGy.values()) sink = sink + v;
  } catch (const kerma::Error&) {
  }
  return 0;
}
