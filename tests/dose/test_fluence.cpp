#include "kerma/dose/fluence.h"

#include <gtest/gtest.h>

namespace {

kerma::dose::BeamModel idealModel() {
  kerma::dose::BeamModel m;
  m.offAxisIntensity = {{0.0}, {1.0}};
  return m;
}

TEST(Fluence, OpenJawFieldIsOneInsideTransmissionOutside) {
  kerma::dose::Aperture a;
  a.jawsMm = {-50, 50, -30, 30};
  a.jawTransmission = 0.01;
  const auto f = kerma::dose::fluenceMap(a, idealModel(), 1000, 1.0, 100);
  EXPECT_DOUBLE_EQ(f.at(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(f.at(70, 0), 0.01);
  EXPECT_NEAR(f.at(70, 50), 1e-4, 1e-12);  // both jaw pairs
  // Box mean across the edge: half open.
  EXPECT_NEAR(f.meanOver(50, 0, 2), 0.5 * (1 + 0.01), 1e-12);
}

TEST(Fluence, LeavesShapeTheFieldWithTransmissionAndTongueAndGroove) {
  kerma::dose::Aperture a;
  a.jawsMm = {-100, 100, -100, 100};
  a.leafBoundariesMm = {-10, 0, 10};
  a.leaves = kerma::dose::MlcLeaves{{-20, 0}, {20, 40}};
  a.leafTransmission = 0.02;
  auto model = idealModel();
  model.tongueAndGrooveWidthMm = 1.0;
  const auto f = kerma::dose::fluenceMap(a, model, 1000, 0.5, 100);
  EXPECT_DOUBLE_EQ(f.at(-10, -5), 1.0);   // pair 0 open
  EXPECT_DOUBLE_EQ(f.at(-10, 5), 0.02);   // pair 1 closed there
  EXPECT_DOUBLE_EQ(f.at(30, 5), 1.0);
  EXPECT_DOUBLE_EQ(f.at(-10, 0.25), 0.02);  // tongue-and-groove band: open only where both are
  EXPECT_DOUBLE_EQ(f.at(10, 0.25), 1.0);
  EXPECT_DOUBLE_EQ(f.at(0, 50), 1.0);  // beyond the leaf bank the jaws alone
}

TEST(Fluence, ExtraFocalSourceIsNormalisedOutAtTheFieldCentre) {
  kerma::dose::Aperture a;
  a.jawsMm = {-20, 20, -20, 20};
  auto model = idealModel();
  model.extraFocalWeight = 0.1;
  model.extraFocalSigmaAtIsoMm = 10;
  const auto f = kerma::dose::fluenceMap(a, model, 1000, 0.5, 150);
  EXPECT_NEAR(f.meanOver(0, 0, 0.25), 1.0, 2e-3);
  EXPECT_GT(f.at(30, 0), 0.0);  // head scatter beyond the jaws
}

TEST(Fluence, EquivalentSquare) {
  EXPECT_DOUBLE_EQ(kerma::dose::equivalentSquareMm({-50, 50, -50, 50}), 100);
  EXPECT_DOUBLE_EQ(kerma::dose::equivalentSquareMm({-100, 100, -25, 25}), 80);
}

}  // namespace
