#pragma once
// Numbers as people read them in messages, labels and reports: the one way Kerma writes a number
// as text (DICOM's decimal strings included), so that "20 Gy" reads the same in every module.

#include <string>

namespace kerma::core {

/// value with exactly decimals digits after the point: fixedText(20, 1) = "20.0"; a value that
/// rounds to zero has no sign: fixedText(-0.001, 2) = "0.00".
std::string fixedText(double value, int decimals);

/// The shortest text of value to significantDigits significant digits, without trailing zeros
/// ("%g"): 20 → "20", 16.8 → "16.8", 0.000012 → "1.2e-05". Never "-0".
std::string shortestText(double value, int significantDigits = 6);

}  // namespace kerma::core
