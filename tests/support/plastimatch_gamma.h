#ifndef KERMA_TESTS_SUPPORT_PLASTIMATCH_GAMMA_H
#define KERMA_TESTS_SUPPORT_PLASTIMATCH_GAMMA_H

// plastimatch gamma, the independent reference of Kerma's gamma analysis, run with the criteria
// the tests use: global 2 % / 2 mm, 10 % low-dose threshold, interpolated search.

#include "run_process.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace kerma::testing {

struct PlastimatchGamma {
  ProcessResult run;
  std::string report;                     ///< the --output-text file
  std::optional<double> passRatePercent;  ///< its "pass_rate(%)" line
};

inline PlastimatchGamma plastimatchGamma(const std::string& plastimatch, const std::filesystem::path& reference,
                                         const std::filesystem::path& evaluated, const std::filesystem::path& report) {
  PlastimatchGamma gamma;
  gamma.run = runProcess(plastimatch, {"gamma", "--dose-tolerance", "0.02", "--dta-tolerance", "2",
                                       "--analysis-threshold", "0.1", "--interp-search", "--output-text",
                                       report.string(), reference.string(), evaluated.string()});
  std::stringstream text;
  text << std::ifstream(report).rdbuf();
  gamma.report = text.str();
  const std::string key = "pass_rate(%)";
  if (const auto at = gamma.report.find(key); at != std::string::npos) {
    const char* value = gamma.report.c_str() + at + key.size();
    char* end = nullptr;
    const double percent = std::strtod(value, &end);
    if (end != value) gamma.passRatePercent = percent;
  }
  return gamma;
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_SUPPORT_PLASTIMATCH_GAMMA_H
