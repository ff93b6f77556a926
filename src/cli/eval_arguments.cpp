#include "eval_arguments.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <cmath>
#include <cstdlib>

namespace kerma::cli {

double parseNumber(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    throw Error(ErrorCode::BadInput, what + " is '" + text + "'; expected a number");
  return v;
}

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    items.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return items;
    start = end + 1;
  }
}

}  // namespace

std::vector<double> parseNumberList(const std::string& text, const std::string& what) {
  std::vector<double> numbers;
  for (const auto& item : split(text, ',')) numbers.push_back(parseNumber(item, what + " item"));
  return numbers;
}

std::vector<std::pair<std::string, double>> parseNamedNumbers(const std::string& text, const std::string& what) {
  std::vector<std::pair<std::string, double>> pairs;
  for (const auto& item : split(text, ',')) {
    const std::size_t eq = item.rfind('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(ErrorCode::BadInput, what + " item '" + item + "'; expected NAME=NUMBER");
    pairs.emplace_back(item.substr(0, eq), parseNumber(item.substr(eq + 1), what + " value of " + item.substr(0, eq)));
  }
  return pairs;
}

eval::GammaCriteria gammaCriteria(const Arguments& arguments) {
  eval::GammaCriteria criteria;
  auto option = [&](const std::string& name, double& target, double low, double high) {
    const auto text = arguments.value(name);
    if (!text) return;
    target = parseNumber(*text, name);
    if (!(target >= low && target <= high))
      throw Error(ErrorCode::BadInput, name + " is " + core::shortestText(target) + "; expected " + core::shortestText(low) +
                                           " to " + core::shortestText(high));
  };
  option("--dose-pct", criteria.dosePercent, 0.1, 20);
  option("--dta-mm", criteria.dtaMm, 0.1, 20);
  option("--threshold-pct", criteria.thresholdPercent, 0, 99);
  return criteria;
}

}  // namespace kerma::cli
