#include "kerma/app/beam_field.h"

#include "kerma/dose/machine.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kerma::app {
namespace {

const dose::Machine& generic6mv() {
  static const dose::Machine machine = dose::loadMachine(KERMA_MACHINE_DIR);
  return machine;
}

// An AP beam (HFS, gantry 0: source 1000 mm anterior, at y = -1000) about the origin.
dose::Beam apBeam(const dose::JawsMm& jaws) {
  dose::Beam beam;
  beam.name = "AP";
  beam.jawsMm = jaws;
  return beam;
}

TEST(BeamField, AperturesAreJawsIntersectedWithEachOpenPair) {
  dose::Beam beam = apBeam({-20, 20, -10, 10});
  EXPECT_EQ(fieldApertures(beam, generic6mv().mlc), (std::vector<BevRectMm>{{-20, 20, -10, 10}}));
  // Pairs 29..32 (Yb -10..10) open from -5 to 30, pair 31 (0..5) closed at -5: its minimum gap
  // is a real 0.5 mm opening.
  beam.leaves = dose::MlcLeaves{std::vector<double>(60, -5.0), std::vector<double>(60, 30.0)};
  beam.leaves->x2Mm[30] = -4.5;
  EXPECT_EQ(fieldApertures(beam, generic6mv().mlc),
            (std::vector<BevRectMm>{{-5, 20, -10, -5}, {-5, 20, -5, 0}, {-5, -4.5, 0, 5}, {-5, 20, 5, 10}}));
}

TEST(BeamField, LeafAndJawUnderAPoint) {
  dose::Beam beam = apBeam({-20, 20, -10, 10});
  beam.leaves = dose::MlcLeaves{std::vector<double>(60, -5.0), std::vector<double>(60, 30.0)};
  const auto hit = leafAt(beam, generic6mv().mlc, {-4.6, 2.5}, 1);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->pair, 30);
  EXPECT_EQ(hit->bank, beams::LeafBank::X1);
  EXPECT_EQ(leafAt(beam, generic6mv().mlc, {29.5, -150}, 1)->bank, beams::LeafBank::X2);
  EXPECT_EQ(leafAt(beam, generic6mv().mlc, {-4.6, 2.5}, 0.2), std::nullopt);
  EXPECT_EQ(leafAt(beam, generic6mv().mlc, {0, 250}, 5), std::nullopt);  // beyond the MLC
  EXPECT_EQ(jawAt(beam.jawsMm, {0, 10.4}, 0.5), beams::Jaw::Y2);
  EXPECT_EQ(jawAt(beam.jawsMm, {-19, 0}, 2), beams::Jaw::X1);
  EXPECT_EQ(jawAt(beam.jawsMm, {0, 0}, 2), std::nullopt);
}

// The AP field's edges X = ±50 mm at the isocentre diverge from the source at y = -1000: in the
// axial plane through the isocentre the edge at depth y stands at |x| = 50 (1000 + y) / 1000.
TEST(BeamField, FieldEdgesInAnAxialViewLieOnTheDivergentJawPlanes) {
  const dose::Beam beam = apBeam({-50, 50, -50, 50});
  const SliceViewport axial(ViewOrientation::Axial, 400, 400, {0, 0, 0}, 1.0);
  const BeamInView shown = beamInView(beam, generic6mv(), axial, 1.5);
  ASSERT_GT(shown.fieldEdges.size(), 100u);
  double worstMm = 0;
  for (const ViewSegment& segment : shown.fieldEdges)
    for (const ViewPixel& pixel : {segment.a, segment.b}) {
      const auto p = axial.patientFromPixel(pixel);
      worstMm = std::max(worstMm, std::abs(std::abs(p.x) - 50 * (1000 + p.y) / 1000));
    }
  EXPECT_LT(worstMm, 0.05);
  ASSERT_TRUE(shown.centralAxis);
  EXPECT_NEAR(axial.patientFromPixel(shown.centralAxis->a).x, 0, 1e-9);
  EXPECT_NEAR(axial.patientFromPixel(shown.centralAxis->a).y, -1000, 1e-9);
  EXPECT_FALSE(shown.axisCrossing);

  // A coronal plane 20 mm posterior of the isocentre: the axis crosses it at the centre, and the
  // field's cut is the square of side 100 x 1020 / 1000 mm.
  const SliceViewport coronal(ViewOrientation::Coronal, 400, 400, {0, 20, 0}, 1.0);
  const BeamInView cut = beamInView(beam, generic6mv(), coronal, 1.5);
  ASSERT_TRUE(cut.axisCrossing);
  const auto crossing = coronal.patientFromPixel(*cut.axisCrossing);
  EXPECT_NEAR(crossing.x, 0, 1e-9);
  EXPECT_NEAR(crossing.z, 0, 1e-9);
  // Away from the corners, where the sampled minimum of two edges is cut off within a cell.
  int checked = 0;
  for (const ViewSegment& segment : cut.fieldEdges) {
    const auto p = coronal.patientFromPixel(segment.a);
    if (std::min(std::abs(p.x), std::abs(p.z)) > 45) continue;
    EXPECT_NEAR(std::max(std::abs(p.x), std::abs(p.z)), 51, 0.05);
    ++checked;
  }
  EXPECT_GT(checked, 80);
}

}  // namespace
}  // namespace kerma::app
