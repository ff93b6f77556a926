#include "kerma/dicom/rtplan_export.h"

#include "export_modules.h"
#include "rtplan_terms.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrda.h>
#include <dcmtk/dcmdata/dcvrtm.h>

#include <cmath>
#include <map>

namespace kerma::dicom {

namespace {

// The one tolerance table every beam references: the angle and position differences a record
// and verify system accepts between the plan and the machine, typical clinical values [typ].
constexpr double ANGLE_TOLERANCE_DEG = 1;
constexpr double JAW_TOLERANCE_MM = 2;
constexpr double LEAF_TOLERANCE_MM = 1;
constexpr double TABLE_TOLERANCE_MM = 10;

constexpr std::size_t MAX_SHORT_STRING = 16;  // SH

[[noreturn]] void refusePlan(const std::string& problem) { throw Error(ErrorCode::BadInput, "RT Plan export: " + problem); }

std::string text(int value) { return std::to_string(value); }

std::string approvalTerm(ApprovalStatus status) {
  switch (status) {
    case ApprovalStatus::Unapproved: return "UNAPPROVED";
    case ApprovalStatus::Approved: return "APPROVED";
    case ApprovalStatus::Rejected: return "REJECTED";
  }
  return {};
}

// A pattern of one week with the fractions on the first working days, e.g. "1111100" for five;
// empty when fractionsPerWeek is not a whole number of days.
std::string weeklyFractionPattern(double fractionsPerWeek) {
  const double days = std::round(fractionsPerWeek);
  if (days < 1 || days > 7 || std::abs(days - fractionsPerWeek) > 1e-9) return {};
  // Spread over Monday to Friday first, as a department schedules them.
  static const char* const PATTERNS[] = {"1000000", "1001000", "1010100", "1101100", "1111100", "1111110", "1111111"};
  return PATTERNS[int(days) - 1];
}

void putDecimals(DcmItem& item, const DcmTagKey& tag, const std::vector<double>& values) {
  putString(item, tag, decimalStrings(values));
}

void putDeviceType(DcmItem& item, const char* type) { putString(item, DCM_RTBeamLimitingDeviceType, type); }

void putToleranceTable(DcmItem& dataset, bool withMlc) {
  DcmItem& table = appendItem(dataset, DCM_ToleranceTableSequence);
  putString(table, DCM_ToleranceTableNumber, "1");
  putString(table, DCM_ToleranceTableLabel, "KERMA");
  putString(table, DCM_GantryAngleTolerance, decimalString(ANGLE_TOLERANCE_DEG));
  putString(table, DCM_BeamLimitingDeviceAngleTolerance, decimalString(ANGLE_TOLERANCE_DEG));
  for (const char* type : {ASYMX, ASYMY}) {
    DcmItem& device = appendItem(table, DCM_BeamLimitingDeviceToleranceSequence);
    putString(device, DCM_BeamLimitingDevicePositionTolerance, decimalString(JAW_TOLERANCE_MM));
    putDeviceType(device, type);
  }
  if (withMlc) {
    DcmItem& device = appendItem(table, DCM_BeamLimitingDeviceToleranceSequence);
    putString(device, DCM_BeamLimitingDevicePositionTolerance, decimalString(LEAF_TOLERANCE_MM));
    putDeviceType(device, MLCX);
  }
  putString(table, DCM_PatientSupportAngleTolerance, decimalString(ANGLE_TOLERANCE_DEG));
  putString(table, DCM_TableTopVerticalPositionTolerance, decimalString(TABLE_TOLERANCE_MM));
  putString(table, DCM_TableTopLongitudinalPositionTolerance, decimalString(TABLE_TOLERANCE_MM));
  putString(table, DCM_TableTopLateralPositionTolerance, decimalString(TABLE_TOLERANCE_MM));
}

void putLeaves(DcmItem& controlPoint, const dose::MlcLeaves& leaves) {
  DcmItem& mlc = appendItem(controlPoint, DCM_BeamLimitingDevicePositionSequence);
  putDeviceType(mlc, MLCX);
  std::vector<double> positions = leaves.x1Mm;
  positions.insert(positions.end(), leaves.x2Mm.begin(), leaves.x2Mm.end());
  putDecimals(mlc, DCM_LeafJawPositions, positions);
}

// First control point: the whole beam geometry. A static beam's second only closes the
// meterset. A beam with subfields is delivered step and shoot (PS3.3 C.8.8.14.5): each segment
// is two control points with its leaves at both, the meterset rising between them and not between
// segments; the leaves, as they change, are stated at every control point.
void putControlPoints(DcmItem& beamItem, const dose::Beam& beam, double nominalEnergyMeV) {
  DcmItem& first = appendItem(beamItem, DCM_ControlPointSequence);
  putString(first, DCM_ControlPointIndex, "0");
  putString(first, DCM_NominalBeamEnergy, decimalString(nominalEnergyMeV));
  DcmItem& x = appendItem(first, DCM_BeamLimitingDevicePositionSequence);
  putDeviceType(x, ASYMX);
  putDecimals(x, DCM_LeafJawPositions, {beam.jawsMm.x1, beam.jawsMm.x2});
  DcmItem& y = appendItem(first, DCM_BeamLimitingDevicePositionSequence);
  putDeviceType(y, ASYMY);
  putDecimals(y, DCM_LeafJawPositions, {beam.jawsMm.y1, beam.jawsMm.y2});
  if (beam.leaves) putLeaves(first, *beam.leaves);
  putString(first, DCM_GantryAngle, decimalString(beam.gantryAngleDeg));
  putString(first, DCM_GantryRotationDirection, "NONE");
  putString(first, DCM_BeamLimitingDeviceAngle, decimalString(beam.collimatorAngleDeg));
  putString(first, DCM_BeamLimitingDeviceRotationDirection, "NONE");
  putString(first, DCM_PatientSupportAngle, decimalString(beam.couchAngleDeg));
  putString(first, DCM_PatientSupportRotationDirection, "NONE");
  putString(first, DCM_TableTopEccentricAngle, "0");
  putString(first, DCM_TableTopEccentricRotationDirection, "NONE");
  putString(first, DCM_TableTopPitchAngle, "0");
  putString(first, DCM_TableTopPitchRotationDirection, "NONE");
  putString(first, DCM_TableTopRollAngle, "0");
  putString(first, DCM_TableTopRollRotationDirection, "NONE");
  // Table positions are the therapist's at the first treatment: present and empty (Type 2).
  putString(first, DCM_TableTopVerticalPosition, "");
  putString(first, DCM_TableTopLongitudinalPosition, "");
  putString(first, DCM_TableTopLateralPosition, "");
  putDecimals(first, DCM_IsocenterPosition, {beam.isocenterMm.x, beam.isocenterMm.y, beam.isocenterMm.z});
  if (beam.ssdMm > 0) putString(first, DCM_SourceToSurfaceDistance, decimalString(beam.ssdMm));
  putString(first, DCM_CumulativeMetersetWeight, "0");

  if (beam.subfields.empty()) {
    DcmItem& last = appendItem(beamItem, DCM_ControlPointSequence);
    putString(last, DCM_ControlPointIndex, "1");
    putString(last, DCM_CumulativeMetersetWeight, "1");
    return;
  }
  int index = 1;
  double cumulative = beam.openFieldShare();
  const auto point = [&](const dose::MlcLeaves& leaves, double weight) {
    DcmItem& item = appendItem(beamItem, DCM_ControlPointSequence);
    putString(item, DCM_ControlPointIndex, text(index++));
    putLeaves(item, leaves);
    putString(item, DCM_CumulativeMetersetWeight, decimalString(weight));
  };
  point(*beam.leaves, cumulative);
  for (std::size_t s = 0; s < beam.subfields.size(); ++s) {
    point(beam.subfields[s].leaves, cumulative);
    // The last segment ends at exactly 1, whatever the shares' rounding.
    cumulative = s + 1 == beam.subfields.size() ? 1 : cumulative + beam.subfields[s].metersetShare;
    point(beam.subfields[s].leaves, cumulative);
  }
}

struct BeamRecord {
  const dose::Beam* beam;
  int number;
  int setupNumber;
  bool treatment;
};

void putBeam(DcmItem& dataset, const RtPlan& plan, const BeamRecord& record) {
  const dose::Beam& beam = *record.beam;
  const PlanMachine& machine = plan.machine;
  const auto energyMeV = nominalEnergyMeV(beam.energy);
  if (!energyMeV) refusePlan("beam '" + beam.name + "' has energy '" + beam.energy + "'; expected a photon energy such as 6X");
  const auto requirePairs = [&](const dose::MlcLeaves& leaves, const std::string& what) {
    if (int(leaves.x1Mm.size()) + 1 != int(machine.leafBoundariesMm.size()) || leaves.x2Mm.size() != leaves.x1Mm.size())
      refusePlan("beam '" + beam.name + "'" + what + " has " + text(int(leaves.x1Mm.size())) + " + " +
                 text(int(leaves.x2Mm.size())) + " leaves; expected one per pair of machine '" + machine.name + "' (" +
                 text(int(machine.leafBoundariesMm.size()) - 1) + ")");
  };
  if (beam.leaves) requirePairs(*beam.leaves, "");
  if (!beam.subfields.empty() && !beam.leaves) refusePlan("beam '" + beam.name + "' has subfields but no leaves");
  for (std::size_t s = 0; s < beam.subfields.size(); ++s)
    requirePairs(beam.subfields[s].leaves, " subfield " + text(int(s + 1)));

  DcmItem& item = appendItem(dataset, DCM_BeamSequence);
  putString(item, DCM_Manufacturer, "Kerma");
  putString(item, DCM_ManufacturerModelName, machine.name + " " + machine.version);
  putString(item, DCM_TreatmentMachineName, machine.name);
  putString(item, DCM_PrimaryDosimeterUnit, "MU");
  putString(item, DCM_SourceAxisDistance, decimalString(machine.sadMm));
  for (const char* type : {ASYMX, ASYMY}) {
    DcmItem& device = appendItem(item, DCM_BeamLimitingDeviceSequence);
    putDeviceType(device, type);
    putString(device, DCM_NumberOfLeafJawPairs, "1");
  }
  if (beam.leaves) {
    DcmItem& device = appendItem(item, DCM_BeamLimitingDeviceSequence);
    putDeviceType(device, MLCX);
    putString(device, DCM_NumberOfLeafJawPairs, text(int(beam.leaves->x1Mm.size())));
    putDecimals(device, DCM_LeafPositionBoundaries, machine.leafBoundariesMm);
  }
  putString(item, DCM_BeamNumber, text(record.number));
  putString(item, DCM_BeamName, beam.name);
  // Step and shoot changes the leaves during the beam's delivery, between its segments.
  putString(item, DCM_BeamType, beam.subfields.empty() ? "STATIC" : "DYNAMIC");
  putString(item, DCM_RadiationType, "PHOTON");
  putString(item, DCM_TreatmentDeliveryType, record.treatment ? "TREATMENT" : "SETUP");
  putString(item, DCM_NumberOfWedges, "0");
  putString(item, DCM_NumberOfCompensators, "0");
  putString(item, DCM_NumberOfBoli, "0");
  putString(item, DCM_NumberOfBlocks, "0");
  putString(item, DCM_FinalCumulativeMetersetWeight, "1");
  putString(item, DCM_NumberOfControlPoints, text(2 * int(1 + beam.subfields.size())));
  putControlPoints(item, beam, *energyMeV);
  putString(item, DCM_ReferencedPatientSetupNumber, text(record.setupNumber));
  putString(item, DCM_ReferencedToleranceTableNumber, "1");
}

}  // namespace

PlanMachine planMachine(const dose::Machine& machine) {
  return {machine.name, machine.version, machine.checksum, machine.sadMm, machine.mlc.leafBoundariesMm};
}

std::string planSopInstanceUid(const RtPlan& plan, InstanceUids uids) {
  std::string seed = plan.identity.seriesInstanceUid + "/rtplan/" + plan.label;
  for (const PlanBeam& beam : plan.beams) seed += "/" + beam.beam.name + ":" + decimalString(beam.monitorUnits);
  return instanceUid(uids, seed);
}

ExportedPlan writeRtPlan(const RtPlan& plan, const std::filesystem::path& folder, const RtPlanExportOptions& options) {
  const core::SeriesIdentity& identity = plan.identity;
  if (plan.beams.empty()) refusePlan("the plan has no treatment beams; expected at least one");
  if (identity.studyInstanceUid.empty() || identity.frameOfReferenceUid.empty())
    refusePlan("the plan's identity lacks a Study Instance or Frame of Reference UID; expected those of the planning CT");
  if (plan.label.empty() || plan.label.size() > MAX_SHORT_STRING)
    refusePlan("RT Plan Label '" + plan.label + "' has " + text(int(plan.label.size())) + " characters; expected 1 to 16");
  if (plan.machine.name.empty() || plan.machine.name.size() > MAX_SHORT_STRING)
    refusePlan("machine name '" + plan.machine.name + "' has " + text(int(plan.machine.name.size())) +
               " characters; Treatment Machine Name holds 1 to 16");
  for (const PlanBeam& beam : plan.beams)
    if (!(beam.monitorUnits > 0) || !std::isfinite(beam.monitorUnits))
      refusePlan("beam '" + beam.beam.name + "' has " + decimalString(beam.monitorUnits) + " MU; expected a positive meterset");
  const bool reviewed = plan.approval.status != ApprovalStatus::Unapproved;
  if (reviewed && (plan.approval.reviewerName.empty() || plan.approval.reviewDate.empty()))
    refusePlan(approvalTerm(plan.approval.status) + " plan has no reviewer name or review date; expected both");
  createFolder(folder);

  ExportedPlan exported;
  exported.sopInstanceUid = options.sopInstanceUid.empty() ? planSopInstanceUid(plan, options.uids) : options.sopInstanceUid;
  const std::string seriesUid = instanceUid(options.uids, exported.sopInstanceUid + "/series");
  OFString date = identity.studyDate.c_str(), time = identity.studyTime.c_str();
  if (options.uids == InstanceUids::Fresh) {
    DcmDate::getCurrentDate(date);
    DcmTime::getCurrentTime(time);
  }

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  putCommonModules(ds, identity, UID_RTPlanStorage, exported.sopInstanceUid);
  // RT Series
  putString(ds, DCM_Modality, "RTPLAN");
  putString(ds, DCM_SeriesInstanceUID, seriesUid);
  putString(ds, DCM_SeriesNumber, text(options.seriesNumber));
  putString(ds, DCM_SeriesDescription, "Plan " + plan.label);
  putString(ds, DCM_OperatorsName, options.operatorsName);
  // RT General Plan
  putString(ds, DCM_RTPlanLabel, plan.label);
  if (!plan.name.empty()) putString(ds, DCM_RTPlanName, plan.name);
  putString(ds, DCM_RTPlanDescription, planDescription(plan.machine, plan.doseAlgorithm));
  putString(ds, DCM_InstanceNumber, "1");
  putString(ds, DCM_RTPlanDate, date.c_str());
  putString(ds, DCM_RTPlanTime, time.c_str());
  putString(ds, DCM_PlanIntent, "CURATIVE");
  putString(ds, DCM_RTPlanGeometry, "PATIENT");
  DcmItem& structureSet = appendItem(ds, DCM_ReferencedStructureSetSequence);
  putString(structureSet, DCM_ReferencedSOPClassUID, UID_RTStructureSetStorage);
  putString(structureSet, DCM_ReferencedSOPInstanceUID, plan.structureSetSopInstanceUid);
  for (const std::string& doseUid : plan.doseSopInstanceUids) {
    DcmItem& dose = appendItem(ds, DCM_ReferencedDoseSequence);
    putString(dose, DCM_ReferencedSOPClassUID, UID_RTDoseStorage);
    putString(dose, DCM_ReferencedSOPInstanceUID, doseUid);
  }

  // RT Prescription: the target, with the prescribed total dose as the most the record and
  // verify system may deliver to it.
  const eval::Prescription& rx = plan.prescription;
  DcmItem& reference = appendItem(ds, DCM_DoseReferenceSequence);
  putString(reference, DCM_DoseReferenceNumber, "1");
  putString(reference, DCM_DoseReferenceUID, instanceUid(options.uids, exported.sopInstanceUid + "/dose-reference"));
  putString(reference, DCM_DoseReferenceStructureType, plan.targetRoiNumber > 0 ? "VOLUME" : "SITE");
  putString(reference, DCM_DoseReferenceDescription, rx.target);
  if (plan.targetRoiNumber > 0) putString(reference, DCM_ReferencedROINumber, text(plan.targetRoiNumber));
  putString(reference, DCM_DoseReferenceType, "TARGET");
  putString(reference, DCM_DeliveryMaximumDose, decimalString(rx.totalDoseGy));
  putString(reference, DCM_TargetPrescriptionDose, decimalString(rx.totalDoseGy));

  putToleranceTable(ds, !plan.machine.leafBoundariesMm.empty());

  // RT Patient Setup: one isocentric setup per patient position the beams use.
  std::map<core::PatientPosition, int> setupNumbers;
  const auto setupOf = [&](const dose::Beam& beam) {
    const auto [it, added] = setupNumbers.emplace(beam.patientPosition, int(setupNumbers.size()) + 1);
    if (added) {
      DcmItem& setup = appendItem(ds, DCM_PatientSetupSequence);
      putString(setup, DCM_PatientPosition, std::string(core::dicomTerm(beam.patientPosition)));
      putString(setup, DCM_PatientSetupNumber, text(it->second));
      putString(setup, DCM_SetupTechnique, "ISOCENTRIC");
      putString(setup, DCM_SetupTechniqueDescription, "isocentric, laser alignment to the plan isocentre");
    }
    return it->second;
  };
  std::vector<BeamRecord> records;
  for (const PlanBeam& beam : plan.beams)
    records.push_back({&beam.beam, int(records.size()) + 1, setupOf(beam.beam), /*treatment=*/true});
  for (const dose::Beam& beam : plan.setupBeams)
    records.push_back({&beam, int(records.size()) + 1, setupOf(beam), /*treatment=*/false});

  // RT Fraction Scheme
  DcmItem& group = appendItem(ds, DCM_FractionGroupSequence);
  putString(group, DCM_FractionGroupNumber, "1");
  putString(group, DCM_NumberOfFractionsPlanned, text(rx.fractions));
  if (const std::string pattern = weeklyFractionPattern(rx.fractionsPerWeek); !pattern.empty()) {
    putString(group, DCM_NumberOfFractionPatternDigitsPerDay, "1");
    putString(group, DCM_RepeatFractionCycleLength, "1");
    putString(group, DCM_FractionPattern, pattern);
  }
  putString(group, DCM_NumberOfBeams, text(int(plan.beams.size())));
  putString(group, DCM_NumberOfBrachyApplicationSetups, "0");
  for (std::size_t b = 0; b < plan.beams.size(); ++b) {
    DcmItem& referenced = appendItem(group, DCM_ReferencedBeamSequence);
    putString(referenced, DCM_BeamDose, decimalString(plan.beams[b].beamDoseGy));
    putString(referenced, DCM_BeamMeterset, decimalString(plan.beams[b].monitorUnits));
    putString(referenced, DCM_ReferencedBeamNumber, text(int(b) + 1));
  }

  for (const BeamRecord& record : records) putBeam(ds, plan, record);

  // RT Approval
  putString(ds, DCM_ApprovalStatus, approvalTerm(plan.approval.status));
  if (reviewed) {
    putString(ds, DCM_ReviewDate, plan.approval.reviewDate);
    putString(ds, DCM_ReviewTime, plan.approval.reviewTime);
    putString(ds, DCM_ReviewerName, plan.approval.reviewerName);
  }

  exported.file = folder / ("RP." + exported.sopInstanceUid + ".dcm");
  saveExplicitLittleEndian(file, exported.file);
  return exported;
}

}  // namespace kerma::dicom
