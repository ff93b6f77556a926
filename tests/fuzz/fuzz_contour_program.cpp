// The `kerma-cli contour` operation grammar on arbitrary arguments (one per line), run on a
// small patient: any outcome but new structures or a kerma::Error is a finding.

#include "fuzz_support.h"
#include "tiny_patient.h"

#include "kerma/core/error.h"
#include "kerma/structure/contour_program.h"

#include <string>
#include <vector>

namespace {

const kerma::core::CtImage& tinyCt() {
  static const kerma::core::CtImage ct = kerma::fuzz::makeTinyCt();
  return ct;
}

}  // namespace

// ITK's start (its object factories) is not charged to the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto structures = kerma::fuzz::makeTinyStructures(tinyCt());
  kerma::structure::runContourProgram(kerma::structure::parseContourProgram({"--body", "B"}), tinyCt().hu, structures);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<kerma::structure::Structure> STRUCTURES = kerma::fuzz::makeTinyStructures(tinyCt());
  std::vector<std::string> args;
  for (std::string_view arg : kerma::fuzz::splitInput(data, size, "\n", 64)) args.emplace_back(arg);
  try {
    const auto steps = kerma::structure::parseContourProgram(args);
    auto structures = STRUCTURES;
    kerma::structure::runContourProgram(steps, tinyCt().hu, structures);
  } catch (const kerma::Error&) {
  }
  return 0;
}
