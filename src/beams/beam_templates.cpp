#include "kerma/beams/beam_templates.h"

#include "kerma/core/error.h"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

namespace kerma::beams {

namespace {

/// Name of a beam after the side of the patient its source faces: the dominant LPS axis of the
/// source offset when it is within 1° of that axis.
std::string beamName(const dose::Beam& beam) {
  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  const core::Vector3<core::Patient> toSource = -core::beamAxisDirection(patientFromBld);
  const double nearlyOne = std::cos(std::numbers::pi / 180);
  if (toSource.y <= -nearlyOne) return "AP";
  if (toSource.y >= nearlyOne) return "PA";
  if (toSource.x >= nearlyOne) return "LLAT";
  if (toSource.x <= -nearlyOne) return "RLAT";
  if (toSource.z >= nearlyOne) return "SUP";
  if (toSource.z <= -nearlyOne) return "INF";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "G%03.0f", beam.gantryAngleDeg);
  return buffer;
}

}  // namespace

BeamTemplate beamTemplateFromName(std::string_view name) {
  if (name == "ap") return BeamTemplate::Ap;
  if (name == "pa") return BeamTemplate::Pa;
  if (name == "ap-pa") return BeamTemplate::ApPa;
  if (name == "lateral-pair") return BeamTemplate::LateralPair;
  if (name == "box3") return BeamTemplate::Box3;
  if (name == "box4") return BeamTemplate::Box4;
  throw Error(ErrorCode::BadInput,
              "template '" + std::string(name) + "'; expected ap, pa, ap-pa, lateral-pair, box3 or box4");
}

std::vector<double> gantryAnglesDeg(BeamTemplate beamTemplate) {
  switch (beamTemplate) {
    case BeamTemplate::Ap:
      return {0};
    case BeamTemplate::Pa:
      return {180};
    case BeamTemplate::ApPa:
      return {0, 180};
    case BeamTemplate::LateralPair:
      return {90, 270};
    case BeamTemplate::Box3:
      return {0, 90, 270};
    case BeamTemplate::Box4:
      return {0, 90, 180, 270};
  }
  return {};
}

std::vector<dose::Beam> beamsFromTemplate(BeamTemplate beamTemplate, const core::Point3<core::Patient>& isocenterMm,
                                          core::PatientPosition position, const TemplateAngles& angles) {
  std::vector<dose::Beam> beams;
  for (const double gantryDeg : gantryAnglesDeg(beamTemplate)) {
    dose::Beam beam;
    beam.gantryAngleDeg = gantryDeg;
    beam.collimatorAngleDeg = angles.collimatorDeg;
    beam.couchAngleDeg = angles.couchDeg;
    beam.patientPosition = position;
    beam.isocenterMm = isocenterMm;
    beam.name = beamName(beam);
    beams.push_back(beam);
  }
  return beams;
}

std::vector<dose::Beam> setupBeams(const core::Point3<core::Patient>& isocenterMm, core::PatientPosition position,
                                   double fieldSizeMm) {
  std::vector<dose::Beam> beams;
  for (const double gantryDeg : {0.0, 90.0}) {
    dose::Beam beam;
    beam.gantryAngleDeg = gantryDeg;
    beam.patientPosition = position;
    beam.isocenterMm = isocenterMm;
    beam.name = "SETUP " + beamName(beam);
    beam.jawsMm = {-fieldSizeMm / 2, fieldSizeMm / 2, -fieldSizeMm / 2, fieldSizeMm / 2};
    beams.push_back(beam);
  }
  return beams;
}

}  // namespace kerma::beams
