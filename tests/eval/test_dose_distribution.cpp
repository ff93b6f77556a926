#include "kerma/eval/dose_distribution.h"

#include "analytic_dose.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::eval {
namespace {

TEST(DoseDistribution, SamplesTrilinearlyAtPatientPoints) {
  const core::Point3<core::Patient> centre{1, 2, 3};
  const auto dose = testing::linearDose(centre, {5, 5, 5}, {2, 2, 2}, 10, 1.5);
  EXPECT_NEAR(*sampleDoseGy(dose, {1.7, 2.2, 3.9}), 10 + 1.5 * 0.7, 1e-5);
  EXPECT_FALSE(sampleDoseGy(dose, {100, 2, 3}).has_value());
}

TEST(DoseDistribution, DicomTerms) {
  EXPECT_EQ(dicomTerm(DoseUnits::Gy), "GY");
  EXPECT_EQ(dicomTerm(DoseUnits::Relative), "RELATIVE");
  EXPECT_EQ(dicomTerm(DoseType::Physical), "PHYSICAL");
  EXPECT_EQ(dicomTerm(DoseType::Effective), "EFFECTIVE");
}

TEST(DoseDistribution, DifferentFramesOfReferenceAreRefusedNamingBothUids) {
  EXPECT_NO_THROW(requireSameFrameOfReference("1.2.3", "a.dcm", "1.2.3", "b.dcm"));
  try {
    requireSameFrameOfReference("1.2.3", "RD.dcm", "1.2.4", "RS.dcm");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string m = e.what();
    for (const char* part : {"RD.dcm", "RS.dcm", "1.2.3", "1.2.4", "Frame of Reference"})
      EXPECT_NE(m.find(part), std::string::npos) << m;
  }
  EXPECT_THROW(requireSameFrameOfReference("", "a", "", "b"), Error);
}

}  // namespace
}  // namespace kerma::eval
