#include "kerma/eval/monitor_units.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <functional>

namespace {

using namespace kerma;

/// Arithmetic on floats of order 1.
constexpr double MU_RELATIVE_TOLERANCE = 1e-5;
/// The DVH samples contours on 0.5 mm rows: its D95 and mean of a linear ramp are exact to well
/// below this.
constexpr double DVH_RELATIVE_TOLERANCE = 2e-3;

const core::VolumeGeometry GRID({41, 41, 21}, {-20, -20, -10}, {1, 1, 1});

core::Volume<float> field(const std::function<double(const core::Point3<core::Patient>&)>& gyPerMu) {
  core::Volume<float> v(GRID);
  for (std::int64_t k = 0; k < 21; ++k)
    for (std::int64_t j = 0; j < 41; ++j)
      for (std::int64_t i = 0; i < 41; ++i) v.at({i, j, k}) = static_cast<float>(gyPerMu(GRID.patientPoint({i, j, k})));
  return v;
}

dose::Beam beam(const std::string& name, double weight) {
  dose::Beam b;
  b.name = name;
  b.weight = weight;
  return b;
}

/// A 20 × 20 × 11 mm box: rectangles on the planes z = −5 … 5 mm.
structure::Structure box() {
  structure::Structure s;
  s.name = "PTV";
  for (int z = -5; z <= 5; ++z)
    s.contours.push_back({{{-10, -10, double(z)}, {10, -10, double(z)}, {10, 10, double(z)}, {-10, 10, double(z)}}});
  return s;
}

TEST(MonitorUnits, WeightsShareTheIsocentreDoseAndTheSumMeetsThePrescription) {
  // Uniform beams of 0.01 and 0.005 Gy/MU, equal weights: 1 Gy each per fraction before scaling,
  // so 100 and 200 MU give 2 Gy a fraction; 20 Gy in 5 asks for 4 Gy a fraction: 200 and 400 MU.
  const std::vector<core::Volume<float>> doses{field([](auto&) { return 0.01; }), field([](auto&) { return 0.005; })};
  eval::Prescription rx = eval::parsePrescription("20Gy/5");
  rx.normalisation = eval::Normalisation::Isocentre;
  const auto plan = eval::normaliseToPrescription(doses, {beam("A", 1), beam("B", 1)}, rx, nullptr);
  EXPECT_NEAR(plan.muPerFraction[0], 200, 200 * MU_RELATIVE_TOLERANCE);
  EXPECT_NEAR(plan.muPerFraction[1], 400, 400 * MU_RELATIVE_TOLERANCE);
  EXPECT_NEAR(plan.doseGy.at({3, 5, 7}), 20, 20 * MU_RELATIVE_TOLERANCE);
  EXPECT_NEAR(plan.normalisationDoseGy, 20, 20 * MU_RELATIVE_TOLERANCE);

  // Weight 3 : 1: the first beam gives three quarters of the isocentre dose.
  const auto weighted = eval::normaliseToPrescription(doses, {beam("A", 3), beam("B", 1)}, rx, nullptr);
  EXPECT_NEAR(weighted.muPerFraction[0] * 0.01, 3.0, 3 * MU_RELATIVE_TOLERANCE);
  EXPECT_NEAR(weighted.muPerFraction[1] * 0.005, 1.0, MU_RELATIVE_TOLERANCE);
}

TEST(MonitorUnits, TargetMeanAndD95OfALinearRamp) {
  // d = 1 + 0.01 x Gy/MU; the box spans x = −10 … 10 mm: mean 1, D95 at x = −10 + 0.05 · 20 = −9.
  const std::vector<core::Volume<float>> doses{field([](const auto& p) { return 1 + 0.01 * p.x; })};
  const structure::Structure ptv = box();
  eval::Prescription rx = eval::parsePrescription("2Gy/1");
  rx.normalisation = eval::Normalisation::TargetMean;
  EXPECT_NEAR(eval::normaliseToPrescription(doses, {beam("A", 1)}, rx, &ptv).muPerFraction[0], 2,
              2 * DVH_RELATIVE_TOLERANCE);
  rx.normalisation = eval::Normalisation::TargetD95;
  const auto plan = eval::normaliseToPrescription(doses, {beam("A", 1)}, rx, &ptv);
  EXPECT_NEAR(plan.muPerFraction[0], 2 / 0.91, 2 / 0.91 * DVH_RELATIVE_TOLERANCE);
  EXPECT_NEAR(plan.normalisationDoseGy, 2, 2 * DVH_RELATIVE_TOLERANCE);
}

TEST(MonitorUnits, PointNormalisation) {
  const std::vector<core::Volume<float>> doses{field([](const auto& p) { return 1 + 0.01 * p.x; })};
  eval::Prescription rx = eval::parsePrescription("3Gy/1");
  rx.normalisation = eval::Normalisation::Point;
  rx.pointMm = core::Point3<core::Patient>{10, 0, 0};
  EXPECT_NEAR(eval::normaliseToPrescription(doses, {beam("A", 1)}, rx, nullptr).muPerFraction[0], 3 / 1.1,
              3 / 1.1 * MU_RELATIVE_TOLERANCE);
}

TEST(MonitorUnits, RejectsZeroWeightNoIsocentreDoseAndMissingTarget) {
  const std::vector<core::Volume<float>> doses{field([](auto&) { return 0.01; })};
  eval::Prescription rx = eval::parsePrescription("2Gy/1");
  rx.normalisation = eval::Normalisation::Isocentre;
  EXPECT_THROW(eval::normaliseToPrescription(doses, {beam("A", 0)}, rx, nullptr), Error);
  dose::Beam outside = beam("A", 1);
  outside.isocenterMm = {100, 0, 0};
  try {
    eval::normaliseToPrescription(doses, {outside}, rx, nullptr);
    ADD_FAILURE() << "isocentre outside the dose accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("beam A gives no dose at its isocentre"), std::string::npos) << e.what();
  }
  rx.normalisation = eval::Normalisation::TargetD95;
  EXPECT_THROW(eval::normaliseToPrescription(doses, {beam("A", 1)}, rx, nullptr), Error);
}

}  // namespace
