#include "kerma/app/dose_wash.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kerma::app {
namespace {

/// Marching squares interpolates linearly between voxel centres: exact for a linear dose.
constexpr double ISODOSE_POSITION_TOLERANCE = 1e-4;

/// A dose rising by 1 Gy per mm along x from 0 at x = 0, on a 1 mm grid over x 0 … 40 mm.
eval::DoseDistribution ramp() {
  eval::DoseDistribution d;
  const core::VolumeGeometry g({41, 11, 11}, {0, -5, -5}, {1, 1, 1});
  d.doseGy = core::Volume<float>(g);
  for (std::int64_t k = 0; k < 11; ++k)
    for (std::int64_t j = 0; j < 11; ++j)
      for (std::int64_t i = 0; i < 41; ++i) d.doseGy.at({i, j, k}) = float(i);
  return d;
}

TEST(DoseWash, WashStartsAtItsMinimumAndIsodosesLieWhereTheDoseSaysOnTheCtSlice) {
  // CT of 2 mm pixels over x −10 … 68 mm: the dose covers columns 5 to 25 (x 0 … 40 mm).
  const core::VolumeGeometry ct({40, 6, 3}, {-10, -5, -2}, {2, 2, 2});
  DoseWashStyle style = defaultDoseWashStyle(ramp(), 20);  // wash 6 … 22 Gy
  EXPECT_DOUBLE_EQ(style.minGy, 6);
  EXPECT_DOUBLE_EQ(style.maxGy, 22);
  style.isodosePercent = {100, 50};
  const DoseSlice s = renderDoseSlice(ramp(), ct, {2, 1}, style);
  ASSERT_EQ(s.wash.width, 40);
  EXPECT_EQ(s.wash.at(4, 2), 0u);   // x = −2 mm: outside the dose grid
  EXPECT_EQ(s.wash.at(7, 2), 0u);   // 4 Gy: below the wash
  EXPECT_NE(s.wash.at(8, 2), 0u);   // 6 Gy
  EXPECT_EQ(s.wash.at(30, 2), 0u);  // x = 50 mm: outside the dose grid
  // At the top of the range the wash is red at the style's opacity (premultiplied).
  const std::uint32_t top = s.wash.at(21, 2);  // 22 Gy
  EXPECT_EQ(top >> 24, std::uint32_t(std::lround(255 * style.opacity)));
  EXPECT_EQ((top >> 16) & 0xff, std::uint32_t(std::lround(255 * style.opacity)));
  EXPECT_EQ(top & 0xffff, 0u);
  ASSERT_EQ(s.isodoses.size(), 2u);
  for (const IsodoseLine& line : s.isodoses) {
    ASSERT_FALSE(line.segments.empty()) << line.percent;
    // 20 Gy at x = 20 mm: column 15; 10 Gy at x = 10 mm: column 10.
    const double column = line.percent == 100 ? 15 : 10;
    for (const auto& seg : line.segments) {
      EXPECT_NEAR(seg[0], column, ISODOSE_POSITION_TOLERANCE);
      EXPECT_NEAR(seg[2], column, ISODOSE_POSITION_TOLERANCE);
    }
  }
  style.wash = false;
  style.isodoses = false;
  const DoseSlice off = renderDoseSlice(ramp(), ct, {2, 1}, style);
  EXPECT_TRUE(std::all_of(off.wash.argb.begin(), off.wash.argb.end(), [](std::uint32_t p) { return p == 0; }));
  EXPECT_TRUE(off.isodoses.empty());
}

TEST(DoseWash, ProbeTextInGyAndPercentOfPrescription) {
  const DoseWashStyle style = defaultDoseWashStyle(ramp(), 20);
  EXPECT_EQ(doseProbeText(ramp(), style, {15, 0, 0}), "dose 15.00 Gy (75.0 %)");
  EXPECT_EQ(doseProbeText(ramp(), style, {-15, 0, 0}), "dose –");
  EXPECT_EQ(doseProbeText(ramp(), defaultDoseWashStyle(ramp(), 0), {15, 0, 0}), "dose 15.00 Gy");
}

TEST(DoseWash, IsodoseLevelsTypedInPercentOrGy) {
  EXPECT_EQ(parseIsodoseLevels("107, 100,95 , 18 Gy", 20), (std::vector<double>{107, 100, 95, 90}));
  EXPECT_EQ(parseIsodoseLevels("50", 0), std::vector<double>{50});
  EXPECT_EQ(isodoseLevelsText({107, 100, 95, 90}), "107, 100, 95, 90");
  auto refusal = [](const std::string& text, double prescriptionGy) {
    try {
      parseIsodoseLevels(text, prescriptionGy);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refusal("107, abc", 20).find("'abc'"), std::string::npos);
  EXPECT_NE(refusal("-5", 20).find("'-5'"), std::string::npos);
  EXPECT_NE(refusal("95 %", 20).find("'95 %'"), std::string::npos);
  EXPECT_NE(refusal("18 Gy", 0).find("no prescription"), std::string::npos);
  EXPECT_NE(refusal(" , ", 20).find("no isodose level"), std::string::npos);
}

}  // namespace
}  // namespace kerma::app
