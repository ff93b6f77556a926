#include "kerma/core/number_text.h"

#include <cstdio>

namespace kerma::core {

std::string fixedText(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string shortestText(double value, int significantDigits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", significantDigits, value == 0 ? 0.0 : value);  // -0 == 0
  return text;
}

}  // namespace kerma::core
