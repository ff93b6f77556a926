// Machine file reader on arbitrary bytes: any outcome but a machine or a kerma::Error is a
// finding.

#include "fuzz_support.h"

#include "kerma/core/error.h"
#include "kerma/dose/machine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = kerma::fuzz::writeScratchFile("machine/machine.json", {reinterpret_cast<const char*>(data), size});
  try {
    const auto machine = kerma::dose::loadMachine(file.parent_path());
    // What the planning code asks of every machine.
    for (int n = 0; n < machine.mlc.pairCount(); ++n) static_cast<void>(machine.mlc.pairCentreMm(n));
  } catch (const kerma::Error&) {
  }
  return 0;
}
