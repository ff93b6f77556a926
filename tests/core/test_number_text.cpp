#include "kerma/core/number_text.h"

#include <gtest/gtest.h>

namespace kerma::core {
namespace {

TEST(NumberText, FixedKeepsExactlyTheDecimalsAsked) {
  EXPECT_EQ(fixedText(20, 1), "20.0");
  EXPECT_EQ(fixedText(18.834, 2), "18.83");
  EXPECT_EQ(fixedText(-3.25, 0), "-3");
  EXPECT_EQ(fixedText(-0.001, 2), "0.00");
  EXPECT_EQ(fixedText(-0.0, 1), "0.0");
  EXPECT_EQ(fixedText(-0.006, 2), "-0.01");
  EXPECT_EQ(fixedText(0.05, 3), "0.050");
}

TEST(NumberText, ShortestDropsTrailingZerosAndNeverWritesMinusZero) {
  EXPECT_EQ(shortestText(20), "20");
  EXPECT_EQ(shortestText(16.8), "16.8");
  EXPECT_EQ(shortestText(2.0 / 3.0), "0.666667");
  EXPECT_EQ(shortestText(2.0 / 3.0, 3), "0.667");
  EXPECT_EQ(shortestText(0.000012), "1.2e-05");
  EXPECT_EQ(shortestText(-0.0), "0");
  // Ten digits always fit a DICOM decimal string's 16 characters.
  EXPECT_EQ(shortestText(-123.456789012345, 10), "-123.456789");
  EXPECT_LE(shortestText(-1.234567890123e-100, 10).size(), 16u);
}

}  // namespace
}  // namespace kerma::core
