#include "kerma/beams/mlc_conformation.h"

#include "kerma/core/error.h"
#include "kerma/beams/machine_limits.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <optional>

namespace kerma::beams {
namespace {

/// Allowed error of a leaf tip against the exact geometry, mm: the rows on which the target is
/// tabulated are 0.01 mm apart and the circle polygon deviates by < 0.001 mm.
constexpr double LEAF_TIP_TOLERANCE_MM = 0.1;

dose::Machine millennium120() {
  dose::Machine m;
  m.sadMm = 1000;
  m.jawLimitsMm = {{-200, 20}, {-20, 200}, {-200, 20}, {-20, 200}};
  for (int n = 0; n <= 60; ++n) {
    const double y = n <= 10 ? -200 + 10 * n : n <= 50 ? -100 + 5 * (n - 10) : 100 + 10 * (n - 50);
    m.mlc.leafBoundariesMm.push_back(y);
  }
  m.mlc.leafTravelMm = {-200, 200};
  m.mlc.maxTipSpreadMm = 150;
  m.mlc.minimumGapMm = 0.5;
  return m;
}

BevPolygon circle(double cx, double cy, double radiusMm, int vertices = 3600) {
  BevPolygon polygon;
  for (int n = 0; n < vertices; ++n) {
    const double a = 2 * std::numbers::pi * n / vertices;
    polygon.push_back({cx + radiusMm * std::cos(a), cy + radiusMm * std::sin(a)});
  }
  return polygon;
}

/// Exact half-width of the opening of a pair over a circle of radius r centred at height cy.
std::optional<double> circleHalfWidth(LeafMode mode, double yLo, double yHi, double cy, double r) {
  double d = 0;
  switch (mode) {
    case LeafMode::Outside:
      d = (cy >= yLo && cy <= yHi) ? 0 : std::min(std::abs(yLo - cy), std::abs(yHi - cy));
      break;
    case LeafMode::Middle:
      d = std::abs(0.5 * (yLo + yHi) - cy);
      break;
    case LeafMode::Inside:
      d = std::max(std::abs(yLo - cy), std::abs(yHi - cy));
      break;
  }
  if (d >= r) return std::nullopt;
  return std::sqrt(r * r - d * d);
}

class CircleConformation : public ::testing::TestWithParam<LeafMode> {};

TEST_P(CircleConformation, EveryLeafTipMatchesTheChordOfTheGrownCircle) {
  const dose::Machine machine = millennium120();
  const double cx = 12.3, cy = -4.1, radiusMm = 31.7, marginMm = 7;
  ConformationOptions options;
  options.leafMode = GetParam();
  const ConformedField field = conformMlc({circle(cx, cy, radiusMm)}, machine, options);
  const double grown = radiusMm + marginMm;  // a disc margin grows a circle into a circle
  double maxErrorMm = 0;
  int open = 0;
  for (int n = 0; n < machine.mlc.pairCount(); ++n) {
    const auto halfWidth = circleHalfWidth(GetParam(), machine.mlc.leafBoundariesMm[n],
                                           machine.mlc.leafBoundariesMm[n + 1], cy, grown);
    const double x1 = field.leaves.x1Mm[n], x2 = field.leaves.x2Mm[n];
    if (!halfWidth) {
      EXPECT_NEAR(x2 - x1, machine.mlc.minimumGapMm, 1e-9) << "pair " << n;
      EXPECT_NEAR(x2, field.jawsMm.x1, 1e-9) << "closed under the X1 jaw, pair " << n;
      continue;
    }
    ++open;
    maxErrorMm = std::max({maxErrorMm, std::abs(x1 - (cx - *halfWidth)), std::abs(x2 - (cx + *halfWidth))});
    EXPECT_NEAR(x1, cx - *halfWidth, LEAF_TIP_TOLERANCE_MM) << "pair " << n;
    EXPECT_NEAR(x2, cx + *halfWidth, LEAF_TIP_TOLERANCE_MM) << "pair " << n;
  }
  EXPECT_GT(open, 10);
  RecordProperty("maxLeafTipErrorMm", std::to_string(maxErrorMm));
  std::printf("leaf mode %d: %d open pairs, largest leaf-tip error %.4f mm\n", int(GetParam()), open, maxErrorMm);
  // Jaws at the opening (jaw margin 0), trimmed in Y to the grown circle.
  EXPECT_NEAR(field.jawsMm.x1, cx - grown, GetParam() == LeafMode::Outside ? LEAF_TIP_TOLERANCE_MM : 3.0);
  if (GetParam() == LeafMode::Outside) {
    EXPECT_NEAR(field.jawsMm.y1, cy - grown, LEAF_TIP_TOLERANCE_MM);
    EXPECT_NEAR(field.jawsMm.y2, cy + grown, LEAF_TIP_TOLERANCE_MM);
  }
}

INSTANTIATE_TEST_SUITE_P(LeafModes, CircleConformation,
                         ::testing::Values(LeafMode::Outside, LeafMode::Inside, LeafMode::Middle));

// A C-shape: an annulus of radii 20 and 40 mm centred at the origin with the sector |angle| <
// 45° (the opening towards +X) removed, no margin. Exact extents per pair are computed from the
// shape's definition by dense sampling of the band at 0.001 mm.
TEST(MlcConformation, CShapeLeafTipsMatchTheExactGeometry) {
  const double inner = 20, outer = 40;
  BevPolygon shape;
  const int steps = 2000;
  const double a0 = std::numbers::pi / 4, a1 = 2 * std::numbers::pi - std::numbers::pi / 4;
  for (int n = 0; n <= steps; ++n) {
    const double a = a0 + (a1 - a0) * n / steps;
    shape.push_back({outer * std::cos(a), outer * std::sin(a)});
  }
  for (int n = steps; n >= 0; --n) {
    const double a = a0 + (a1 - a0) * n / steps;
    shape.push_back({inner * std::cos(a), inner * std::sin(a)});
  }
  // Leftmost and rightmost point of the C at height y.
  auto extent = [&](double y) -> std::optional<std::pair<double, double>> {
    if (std::abs(y) > outer) return std::nullopt;
    const double left = -std::sqrt(outer * outer - y * y);
    // Right edge: the outer arc where it is outside the removed sector (|y| >= outer sin 45°),
    // otherwise the cut line y = ±x, or the inner arc's left part when |y| < inner sin 45°.
    double right;
    if (std::abs(y) >= outer * std::sin(a0)) right = std::sqrt(outer * outer - y * y);
    else if (std::abs(y) >= inner * std::sin(a0)) right = std::abs(y);
    else right = -std::sqrt(inner * inner - y * y);
    return std::pair{left, right};
  };
  const dose::Machine machine = millennium120();
  for (const LeafMode mode : {LeafMode::Outside, LeafMode::Inside, LeafMode::Middle}) {
    ConformationOptions options;
    options.leafMode = mode;
    options.marginsMm = {0, 0, 0, 0};
    const ConformedField field = conformMlc({shape}, machine, options);
    double maxErrorMm = 0;
    for (int n = 0; n < machine.mlc.pairCount(); ++n) {
      const double yLo = machine.mlc.leafBoundariesMm[n], yHi = machine.mlc.leafBoundariesMm[n + 1];
      std::optional<std::pair<double, double>> expected;
      if (mode == LeafMode::Middle) {
        expected = extent(0.5 * (yLo + yHi));
      } else {
        double left = mode == LeafMode::Outside ? 1e9 : -1e9, right = -left;
        bool all = true, any = false;
        for (double y = yLo; y <= yHi + 1e-9; y += 0.001) {
          const auto e = extent(std::min(y, yHi));
          if (!e) { all = false; continue; }
          any = true;
          left = mode == LeafMode::Outside ? std::min(left, e->first) : std::max(left, e->first);
          right = mode == LeafMode::Outside ? std::max(right, e->second) : std::min(right, e->second);
        }
        if (mode == LeafMode::Outside ? any : (all && left < right)) expected = std::pair{left, right};
      }
      const double x1 = field.leaves.x1Mm[n], x2 = field.leaves.x2Mm[n];
      // A pair whose band just touches the C's top or bottom (an opening narrower than the
      // tolerance) may be found open or closed.
      if (expected && expected->second - expected->first < LEAF_TIP_TOLERANCE_MM) continue;
      if (!expected) {
        EXPECT_NEAR(x2 - x1, machine.mlc.minimumGapMm, 1e-9) << "closed pair " << n;
        continue;
      }
      maxErrorMm = std::max({maxErrorMm, std::abs(x1 - expected->first), std::abs(x2 - expected->second)});
      EXPECT_NEAR(x1, expected->first, LEAF_TIP_TOLERANCE_MM) << "mode " << int(mode) << " pair " << n;
      EXPECT_NEAR(x2, expected->second, LEAF_TIP_TOLERANCE_MM) << "mode " << int(mode) << " pair " << n;
    }
    std::printf("C-shape, leaf mode %d: largest leaf-tip error %.4f mm\n", int(mode), maxErrorMm);
  }
}

TEST(MlcConformation, PerSideMarginsGrowEachSideSeparately) {
  const dose::Machine machine = millennium120();
  ConformationOptions options;
  options.marginsMm = {2, 10, 4, 8};  // X1, X2, Y1, Y2
  const BevPolygon square = {{-20, -20}, {20, -20}, {20, 20}, {-20, 20}};
  const ConformedField field = conformMlc({square}, machine, options);
  const int centrePair = 30;  // spans 0..5 mm
  EXPECT_NEAR(field.leaves.x1Mm[centrePair], -22, LEAF_TIP_TOLERANCE_MM);
  EXPECT_NEAR(field.leaves.x2Mm[centrePair], 30, LEAF_TIP_TOLERANCE_MM);
  EXPECT_NEAR(field.jawsMm.y1, -24, LEAF_TIP_TOLERANCE_MM);
  EXPECT_NEAR(field.jawsMm.y2, 28, LEAF_TIP_TOLERANCE_MM);
  // Pair 35 spans 25..30 mm: within the Y2 margin, the ellipse reaches 5 mm above the square's
  // edge with sqrt(1 - (5/8)^2) of the X margins.
  const double reach = std::sqrt(1 - 25.0 / 64);
  EXPECT_NEAR(field.leaves.x1Mm[35], -20 - 2 * reach, LEAF_TIP_TOLERANCE_MM);
  EXPECT_NEAR(field.leaves.x2Mm[35], 20 + 10 * reach, LEAF_TIP_TOLERANCE_MM);
}

BevPolygon rectangle(double x1, double x2, double y1, double y2) { return {{x1, y1}, {x2, y1}, {x2, y2}, {x1, y2}}; }

// A field 160 mm wide: closing unused pairs under the X1 jaw (-80) would put the X2 bank's tips
// 160 mm apart; they close where both banks stay within the 150 mm spread: X2 tip at
// max(X2 tips) - 150 = -70, X1 tip at -70.5.
TEST(MlcConformation, UnusedPairsCloseWithinTheMaximumTipSpread) {
  const dose::Machine machine = millennium120();
  ConformationOptions options;
  options.marginsMm = {0, 0, 0, 0};
  const ConformedField field = conformMlc({rectangle(-80, 80, -19, 19)}, machine, options);
  for (int n = 0; n < machine.mlc.pairCount(); ++n) {
    const bool open = n >= 26 && n < 34;  // pairs over Yb -20..20 mm
    EXPECT_DOUBLE_EQ(field.leaves.x1Mm[n], open ? -80 : -70.5) << "pair " << n;
    EXPECT_DOUBLE_EQ(field.leaves.x2Mm[n], open ? 80 : -70) << "pair " << n;
  }
  EXPECT_EQ(field.jawsMm, (dose::JawsMm{-80, 80, -19, 19}));
  EXPECT_TRUE(checkFieldLimits(field.jawsMm, &field.leaves, machine).empty());
  // A narrow field still closes its unused pairs under the X1 jaw.
  const ConformedField narrow = conformMlc({rectangle(-30, 40, -19, 19)}, machine, options);
  EXPECT_DOUBLE_EQ(narrow.leaves.x2Mm[0], -30);
  EXPECT_DOUBLE_EQ(narrow.leaves.x1Mm[0], -30.5);
}

// Two pieces 160 mm apart in X on neighbouring pair rows: the open X1 tips alone (-100 and 60)
// span 160 mm, which no placement of the other leaves can mend.
TEST(MlcConformation, ATargetWiderThanTheTipSpreadIsRefusedNamingBankPairsAndLimit) {
  const dose::Machine machine = millennium120();
  ConformationOptions options;
  options.marginsMm = {0, 0, 0, 0};
  try {
    conformMlc({rectangle(-100, -60, -20, -1), rectangle(60, 100, 1, 20)}, machine, options);
    ADD_FAILURE() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("bank X1: tips span 160.0 mm, from -100.0 mm (pair 26) to 60.0 mm (pair 35); "
                                         "expected at most the maximum tip spread 150.0 mm"),
              std::string::npos)
        << e.what();
  }
}

// Pair 31 (Yb 0..5) opens over 25..60 mm, pair 32 (Yb 5..10) over -20..20 mm. Where the MLC
// interdigitates that is the field; where it does not, both tips move apart by half of the
// 5.5 mm shortfall (X1 of pair 31 to 22.25, X2 of pair 32 to 22.75), and the closed runs keep
// the minimum gap to their open neighbour: at its X1 tip plus the gap.
TEST(MlcConformation, WithoutInterdigitationNeighboursWidenAndClosedPairsSitInTheOpening) {
  dose::Machine machine = millennium120();
  ConformationOptions options;
  options.marginsMm = {0, 0, 0, 0};
  const std::vector<BevPolygon> steps = {rectangle(25, 60, 0.5, 4.5), rectangle(-20, 20, 5.5, 9.5)};
  const ConformedField free = conformMlc(steps, machine, options);
  EXPECT_DOUBLE_EQ(free.leaves.x1Mm[30], 25);
  EXPECT_DOUBLE_EQ(free.leaves.x2Mm[31], 20);
  EXPECT_DOUBLE_EQ(free.leaves.x2Mm[0], -20);  // under the X1 jaw

  machine.mlc.interdigitationAllowed = false;
  const ConformedField rigid = conformMlc(steps, machine, options);
  EXPECT_DOUBLE_EQ(rigid.leaves.x1Mm[30], 22.25);
  EXPECT_DOUBLE_EQ(rigid.leaves.x2Mm[30], 60);
  EXPECT_DOUBLE_EQ(rigid.leaves.x1Mm[31], -20);
  EXPECT_DOUBLE_EQ(rigid.leaves.x2Mm[31], 22.75);
  for (int n = 0; n < 30; ++n) {
    EXPECT_DOUBLE_EQ(rigid.leaves.x1Mm[n], 22.25) << "pair " << n;
    EXPECT_DOUBLE_EQ(rigid.leaves.x2Mm[n], 22.75) << "pair " << n;
  }
  for (int n = 32; n < 60; ++n) {
    EXPECT_DOUBLE_EQ(rigid.leaves.x1Mm[n], -20) << "pair " << n;
    EXPECT_DOUBLE_EQ(rigid.leaves.x2Mm[n], -19.5) << "pair " << n;
  }
  EXPECT_EQ(rigid.jawsMm, (dose::JawsMm{-20, 60, 0.5, 9.5}));
  EXPECT_TRUE(checkFieldLimits(rigid.jawsMm, &rigid.leaves, machine).empty());
}

TEST(MlcConformation, NarrowTargetOpensToTheMinimumGapAndBadInputIsRefused) {
  const dose::Machine machine = millennium120();
  ConformationOptions options;
  options.marginsMm = {0, 0, 0, 0};
  const ConformedField field = conformMlc({{{0, 1}, {0.1, 1}, {0.1, 4}, {0, 4}}}, machine, options);
  EXPECT_NEAR(field.leaves.x2Mm[30] - field.leaves.x1Mm[30], 0.5, 1e-9);
  EXPECT_NEAR(0.5 * (field.leaves.x2Mm[30] + field.leaves.x1Mm[30]), 0.05, 1e-6);
  EXPECT_THROW(conformMlc({}, machine, options), Error);
  EXPECT_THROW(conformMlc({circle(0, 0, 250, 360)}, machine, options), Error);  // beyond travel
  EXPECT_THROW(leafModeFromName("centre"), Error);
  EXPECT_EQ(leafModeFromName("middle"), LeafMode::Middle);
}

}  // namespace
}  // namespace kerma::beams
