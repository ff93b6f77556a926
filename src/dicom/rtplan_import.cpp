#include "kerma/dicom/rtplan_import.h"

#include "dataset_reading.h"
#include "export_modules.h"
#include "rtplan_terms.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace kerma::dicom {

namespace fs = std::filesystem;

namespace {

// Angles and positions closer than this between control points count as unchanged.
constexpr double CONTROL_POINT_TOLERANCE = 1e-6;

struct Context {
  const fs::path& file;
  std::vector<std::string>& notes;
};

std::string beamLabel(int number, const std::string& name) { return "beam " + std::to_string(number) + " '" + name + "'"; }

// Days per week of a Fraction Pattern (PS3.3 C.8.8.13): the treatment days of the cycle over its
// weeks; nullopt when the pattern is absent or inconsistent with its cycle.
std::optional<double> fractionsPerWeek(DcmItem& group) {
  const std::string pattern = readString(group, DCM_FractionPattern);
  const int weeks = readInt(group, DCM_RepeatFractionCycleLength, 0);
  const int digitsPerDay = readInt(group, DCM_NumberOfFractionPatternDigitsPerDay, 0);
  if (pattern.empty() || weeks < 1 || digitsPerDay < 1 || int(pattern.size()) != 7 * weeks * digitsPerDay)
    return std::nullopt;
  return double(std::count(pattern.begin(), pattern.end(), '1')) / weeks;
}

// Leaf/Jaw Positions of each device type in a control point's Beam Limiting Device Position
// Sequence.
std::map<std::string, std::vector<double>> devicePositions(DcmItem& controlPoint) {
  std::map<std::string, std::vector<double>> positions;
  for (DcmItem* device : itemsOf(controlPoint, DCM_BeamLimitingDevicePositionSequence))
    positions[readString(*device, DCM_RTBeamLimitingDeviceType)] =
        readDecimals(*device, DCM_LeafJawPositions).value_or(std::vector<double>{});
  return positions;
}

bool samePositions(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t n = 0; n < a.size(); ++n)
    if (std::abs(a[n] - b[n]) > CONTROL_POINT_TOLERANCE) return false;
  return true;
}

// The geometry of one control point: what the beam is read with (control point 0) and what
// later control points are compared against. Later control points hold only what changes.
struct ControlPointGeometry {
  double gantryDeg = 0, collimatorDeg = 0, couchDeg = 0;
  std::map<std::string, std::vector<double>> devices;
};

// What changes over the control points after the first, e.g. "MLCX, gantry"; empty for a static
// beam.
std::string changesAfterFirst(const std::vector<DcmItem*>& controlPoints, ControlPointGeometry state) {
  std::vector<std::string> changed;
  const auto mark = [&](const std::string& what) {
    if (std::find(changed.begin(), changed.end(), what) == changed.end()) changed.push_back(what);
  };
  for (std::size_t c = 1; c < controlPoints.size(); ++c) {
    DcmItem& point = *controlPoints[c];
    for (const auto& [type, positions] : devicePositions(point)) {
      auto& current = state.devices[type];
      if (!samePositions(current, positions)) mark(type);
      current = positions;
    }
    const auto angle = [&](const DcmTagKey& tag, double& current, const char* what) {
      const double value = readDecimal(point, tag, current);
      if (std::abs(value - current) > CONTROL_POINT_TOLERANCE) mark(what);
      current = value;
    };
    angle(DCM_GantryAngle, state.gantryDeg, "gantry angle");
    angle(DCM_BeamLimitingDeviceAngle, state.collimatorDeg, "collimator angle");
    angle(DCM_PatientSupportAngle, state.couchDeg, "couch angle");
  }
  std::string text;
  for (const std::string& what : changed) text += (text.empty() ? "" : ", ") + what;
  return text;
}

// The segments of a beam delivered step and shoot: the leaves of each irradiated interval
// between control points (the meterset rising) with its share of finalWeight, consecutive ones
// with the same leaves as one. nullopt when the leaves move while the meterset rises (a dynamic
// MLC), a weight is missing or falls, or the final weight is not a positive number.
std::optional<std::vector<dose::Subfield>> stepAndShootSegments(const std::vector<DcmItem*>& controlPoints,
                                                                std::vector<double> leaves, double finalWeight) {
  if (!(finalWeight > 0) || !std::isfinite(finalWeight)) return std::nullopt;
  std::vector<dose::Subfield> segments;
  double weight = 0;
  const std::size_t pairs = leaves.size() / 2;
  for (std::size_t c = 0; c < controlPoints.size(); ++c) {
    DcmItem& point = *controlPoints[c];
    const auto devices = devicePositions(point);
    const auto mlc = devices.find(MLCX);
    const bool moved = mlc != devices.end() && !samePositions(mlc->second, leaves);
    if (mlc != devices.end()) leaves = mlc->second;
    const double next = readDecimal(point, DCM_CumulativeMetersetWeight, std::nan(""));
    if (!(next >= weight - CONTROL_POINT_TOLERANCE) || leaves.size() != 2 * pairs) return std::nullopt;
    if (c > 0 && next > weight + CONTROL_POINT_TOLERANCE) {
      if (moved) return std::nullopt;
      const double share = (next - weight) / finalWeight;
      dose::MlcLeaves segment{{leaves.begin(), leaves.begin() + long(pairs)}, {leaves.begin() + long(pairs), leaves.end()}};
      if (!segments.empty() && segments.back().leaves == segment)
        segments.back().metersetShare += share;
      else
        segments.push_back({std::move(segment), share});
    }
    weight = next;
  }
  if (segments.empty()) return std::nullopt;
  return segments;
}

double requiredDecimal(DcmItem& item, const DcmTagKey& tag, const Context& context, const std::string& where) {
  const double value = readDecimal(item, tag, std::nan(""));
  if (std::isnan(value))
    refuseFile(context.file, where + ": " + attributeName(tag) + " is missing from control point 0; expected a number");
  return value;
}

void readJaws(const std::map<std::string, std::vector<double>>& devices, dose::Beam& beam, const Context& context,
              const std::string& where) {
  const auto pair = [&](const char* asym, const char* sym) -> std::optional<std::pair<double, double>> {
    for (const char* type : {asym, sym}) {
      const auto it = devices.find(type);
      if (it == devices.end()) continue;
      if (it->second.size() != 2)
        refuseFile(context.file, where + ": " + type + " " + attributeName(DCM_LeafJawPositions) + " has " +
                                     std::to_string(it->second.size()) + " values; expected 2");
      return std::pair{it->second[0], it->second[1]};
    }
    return std::nullopt;
  };
  const auto x = pair(ASYMX, "X");
  const auto y = pair(ASYMY, "Y");
  // Without jaws on an axis the leaves (X) or the leaf bank (Y) alone shape the field there.
  if (x) {
    beam.jawsMm.x1 = x->first;
    beam.jawsMm.x2 = x->second;
  } else if (beam.leaves) {
    beam.jawsMm.x1 = *std::min_element(beam.leaves->x1Mm.begin(), beam.leaves->x1Mm.end());
    beam.jawsMm.x2 = *std::max_element(beam.leaves->x2Mm.begin(), beam.leaves->x2Mm.end());
    context.notes.push_back(where + ": no X jaws; the X jaws are set to the outermost leaf tips");
  } else {
    refuseFile(context.file, where + ": control point 0 has neither X jaws nor MLCX leaves; expected a field");
  }
  if (y) {
    beam.jawsMm.y1 = y->first;
    beam.jawsMm.y2 = y->second;
  } else {
    refuseFile(context.file, where + ": control point 0 has no Y jaws (ASYMY or Y); expected a field in Y");
  }
}

void readLeaves(DcmItem& beamItem, const std::map<std::string, std::vector<double>>& devices, RtPlan& plan,
                dose::Beam& beam, const Context& context, const std::string& where) {
  for (DcmItem* device : itemsOf(beamItem, DCM_BeamLimitingDeviceSequence)) {
    const std::string type = readString(*device, DCM_RTBeamLimitingDeviceType);
    if (type == "MLCY") context.notes.push_back(where + ": has an MLCY, which Kerma's beams do not model; its leaves are ignored");
    if (type != MLCX) continue;
    const int pairs = readInt(*device, DCM_NumberOfLeafJawPairs, 0);
    const auto boundaries = readDecimals(*device, DCM_LeafPositionBoundaries);
    if (pairs < 1 || !boundaries || int(boundaries->size()) != pairs + 1)
      refuseFile(context.file, where + ": MLCX has " + std::to_string(pairs) + " leaf pairs and " +
                                   std::to_string(boundaries ? boundaries->size() : 0) +
                                   " leaf position boundaries; expected one boundary more than pairs");
    if (plan.machine.leafBoundariesMm.empty()) plan.machine.leafBoundariesMm = *boundaries;
    else if (!samePositions(plan.machine.leafBoundariesMm, *boundaries))
      context.notes.push_back(where + ": its MLCX leaf boundaries differ from the first beam's; the plan keeps the first beam's");
    const auto positions = devices.find(MLCX);
    if (positions == devices.end() || int(positions->second.size()) != 2 * pairs)
      refuseFile(context.file, where + ": control point 0 has " +
                                   std::to_string(positions == devices.end() ? 0 : positions->second.size()) +
                                   " MLCX leaf positions; expected " + std::to_string(2 * pairs));
    const auto& p = positions->second;
    beam.leaves = dose::MlcLeaves{{p.begin(), p.begin() + pairs}, {p.begin() + pairs, p.end()}};
  }
}

void noteAccessories(DcmItem& beamItem, const Context& context, const std::string& where) {
  const std::pair<DcmTagKey, const char*> accessories[] = {{DCM_NumberOfWedges, "wedges"},
                                                           {DCM_NumberOfCompensators, "compensators"},
                                                           {DCM_NumberOfBoli, "boli"},
                                                           {DCM_NumberOfBlocks, "blocks"}};
  for (const auto& [tag, what] : accessories)
    if (const int count = readInt(beamItem, tag, 0); count > 0)
      context.notes.push_back(where + ": has " + std::to_string(count) + " " + what +
                              ", which Kerma's beams do not model; the beam is read without them");
}

}  // namespace

RtPlanFile readRtPlan(const fs::path& file) {
  const auto format = loadObjectOfKind(file, UID_RTPlanStorage, "RTPLAN", "an RT Plan");
  DcmDataset& ds = *format->getDataset();
  RtPlanFile result;
  result.file = file;
  result.sopInstanceUid = readString(ds, DCM_SOPInstanceUID);
  const Context context{file, result.notes};
  RtPlan& plan = result.plan;
  plan.identity = readSeriesIdentity(ds);
  plan.label = readString(ds, DCM_RTPlanLabel);
  plan.name = readString(ds, DCM_RTPlanName);
  readPlanDescription(readString(ds, DCM_RTPlanDescription), plan.machine, plan.doseAlgorithm);
  plan.approval = readPlanApproval(ds);
  for (DcmItem* item : itemsOf(ds, DCM_ReferencedStructureSetSequence))
    plan.structureSetSopInstanceUid = readString(*item, DCM_ReferencedSOPInstanceUID);
  for (DcmItem* item : itemsOf(ds, DCM_ReferencedDoseSequence))
    plan.doseSopInstanceUids.push_back(readString(*item, DCM_ReferencedSOPInstanceUID));

  for (DcmItem* reference : itemsOf(ds, DCM_DoseReferenceSequence)) {
    if (readString(*reference, DCM_DoseReferenceType) != "TARGET") continue;
    plan.prescription.target = readString(*reference, DCM_DoseReferenceDescription);
    plan.prescription.totalDoseGy = readDecimal(*reference, DCM_TargetPrescriptionDose, 0);
    plan.targetRoiNumber = readInt(*reference, DCM_ReferencedROINumber, 0);
    break;
  }

  // Meterset and dose per beam number, from the first fraction group.
  std::map<int, std::pair<double, double>> metersetByBeam;
  const auto groups = itemsOf(ds, DCM_FractionGroupSequence);
  if (groups.size() > 1)
    result.notes.push_back(std::to_string(groups.size()) +
                           " fraction groups; Kerma reads the first (its fractions and beam metersets)");
  if (!groups.empty()) {
    DcmItem& group = *groups.front();
    plan.prescription.fractions = readInt(group, DCM_NumberOfFractionsPlanned, 1);
    if (const auto perWeek = fractionsPerWeek(group)) plan.prescription.fractionsPerWeek = *perWeek;
    for (DcmItem* referenced : itemsOf(group, DCM_ReferencedBeamSequence))
      metersetByBeam[readInt(*referenced, DCM_ReferencedBeamNumber, -1)] = {
          readDecimal(*referenced, DCM_BeamMeterset, 0), readDecimal(*referenced, DCM_BeamDose, 0)};
  }

  std::map<int, core::PatientPosition> positionBySetup;
  for (DcmItem* setup : itemsOf(ds, DCM_PatientSetupSequence)) {
    const std::string term = readString(*setup, DCM_PatientPosition);
    const int number = readInt(*setup, DCM_PatientSetupNumber, -1);
    const auto position = core::patientPositionFromTerm(term);
    if (!position)
      refuseFile(file, "patient setup " + std::to_string(number) + ": " + attributeName(DCM_PatientPosition) + " is '" +
                           term + "'; expected HFS, FFS, HFP or FFP");
    positionBySetup[number] = *position;
  }

  const auto beamItems = itemsOf(ds, DCM_BeamSequence);
  if (beamItems.empty()) refuseFile(file, attributeName(DCM_BeamSequence) + " is missing or empty; expected beams");
  for (DcmItem* item : beamItems) {
    const int number = readInt(*item, DCM_BeamNumber, -1);
    dose::Beam beam;
    beam.name = readString(*item, DCM_BeamName);
    const std::string where = beamLabel(number, beam.name);
    const std::string radiation = readString(*item, DCM_RadiationType);
    if (radiation != "PHOTON") {
      result.notes.push_back(where + ": radiation type " + radiation + "; Kerma plans photons only, the beam is left out");
      continue;
    }
    if (plan.machine.name.empty()) plan.machine.name = readString(*item, DCM_TreatmentMachineName);
    plan.machine.sadMm = readDecimal(*item, DCM_SourceAxisDistance, plan.machine.sadMm);
    const auto setup = positionBySetup.find(readInt(*item, DCM_ReferencedPatientSetupNumber, -1));
    if (setup != positionBySetup.end()) beam.patientPosition = setup->second;

    const auto controlPoints = itemsOf(*item, DCM_ControlPointSequence);
    if (controlPoints.empty()) refuseFile(file, where + ": " + attributeName(DCM_ControlPointSequence) + " is empty; expected control points");
    DcmItem& first = *controlPoints.front();
    ControlPointGeometry geometry;
    geometry.gantryDeg = beam.gantryAngleDeg = requiredDecimal(first, DCM_GantryAngle, context, where);
    geometry.collimatorDeg = beam.collimatorAngleDeg = requiredDecimal(first, DCM_BeamLimitingDeviceAngle, context, where);
    geometry.couchDeg = beam.couchAngleDeg = requiredDecimal(first, DCM_PatientSupportAngle, context, where);
    const auto isocenter = readDecimalArray<3>(first, DCM_IsocenterPosition);
    if (!isocenter) refuseFile(file, where + ": " + attributeName(DCM_IsocenterPosition) + " of control point 0 is not 3 numbers");
    beam.isocenterMm = {(*isocenter)[0], (*isocenter)[1], (*isocenter)[2]};
    beam.energy = photonEnergyName(requiredDecimal(first, DCM_NominalBeamEnergy, context, where));
    beam.ssdMm = readDecimal(first, DCM_SourceToSurfaceDistance, 0);
    if (std::abs(readDecimal(first, DCM_TableTopEccentricAngle, 0)) > CONTROL_POINT_TOLERANCE)
      result.notes.push_back(where + ": table-top eccentric angle " + decimalString(readDecimal(first, DCM_TableTopEccentricAngle, 0)) +
                             " degrees, which Kerma's beams do not model; read as 0");
    geometry.devices = devicePositions(first);
    readLeaves(*item, geometry.devices, plan, beam, context, where);
    readJaws(geometry.devices, beam, context, where);
    noteAccessories(*item, context, where);

    const std::string changes = changesAfterFirst(controlPoints, geometry);
    const auto segments = changes == MLCX && beam.leaves
                              ? stepAndShootSegments(controlPoints, geometry.devices[MLCX],
                                                     readDecimal(*item, DCM_FinalCumulativeMetersetWeight, 1))
                              : std::nullopt;
    if (segments) {
      beam.leaves = segments->front().leaves;
      beam.subfields.assign(segments->begin() + 1, segments->end());
    } else if (!changes.empty()) {
      result.notes.push_back(where + ": " + readString(*item, DCM_BeamType) + " beam with " +
                             std::to_string(controlPoints.size()) + " control points whose " + changes +
                             " change; Kerma's beams are static or step and shoot, so it is read with control point "
                             "0's geometry and a dose computed from it is not this beam's dose");
    }

    if (readString(*item, DCM_TreatmentDeliveryType) == "SETUP") {
      plan.setupBeams.push_back(beam);
      continue;
    }
    PlanBeam planned{beam, 0, 0};
    if (const auto meterset = metersetByBeam.find(number); meterset != metersetByBeam.end())
      std::tie(planned.monitorUnits, planned.beamDoseGy) = meterset->second;
    else
      result.notes.push_back(where + ": not in the first fraction group; read with 0 MU");
    plan.beams.push_back(std::move(planned));
  }
  return result;
}

}  // namespace kerma::dicom
