// Constraint template parser on arbitrary bytes: any outcome but a template or a kerma::Error
// is a finding.

#include "fuzz_support.h"

#include "kerma/core/error.h"
#include "kerma/eval/constraints.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto tmpl = kerma::eval::parseConstraintTemplate({reinterpret_cast<const char*>(data), size}, "fuzz.json");
    for (int fractions = 1; fractions <= 5; ++fractions) static_cast<void>(kerma::eval::constraintsFor(tmpl, fractions));
  } catch (const kerma::Error&) {
  }
  return 0;
}
