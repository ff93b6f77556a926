#include "kerma/core/iec61217.h"

#include <numbers>

namespace kerma::core {

namespace {

/// Right-handed rotation by angleDeg about the unit axis, as a transform between two frames.
template <class To, class From>
Transform<To, From> rotation(double angleDeg, const Eigen::Vector3d& axis) {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = Eigen::AngleAxisd(angleDeg * std::numbers::pi / 180.0, axis).toRotationMatrix();
  return Transform<To, From>(m);
}

}  // namespace

Transform<IecFixed, IecGantry> fixedFromGantry(double gantryAngleDeg) {
  return rotation<IecFixed, IecGantry>(gantryAngleDeg, Eigen::Vector3d::UnitY());
}

Transform<IecGantry, IecBeamLimitingDevice> gantryFromBeamLimitingDevice(double collimatorAngleDeg) {
  return rotation<IecGantry, IecBeamLimitingDevice>(collimatorAngleDeg, Eigen::Vector3d::UnitZ());
}

Transform<IecFixed, IecPatientSupport> fixedFromPatientSupport(double couchAngleDeg) {
  return rotation<IecFixed, IecPatientSupport>(couchAngleDeg, Eigen::Vector3d::UnitZ());
}

std::string_view dicomTerm(PatientPosition position) {
  switch (position) {
    case PatientPosition::Hfs: return "HFS";
    case PatientPosition::Ffs: return "FFS";
    case PatientPosition::Hfp: return "HFP";
    case PatientPosition::Ffp: return "FFP";
  }
  return {};
}

std::optional<PatientPosition> patientPositionFromTerm(std::string_view term) {
  for (const PatientPosition position :
       {PatientPosition::Hfs, PatientPosition::Ffs, PatientPosition::Hfp, PatientPosition::Ffp})
    if (dicomTerm(position) == term) return position;
  return std::nullopt;
}

Transform<IecPatientSupport, IecPatient> patientSupportFromIecPatient(PatientPosition position) {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  switch (position) {
    case PatientPosition::Hfs:
      break;
    case PatientPosition::Ffs:
      m.linear() = Eigen::Vector3d(-1, -1, 1).asDiagonal();
      break;
    case PatientPosition::Hfp:
      m.linear() = Eigen::Vector3d(-1, 1, -1).asDiagonal();
      break;
    case PatientPosition::Ffp:
      m.linear() = Eigen::Vector3d(1, -1, -1).asDiagonal();
      break;
  }
  return Transform<IecPatientSupport, IecPatient>(m);
}

Transform<Patient, IecPatient> dicomPatientFromIecPatient() {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  // Columns: where the IEC patient axes (left, superior, anterior) point in LPS.
  m.linear() << 1, 0, 0,   //
      0, 0, -1,            //
      0, 1, 0;
  return Transform<Patient, IecPatient>(m);
}

Transform<Patient, IecBeamLimitingDevice> patientFromBeamLimitingDevice(
    double gantryAngleDeg, double collimatorAngleDeg, double couchAngleDeg,
    PatientPosition position, const Point3<Patient>& isocenterMm) {
  Eigen::Affine3d toIsocenter = Eigen::Affine3d::Identity();
  toIsocenter.translation() = Eigen::Vector3d(isocenterMm.x, isocenterMm.y, isocenterMm.z);
  const Transform<Patient, Patient> patientFromIsocentric(toIsocenter);
  return patientFromIsocentric * dicomPatientFromIecPatient() *
         patientSupportFromIecPatient(position).inverse() *
         fixedFromPatientSupport(couchAngleDeg).inverse() * fixedFromGantry(gantryAngleDeg) *
         gantryFromBeamLimitingDevice(collimatorAngleDeg);
}

Point3<Patient> sourcePositionMm(const Transform<Patient, IecBeamLimitingDevice>& patientFromBld,
                                 double sadMm) {
  return patientFromBld(Point3<IecBeamLimitingDevice>{0, 0, sadMm});
}

Vector3<Patient> beamAxisDirection(const Transform<Patient, IecBeamLimitingDevice>& patientFromBld) {
  return patientFromBld(Vector3<IecBeamLimitingDevice>{0, 0, -1}).normalized();
}

}  // namespace kerma::core
