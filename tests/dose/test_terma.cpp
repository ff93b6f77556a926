#include "kerma/dose/terma.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

constexpr double RELATIVE_TOLERANCE = 1e-6;

/// A single-energy model, so that TERMA follows Beer–Lambert exactly.
kerma::dose::BeamModel monoenergetic() {
  kerma::dose::BeamModel m;
  m.spectrum = {{1.0, 1.0 + 1e-9, 1.0}};
  m.attenuation = {{0.5, 2.0}, {0.07072, 0.07072}};
  m.offAxisIntensity = {{0.0}, {1.0}};
  return m;
}

TEST(Terma, DepthTableIsBeerLambert) {
  const auto t = kerma::dose::termaDepthTable(monoenergetic(), 500, 0.25);
  EXPECT_NEAR(t.at(0), 0.07072, 1e-9);
  EXPECT_NEAR(t.at(100) / t.at(0), std::exp(-0.07072 * 10), RELATIVE_TOLERANCE);
}

TEST(Terma, PolyenergeticBeamHardens) {
  kerma::dose::BeamModel m = monoenergetic();
  m.spectrum = {{0.5, 1.0, 1.0}, {3.0, 3.5, 1.0}};
  m.attenuation = {{0.5, 1.0, 3.0, 4.0}, {0.09687, 0.07072, 0.03969, 0.03403}};
  const auto t = kerma::dose::termaDepthTable(m, 500, 0.25);
  const double muNear = -std::log(t.at(20) / t.at(0)) / 2, muFar = -std::log(t.at(300) / t.at(280)) / 2;
  EXPECT_LT(muFar, muNear);
}

TEST(Terma, SlabPhantomGivesInverseSquareTimesAttenuation) {
  // Water slab 100 mm thick, 1 mm voxels, beam along +y from 1000 mm.
  const kerma::core::VolumeGeometry g({21, 100, 21}, {-10, 0.5, -10}, {1, 1, 1});
  kerma::core::Volume<float> rho(g, 1.f);
  const auto model = monoenergetic();
  kerma::dose::Aperture a;
  a.jawsMm = {-100, 100, -100, 100};
  const auto fluence = kerma::dose::fluenceMap(a, model, 1000, 1.0, 150);
  const kerma::dose::BeamFrame frame{
      kerma::core::patientFromBeamLimitingDevice(0, 0, 0, kerma::core::PatientPosition::Hfs, {0, 0, 0}), 1000};
  const auto table = kerma::dose::termaDepthTable(model, 500, 0.05);
  const auto t = kerma::dose::computeTerma(rho, frame, fluence, table, 0, 2);
  for (int j : {0, 49, 99}) {
    const double depth = j + 0.5;
    const double expected = std::pow(1000 / (1000 + depth), 2) * 0.07072 * std::exp(-0.07072 * depth / 10);
    EXPECT_NEAR(t.at({10, j, 10}) / expected, 1.0, 1e-4) << "depth " << depth;
  }
}

}  // namespace
