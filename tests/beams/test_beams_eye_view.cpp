#include "kerma/beams/beams_eye_view.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace kerma::beams {
namespace {

/// Outline error allowed, mm: the union is rasterised at BEV_RASTER_SPACING_MM.
constexpr double OUTLINE_TOLERANCE_MM = BEV_RASTER_SPACING_MM;
constexpr double SAD_MM = 1000;

/// A cylinder of radius radiusMm along patient z, centred at the origin, on 2 mm slices from
/// z = -20 to +20 mm (so its slabs span -21..21 mm).
structure::Structure cylinder(double radiusMm) {
  structure::Structure s;
  s.name = "Cylinder";
  s.mask = structure::Mask(core::VolumeGeometry({101, 101, 21}, {-50, -50, -20}, {1, 1, 2}));
  for (int k = 0; k < 21; ++k) {
    structure::PlanarContour c;
    for (int n = 0; n < 720; ++n) {
      const double a = 2 * std::numbers::pi * n / 720;
      c.pointsMm.push_back({radiusMm * std::cos(a), radiusMm * std::sin(a), -20.0 + 2 * k});
    }
    s.contours.push_back(c);
  }
  return s;
}

TEST(BeamsEyeView, PointProjectionMagnifiesBySadOverDistance) {
  dose::Beam beam;  // HFS gantry 0: Xb = patient left, Yb = head, source anterior
  const auto bldFromPatient = beam.patientFromBeamLimitingDevice().inverse();
  const auto p = projectToIsocenterPlane(bldFromPatient, SAD_MM, {10, -500, 20});  // 500 mm from source
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->x, 20, 1e-9);
  EXPECT_NEAR(p->y, 40, 1e-9);
  EXPECT_FALSE(projectToIsocenterPlane(bldFromPatient, SAD_MM, {0, -1000, 0}));
}

TEST(BeamsEyeView, CylinderSeenAlongItsAxisIsTheCircleOfItsNearestFace) {
  dose::Beam beam;
  beam.gantryAngleDeg = 90;
  beam.couchAngleDeg = 90;  // HFS: the source is at the patient's feet, the beam runs along +z
  const auto outline = projectStructure(cylinder(30), beam, SAD_MM);
  ASSERT_EQ(outline.size(), 1u);
  const double expectedRadius = 30 * SAD_MM / (SAD_MM - 21);
  double rMin = 1e9, rMax = 0;
  for (const auto& p : outline.front()) {
    rMin = std::min(rMin, std::hypot(p.x, p.y));
    rMax = std::max(rMax, std::hypot(p.x, p.y));
  }
  EXPECT_NEAR(rMin, expectedRadius, OUTLINE_TOLERANCE_MM);
  EXPECT_NEAR(rMax, expectedRadius, OUTLINE_TOLERANCE_MM);
}

TEST(BeamsEyeView, CylinderSeenFromTheFrontIsItsDivergentSilhouette) {
  dose::Beam beam;  // gantry 0
  const auto outline = projectStructure(cylinder(30), beam, SAD_MM);
  ASSERT_EQ(outline.size(), 1u);
  double xMax = -1e9, xMin = 1e9, yMax = -1e9, yMin = 1e9;
  for (const auto& p : outline.front()) {
    xMax = std::max(xMax, p.x);
    xMin = std::min(xMin, p.x);
    yMax = std::max(yMax, p.y);
    yMin = std::min(yMin, p.y);
  }
  // Tangents from the source to the circle, and the slab ends at the circle's nearest point.
  const double halfWidth = 30 * SAD_MM / std::sqrt(SAD_MM * SAD_MM - 30 * 30);
  const double halfLength = 21 * SAD_MM / (SAD_MM - 30);
  EXPECT_NEAR(xMax, halfWidth, OUTLINE_TOLERANCE_MM);
  EXPECT_NEAR(xMin, -halfWidth, OUTLINE_TOLERANCE_MM);
  EXPECT_NEAR(yMax, halfLength, OUTLINE_TOLERANCE_MM);
  EXPECT_NEAR(yMin, -halfLength, OUTLINE_TOLERANCE_MM);
}

TEST(BeamsEyeView, StructureAboveTheSourceIsRefused) {
  dose::Beam beam;
  beam.isocenterMm = {0, 990, 0};  // the source at y = -10 lies inside the cylinder's reach
  EXPECT_THROW(projectStructure(cylinder(30), beam, SAD_MM), Error);
}

TEST(BeamsEyeView, InsideFieldIsJawsIntersectedWithTheLeafPairAtThePoint) {
  dose::Beam beam;
  beam.jawsMm = {-30, 40, -20, 20};
  const std::vector<double> boundariesMm{-20, -10, 0, 10, 20};
  EXPECT_TRUE(insideField(beam, boundariesMm, {39, 19}));
  EXPECT_FALSE(insideField(beam, boundariesMm, {41, 0}));
  beam.leaves = dose::MlcLeaves{{-10, -30, -5, 0}, {10, 40, 5, 30}};
  EXPECT_FALSE(insideField(beam, boundariesMm, {-25, -15}));  // pair 0 stops at -10
  EXPECT_TRUE(insideField(beam, boundariesMm, {-25, -5}));    // pair 1 open from -30
  EXPECT_TRUE(insideField(beam, boundariesMm, {5, 5}));       // pair 2 edge at 5 counts
  EXPECT_FALSE(insideField(beam, boundariesMm, {-1, 15}));    // pair 3 opens at 0
  EXPECT_TRUE(insideField(beam, boundariesMm, {20, 20}));     // last boundary: last pair
  beam.jawsMm.y2 = 30;
  EXPECT_FALSE(insideField(beam, boundariesMm, {0, 25}));     // beyond the MLC: closed
}

}  // namespace
}  // namespace kerma::beams
