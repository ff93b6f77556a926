#ifndef KERMA_CLI_EVAL_ARGUMENTS_H
#define KERMA_CLI_EVAL_ARGUMENTS_H

// Parsing of the numbers and lists that the dvh, eqd2, sum, gamma and compare commands take.

#include "arguments.h"

#include "kerma/eval/gamma.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kerma::cli {

/// text read as a finite number; throws kerma::Error (BadInput) naming what when it is not one.
double parseNumber(const std::string& text, const std::string& what);
/// "20,40,45" read as numbers; throws naming what when an item is not a number.
std::vector<double> parseNumberList(const std::string& text, const std::string& what);
/// "Spinal-Cord=2,GTV-1=10" read as (name, number) pairs; throws naming what when malformed.
std::vector<std::pair<std::string, double>> parseNamedNumbers(const std::string& text, const std::string& what);

/// The options GAMMA_OPTIONS name: --dose-pct (0.1 to 20), --dta-mm (0.1 to 20) and
/// --threshold-pct (0 to 99), eval::GammaCriteria's defaults where absent; throws naming an
/// option out of its range.
inline const std::set<std::string> GAMMA_OPTIONS = {"--dose-pct", "--dta-mm", "--threshold-pct"};
eval::GammaCriteria gammaCriteria(const Arguments& arguments);

}  // namespace kerma::cli

#endif  // KERMA_CLI_EVAL_ARGUMENTS_H
