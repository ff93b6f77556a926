#include "kerma/dose/patient_dose.h"

#include "kerma/core/error.h"
#include "kerma/dose/ct_density.h"
#include "kerma/dose/water_phantom.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

namespace {

using namespace kerma;

/// The patient path and the water-phantom path share fluence, TERMA and superposition; only the
/// fluence map's extent differs (far outside the field, at transmission level).
constexpr double SAME_ENGINE_TOLERANCE_OF_MAX = 1e-3;
/// Dose under closed leaves (1.5 % transmission, 0.5 % jaws, plus scatter from the open half
/// 25 mm away) relative to the open half.
constexpr double BLOCKED_SIDE_MAX_RATIO = 0.25;
/// A 5 mm dose grid places a 50 % crossing to about a millimetre.
constexpr double FIELD_EDGE_TOLERANCE_MM = 1.5;

struct WaterBox {
  core::CtVolume hu;
  structure::Mask body;
};

/// A water cube as a CT (HU 0) whose grid is the water-phantom set-up's: sizeMm on a side, surface
/// at y = 0, centred on x = z = 0.
WaterBox waterBox(double sizeMm, double gridMm) {
  int lateral = static_cast<int>(std::round(sizeMm / gridMm));
  if (lateral % 2 == 0) ++lateral;
  const int depth = static_cast<int>(std::round(sizeMm / gridMm));
  const double half = 0.5 * (lateral - 1) * gridMm;
  const core::VolumeGeometry g({lateral, depth, lateral}, {-half, 0.5 * gridMm, -half}, {gridMm, gridMm, gridMm});
  return {core::CtVolume(g, 0), structure::Mask(g, 1)};
}

const dose::Machine& machine() {
  static const dose::Machine m = dose::loadMachine(KERMA_MACHINE_DIR);
  return m;
}

const dose::BeamModel& model() {
  static const dose::BeamModel m = dose::loadBeamModel(KERMA_MACHINE_DIR);
  return m;
}

const dose::CtDensityCurve& curve() {
  static const dose::CtDensityCurve c = dose::loadCtDensityCurve(KERMA_CT_DENSITY_CURVE);
  return c;
}

dose::Beam openBeam(double collimatorDeg = 0) {
  dose::Beam b;
  b.name = "AP";
  b.collimatorAngleDeg = collimatorDeg;
  b.isocenterMm = {0, 0, 0};
  b.jawsMm = {-50, 50, -50, 50};
  return b;
}

std::vector<core::Volume<float>> beamDoses(const core::Volume<float>& rho, const std::vector<dose::Beam>& beams,
                                           int threads = 2) {
  dose::BeamDoseOptions options;
  options.threads = threads;
  return dose::beamDosesGyPerMu(rho, beams, machine(), model(), options).value();
}

TEST(PatientDose, WaterBoxPatientReproducesTheWaterPhantom) {
  const WaterBox box = waterBox(150, 2.5);
  const core::VolumeGeometry grid = dose::doseGridForBody(box.body, 2.5, 0);
  ASSERT_TRUE(grid.sameGridAs(box.hu.geometry()));
  const auto rho = dose::densityOnGrid(box.hu, box.body, curve(), grid, 2);
  const auto patient = beamDoses(rho, {openBeam()});

  dose::WaterPhantomSetup setup;
  setup.sizeMm = 150;
  setup.jawTransmission = machine().jawTransmission;
  const auto water = dose::calculateWaterPhantom(setup, model(), machine().sadMm, 2);
  const auto p = patient.front().values(), w = water.doseGyPerMu.values();
  ASSERT_EQ(p.size(), w.size());
  double largest = 0;
  for (std::size_t v = 0; v < p.size(); ++v) largest = std::max(largest, double(std::abs(p[v] - w[v])));
  EXPECT_LT(largest, SAME_ENGINE_TOLERANCE_OF_MAX * water.gyPerMuAtDmax);
}

TEST(PatientDose, CalibrationFieldGivesOneCentigrayPerMuAtDmax) {
  // The definition of the calibration (MPPG 5.b test 5.1: 0.5 %), through the patient path:
  // 10 × 10 cm² at SSD 100 cm (isocentre on the surface), largest central-axis voxel near d_max.
  const WaterBox box = waterBox(200, 2.5);
  const auto rho = dose::densityOnGrid(box.hu, box.body, curve(), dose::doseGridForBody(box.body, 2.5, 0), 2);
  const auto d = beamDoses(rho, {openBeam()}).front();
  const auto& size = d.geometry().size();
  double maxOnAxis = 0;
  for (std::int64_t j = 0; j < size[1]; ++j) maxOnAxis = std::max(maxOnAxis, double(d.at({size[0] / 2, j, size[2] / 2})));
  EXPECT_NEAR(maxOnAxis, 0.01, 0.005 * 0.01);
}

TEST(PatientDose, LeavesShapeTheFieldOnTheSideTheBeamFrameSays) {
  // Only the leaf pairs on +Yb open. At gantry 0, head first supine, +Yb points to the head (+z
  // LPS) at collimator 0 and to the patient's right (−x LPS) at collimator 90 (IEC 61217).
  const WaterBox box = waterBox(150, 5);
  const auto rho = dose::densityOnGrid(box.hu, box.body, curve(), dose::doseGridForBody(box.body, 5, 0), 2);
  std::vector<dose::Beam> beams;
  for (double collimatorDeg : {0.0, 90.0}) {
    dose::Beam b = openBeam(collimatorDeg);
    dose::MlcLeaves leaves;
    for (int n = 0; n < machine().mlc.pairCount(); ++n) {
      const bool open = machine().mlc.pairCentreMm(n) > 0;
      leaves.x1Mm.push_back(open ? -50 : -60);
      leaves.x2Mm.push_back(open ? 50 : -60 + machine().mlc.minimumGapMm);
    }
    b.leaves = leaves;
    beams.push_back(b);
  }
  const auto d = beamDoses(rho, beams);
  auto at = [](const core::Volume<float>& v, double x, double z) {
    return core::sampleTrilinear(v, core::Point3<core::Patient>{x, 50, z}).value();
  };
  EXPECT_LT(at(d[0], 0, -25), BLOCKED_SIDE_MAX_RATIO * at(d[0], 0, 25));
  EXPECT_LT(at(d[1], 25, 0), BLOCKED_SIDE_MAX_RATIO * at(d[1], -25, 0));
  // The field edge made by the leaves lies on Yb = 0, not a pair (5 mm) away: the 50 % point of the
  // profile across it (relative to the open side) within FIELD_EDGE_TOLERANCE_MM of z = 0.
  const double half = 0.5 * at(d[0], 0, 25);
  double z50 = -25;
  for (double z = -25; z < 25 && at(d[0], 0, z + 0.25) < half; z += 0.25) z50 = z + 0.25;
  EXPECT_NEAR(z50, 0, FIELD_EDGE_TOLERANCE_MM);
}

TEST(PatientDose, SameBitsForAnyThreadCount) {
  const WaterBox box = waterBox(100, 5);
  auto rho = dose::densityOnGrid(box.hu, box.body, curve(), dose::doseGridForBody(box.body, 5, 0), 1);
  for (std::int64_t k = 0; k < 10; ++k) rho.at({10, 8, k}) = 0.3f;  // a heterogeneity
  const auto one = beamDoses(rho, {openBeam(30)}, 1).front();
  const auto two = beamDoses(rho, {openBeam(30)}, 2).front();
  const auto three = beamDoses(rho, {openBeam(30)}, 3).front();
  ASSERT_EQ(one.values().size(), two.values().size());
  EXPECT_EQ(std::memcmp(one.values().data(), two.values().data(), one.values().size_bytes()), 0);
  EXPECT_EQ(std::memcmp(one.values().data(), three.values().data(), one.values().size_bytes()), 0);
}

TEST(PatientDose, DoseGridBoundsBodyPlusMarginWithinTheCt) {
  // CT of 1 × 1 × 3 mm voxels, BODY from voxel 20 to 59 along x, 10 to 49 (the last) along y, 5
  // to 14 along z.
  const core::VolumeGeometry ct({100, 50, 20}, {-50, -25, -30}, {1, 1, 3});
  structure::Mask body(ct, 0);
  for (std::int64_t k = 5; k < 15; ++k)
    for (std::int64_t j = 10; j < 50; ++j)
      for (std::int64_t i = 20; i < 60; ++i) body.at({i, j, k}) = 1;
  const auto g = dose::doseGridForBody(body, 2.5, 5);
  EXPECT_EQ(g.spacingMm()[0], 2.5);
  EXPECT_EQ(g.spacingMm()[2], 2.5);
  // x: BODY faces at −30.5 and 9.5 mm, plus 5 mm: 50 mm, 20 voxels centred on −10.5.
  EXPECT_EQ(g.size()[0], 20);
  EXPECT_NEAR(g.originMm().x, -10.5 - 9.5 * 2.5, 1e-9);
  // z: BODY faces at −16.5 and 13.5 mm plus 5 mm: −21.5 … 18.5 (within the CT's −31.5 … 28.5).
  EXPECT_EQ(g.size()[2], 16);
  // y: margin cut by the CT's last face at 24.5 mm: −20.5 … 24.5, 45 mm, 18 voxels.
  EXPECT_EQ(g.size()[1], 18);
}

TEST(PatientDose, RejectsGridSpacingOutsideOneToFiveMm) {
  const core::VolumeGeometry ct({10, 10, 10}, {0, 0, 0}, {1, 1, 1});
  const structure::Mask body(ct, 1);
  for (double spacing : {0.5, 5.5}) {
    try {
      dose::doseGridForBody(body, spacing);
      ADD_FAILURE() << spacing << " mm accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadInput);
      EXPECT_NE(std::string(e.what()).find("expected 1 mm to 5 mm"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(dose::doseGridForBody(body, 1));
  EXPECT_NO_THROW(dose::doseGridForBody(body, 5));
  EXPECT_THROW(dose::doseGridForBody(structure::Mask(ct, 0)), Error);
}

TEST(PatientDose, CancelReturnsNothing) {
  const WaterBox box = waterBox(100, 5);
  const auto rho = dose::densityOnGrid(box.hu, box.body, curve(), dose::doseGridForBody(box.body, 5, 0), 1);
  dose::BeamDoseOptions options;
  std::vector<std::string> stages;
  options.progress = [&](double, std::string_view stage) {
    stages.emplace_back(stage);
    return stages.size() < 2;
  };
  EXPECT_FALSE(dose::beamDosesGyPerMu(rho, {openBeam(), openBeam()}, machine(), model(), options));
  EXPECT_EQ(stages.back(), "TERMA AP");
}

}  // namespace
