// RT Plan reader on arbitrary bytes: any outcome but a plan or a kerma::Error is a finding.

#include "fuzz_support.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtplan_import.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kerma::fuzz::warmUpDicom();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = kerma::fuzz::writeScratchFile("RP.dcm", {reinterpret_cast<const char*>(data), size});
  try {
    const auto plan = kerma::dicom::readRtPlan(file);
    // What the planning code asks of every beam it gets.
    for (const auto& beam : plan.plan.beams) static_cast<void>(beam.beam.patientFromBeamLimitingDevice());
  } catch (const kerma::Error&) {
  }
  return 0;
}
