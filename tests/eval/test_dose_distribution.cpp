#include "kerma/eval/dose_distribution.h"

#include "analytic_dose.h"

#include "kerma/core/error.h"
#include "kerma/eval/isodose.h"

#include <cmath>

#include <gtest/gtest.h>

namespace kerma::eval {
namespace {

TEST(DoseDistribution, SamplesTrilinearlyAtPatientPoints) {
  const core::Point3<core::Patient> centre{1, 2, 3};
  const auto dose = testing::linearDose(centre, {5, 5, 5}, {2, 2, 2}, 10, 1.5);
  EXPECT_NEAR(*sampleDoseGy(dose, {1.7, 2.2, 3.9}), 10 + 1.5 * 0.7, 1e-5);
  EXPECT_FALSE(sampleDoseGy(dose, {100, 2, 3}).has_value());
}

// 20 Gy + 0.5 Gy/mm along x over x, y, z in [-20, 20] mm; the 22.25 Gy isodose on a 1 mm grid
// that reaches 10 mm beyond the dose on every side is x in [4.5, 20]: x = 5..20 mm, 41 × 41 in y, z.
TEST(DoseDistribution, AnIsodoseAsAStructureIsTheVoxelsAtOrAboveItsLevel) {
  const auto dose = testing::linearDose({0, 0, 0}, {21, 21, 21}, {2, 2, 2}, 20, 0.5);
  const core::VolumeGeometry ct({61, 61, 61}, {-30, -30, -30}, {1, 1, 1});
  const structure::Mask isodose = isodoseMask(dose, 22.25, ct);
  std::size_t inside = 0;
  for (int k = 0; k < 61; ++k)
    for (int j = 0; j < 61; ++j)
      for (int i = 0; i < 61; ++i) {
        const auto p = ct.patientPoint({i, j, k});
        const bool expected = p.x >= 5 && p.x <= 20 && std::abs(p.y) <= 20 && std::abs(p.z) <= 20;
        ASSERT_EQ(isodose.at({i, j, k}) != 0, expected) << p.x << ", " << p.y << ", " << p.z;
        inside += expected;
      }
  EXPECT_EQ(inside, 16u * 41 * 41);
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
