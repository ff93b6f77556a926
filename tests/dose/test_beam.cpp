#include "kerma/dose/beam.h"

#include <gtest/gtest.h>

namespace kerma::dose {
namespace {

constexpr double TOLERANCE_MM = 1e-9;

TEST(Beam, DefaultsAreAnOpenHeadFirstSupineBeamWithoutMlc) {
  const Beam beam;
  EXPECT_EQ(beam.gantryAngleDeg, 0);
  EXPECT_EQ(beam.patientPosition, core::PatientPosition::Hfs);
  EXPECT_FALSE(beam.leaves);
  EXPECT_EQ(beam.weight, 1);
  EXPECT_EQ(beam.energy, "6X");
  EXPECT_EQ(beam.jawsMm, (JawsMm{0, 0, 0, 0}));
}

TEST(Beam, PatientFromBeamLimitingDeviceUsesTheBeamsAnglesAndIsocentre) {
  Beam beam;
  beam.gantryAngleDeg = 90;
  beam.collimatorAngleDeg = 30;
  beam.couchAngleDeg = 350;
  beam.patientPosition = core::PatientPosition::Ffs;
  beam.isocenterMm = {5, -7, 11};
  const auto fromBeam = beam.patientFromBeamLimitingDevice();
  const auto direct = core::patientFromBeamLimitingDevice(90, 30, 350, core::PatientPosition::Ffs, {5, -7, 11});
  const core::Point3<core::IecBeamLimitingDevice> q{12, -34, 56};
  EXPECT_NEAR(fromBeam(q).x, direct(q).x, TOLERANCE_MM);
  EXPECT_NEAR(fromBeam(q).y, direct(q).y, TOLERANCE_MM);
  EXPECT_NEAR(fromBeam(q).z, direct(q).z, TOLERANCE_MM);
  // The isocentre is the origin of the beam-limiting-device frame.
  EXPECT_NEAR(fromBeam(core::Point3<core::IecBeamLimitingDevice>{}).z, 11, TOLERANCE_MM);
}

}  // namespace
}  // namespace kerma::dose
