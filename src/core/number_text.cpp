#include "kerma/core/number_text.h"

#include <cstdio>
#include <string>

namespace kerma::core {

std::string fixedText(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  // A value that rounds to zero is written without a sign: "-0.00" reads as a direction.
  const std::string written = text;
  return written.front() == '-' && written.find_first_not_of("-0.") == std::string::npos ? written.substr(1) : written;
}

std::string shortestText(double value, int significantDigits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", significantDigits, value == 0 ? 0.0 : value);  // -0 == 0
  return text;
}

}  // namespace kerma::core
