#include "kerma/eval/prescription.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::eval {
namespace {

TEST(Prescription, ParsesTheCommonPalliativeRegimens) {
  struct Case {
    const char* text;
    double totalGy;
    int fractions;
    double perWeek;
  };
  for (const Case& c : {Case{"8Gy x 1", 8, 1, 5}, Case{"20Gy/5", 20, 5, 5}, Case{"21 Gy / 3 weekly", 21, 3, 1},
                        Case{"30Gy/10", 30, 10, 5}, Case{"24 Gy in 6 fractions", 24, 6, 5},
                        Case{"50Gy/25 fx daily", 50, 25, 5}}) {
    const Prescription rx = parsePrescription(c.text);
    EXPECT_EQ(rx.totalDoseGy, c.totalGy) << c.text;
    EXPECT_EQ(rx.fractions, c.fractions) << c.text;
    EXPECT_EQ(rx.fractionsPerWeek, c.perWeek) << c.text;
  }
  EXPECT_EQ(parsePrescription("20Gy/5").dosePerFractionGy(), 4);
  EXPECT_EQ(describe(parsePrescription("21Gy/3 weekly")), "21 Gy / 3 fx weekly");
}

TEST(Prescription, RefusesImpossibleOnesWithTheReason) {
  struct Case {
    const char* text;
    const char* reason;
  };
  for (const Case& c : {Case{"20Gy/0", "0 fractions"}, Case{"-20Gy/5", "positive"}, Case{"40Gy/1", "per fraction"},
                        Case{"20Gy/2.5", "whole number"}, Case{"20/5", "Gy"}, Case{"20Gy/5 nightly", "unexpected"},
                        Case{"500Gy/50", "at most"}, Case{"", "Gy"}}) {
    try {
      parsePrescription(c.text);
      ADD_FAILURE() << c.text << " accepted";
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(c.reason), std::string::npos) << m;
      EXPECT_NE(m.find(std::string("'") + c.text + "'"), std::string::npos) << m;
    }
  }
}

TEST(Prescription, NormalisationScale) {
  const Prescription rx = parsePrescription("20Gy/5");
  EXPECT_DOUBLE_EQ(normalisationScale(rx, 19), 20.0 / 19);
  EXPECT_THROW(normalisationScale(rx, 0), Error);
}

TEST(Prescription, NormalisationNames) {
  EXPECT_EQ(normalisationFromName("isocentre"), Normalisation::Isocentre);
  EXPECT_EQ(normalisationFromName("point"), Normalisation::Point);
  EXPECT_EQ(normalisationFromName("mean"), Normalisation::TargetMean);
  EXPECT_EQ(normalisationFromName("d95"), Normalisation::TargetD95);
  EXPECT_THROW(normalisationFromName("D95%"), Error);
  for (const auto n : {Normalisation::Isocentre, Normalisation::Point, Normalisation::TargetMean, Normalisation::TargetD95})
    EXPECT_EQ(normalisationFromName(normalisationName(n)), n);
}

}  // namespace
}  // namespace kerma::eval
