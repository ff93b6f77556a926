#include "kerma/core/iec61217.h"

#include <gtest/gtest.h>

namespace kerma::core {
namespace {

constexpr double TOLERANCE_MM = 1e-9;
constexpr double SAD_MM = 1000;
const Point3<Patient> ISOCENTER_MM{10, -20, 30};

void expectNear(const Point3<Patient>& actual, const Point3<Patient>& expected) {
  EXPECT_NEAR(actual.x, expected.x, TOLERANCE_MM);
  EXPECT_NEAR(actual.y, expected.y, TOLERANCE_MM);
  EXPECT_NEAR(actual.z, expected.z, TOLERANCE_MM);
}
void expectNear(const Vector3<Patient>& actual, const Vector3<Patient>& expected) {
  EXPECT_NEAR(actual.x, expected.x, TOLERANCE_MM);
  EXPECT_NEAR(actual.y, expected.y, TOLERANCE_MM);
  EXPECT_NEAR(actual.z, expected.z, TOLERANCE_MM);
}

/// Source position relative to the isocentre, LPS mm.
Vector3<Patient> sourceOffset(double gantryDeg, double collimatorDeg, double couchDeg,
                              PatientPosition position) {
  const auto patientFromBld =
      patientFromBeamLimitingDevice(gantryDeg, collimatorDeg, couchDeg, position, ISOCENTER_MM);
  return sourcePositionMm(patientFromBld, SAD_MM) - ISOCENTER_MM;
}

/// Direction of an axis of the beam-limiting device in LPS.
Vector3<Patient> bldAxis(const Vector3<IecBeamLimitingDevice>& axis, double gantryDeg,
                         double collimatorDeg, double couchDeg, PatientPosition position) {
  return patientFromBeamLimitingDevice(gantryDeg, collimatorDeg, couchDeg, position, ISOCENTER_MM)(axis);
}

TEST(Iec61217, IecPatientAxesInDicomPatient) {
  const auto m = dicomPatientFromIecPatient();
  expectNear(m(Vector3<IecPatient>{1, 0, 0}), {1, 0, 0});   // left stays left
  expectNear(m(Vector3<IecPatient>{0, 1, 0}), {0, 0, 1});   // superior is +z LPS
  expectNear(m(Vector3<IecPatient>{0, 0, 1}), {0, -1, 0});  // anterior is -y LPS
  expectNear(m(Point3<IecPatient>{0, 0, 0}), {0, 0, 0});
}

TEST(Iec61217, HeadFirstSupineSourceAtGantryCardinalAngles) {
  const auto hfs = PatientPosition::Hfs;
  expectNear(sourceOffset(0, 0, 0, hfs), {0, -SAD_MM, 0});    // anterior
  expectNear(sourceOffset(90, 0, 0, hfs), {SAD_MM, 0, 0});    // patient left
  expectNear(sourceOffset(180, 0, 0, hfs), {0, SAD_MM, 0});   // posterior
  expectNear(sourceOffset(270, 0, 0, hfs), {-SAD_MM, 0, 0});  // patient right
  expectNear(beamAxisDirection(patientFromBeamLimitingDevice(90, 0, 0, hfs, ISOCENTER_MM)), {-1, 0, 0});
}

TEST(Iec61217, HeadFirstSupineJawAxesFollowTheCollimator) {
  const auto hfs = PatientPosition::Hfs;
  // Collimator 0 at gantry 0: X2 towards the patient's left, Y2 towards the head (the gantry).
  expectNear(bldAxis({1, 0, 0}, 0, 0, 0, hfs), {1, 0, 0});
  expectNear(bldAxis({0, 1, 0}, 0, 0, 0, hfs), {0, 0, 1});
  // Collimator 90: +Xb turns to +Yg (head); +Yb to -Xg (patient right).
  expectNear(bldAxis({1, 0, 0}, 0, 90, 0, hfs), {0, 0, 1});
  expectNear(bldAxis({0, 1, 0}, 0, 90, 0, hfs), {-1, 0, 0});
  // Gantry 90: +Xb points down, towards the posterior.
  expectNear(bldAxis({1, 0, 0}, 90, 0, 0, hfs), {0, 1, 0});
}

TEST(Iec61217, CouchRotationTurnsThePatientUnderTheBeam) {
  const auto hfs = PatientPosition::Hfs;
  // Couch 90 (counter-clockwise from above): the head swings to -Xf, so +Xf points to the feet.
  expectNear(sourceOffset(0, 0, 90, hfs), {0, -SAD_MM, 0});
  expectNear(sourceOffset(90, 0, 90, hfs), {0, 0, -SAD_MM});
  expectNear(sourceOffset(90, 0, 270, hfs), {0, 0, SAD_MM});
  expectNear(bldAxis({0, 1, 0}, 0, 0, 90, hfs), {1, 0, 0});  // towards the gantry: patient left
}

TEST(Iec61217, FeetFirstAndProneOrientations) {
  using enum PatientPosition;
  expectNear(sourceOffset(0, 0, 0, Ffs), {0, -SAD_MM, 0});  // anterior
  expectNear(sourceOffset(90, 0, 0, Ffs), {-SAD_MM, 0, 0});  // patient right
  expectNear(bldAxis({0, 1, 0}, 0, 0, 0, Ffs), {0, 0, -1});  // gantry side: the feet
  expectNear(sourceOffset(0, 0, 0, Hfp), {0, SAD_MM, 0});    // posterior
  expectNear(sourceOffset(90, 0, 0, Hfp), {-SAD_MM, 0, 0});  // patient right
  expectNear(bldAxis({0, 1, 0}, 0, 0, 0, Hfp), {0, 0, 1});
  expectNear(sourceOffset(0, 0, 0, Ffp), {0, SAD_MM, 0});    // posterior
  expectNear(sourceOffset(90, 0, 0, Ffp), {SAD_MM, 0, 0});   // patient left
  expectNear(bldAxis({0, 1, 0}, 0, 0, 0, Ffp), {0, 0, -1});
}

TEST(Iec61217, PatientPositionDefinedTermsRoundTrip) {
  using enum PatientPosition;
  EXPECT_EQ(dicomTerm(Hfs), "HFS");
  EXPECT_EQ(dicomTerm(Ffp), "FFP");
  for (const PatientPosition position : {Hfs, Ffs, Hfp, Ffp})
    EXPECT_EQ(patientPositionFromTerm(dicomTerm(position)), position);
  EXPECT_FALSE(patientPositionFromTerm("HFDL").has_value());
  EXPECT_FALSE(patientPositionFromTerm("").has_value());
}

TEST(Iec61217, IsocentreIsTheOriginOfTheBeamLimitingDevice) {
  const auto m = patientFromBeamLimitingDevice(37, 12, 350, PatientPosition::Hfs, ISOCENTER_MM);
  expectNear(m(Point3<IecBeamLimitingDevice>{0, 0, 0}), ISOCENTER_MM);
  const auto back = m.inverse()(ISOCENTER_MM + Vector3<Patient>{3, 4, 5});
  EXPECT_NEAR(Vector3<IecBeamLimitingDevice>({back.x, back.y, back.z}).length(), 5 * std::sqrt(2.0), TOLERANCE_MM);
}

TEST(Iec61217, GantryRotationIsRightHandedAboutYf) {
  const auto m = fixedFromGantry(90);
  const auto z = m(Vector3<IecGantry>{0, 0, 1});
  EXPECT_NEAR(z.x, 1, TOLERANCE_MM);
  EXPECT_NEAR(z.z, 0, TOLERANCE_MM);
  const auto x = gantryFromBeamLimitingDevice(90)(Vector3<IecBeamLimitingDevice>{1, 0, 0});
  EXPECT_NEAR(x.y, 1, TOLERANCE_MM);
  const auto s = fixedFromPatientSupport(90)(Vector3<IecPatientSupport>{1, 0, 0});
  EXPECT_NEAR(s.y, 1, TOLERANCE_MM);
}

}  // namespace
}  // namespace kerma::core
