#ifndef KERMA_DICOM_RTPLAN_EXPORT_H
#define KERMA_DICOM_RTPLAN_EXPORT_H

#include "kerma/core/image_series.h"
#include "kerma/dicom/uid.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/eval/prescription.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// Approval Status (300E,0002) of the RT Approval module.
enum class ApprovalStatus { Unapproved, Approved, Rejected };

/// Who approved (or rejected) a plan and when. reviewerName, reviewDate and reviewTime are
/// written only for Approved and Rejected, where DICOM requires them.
struct PlanApproval {
  ApprovalStatus status = ApprovalStatus::Unapproved;
  std::string reviewerName;  ///< DICOM PN form, e.g. "PHYSICIST^ANNA"
  std::string reviewDate;    ///< YYYYMMDD
  std::string reviewTime;    ///< HHMMSS
};

/// The treatment machine a plan was made for, as the plan records it (docs/methods/dicom-rt-plan.md):
/// the name in Treatment Machine Name (at most 16 characters), name and version in
/// Manufacturer's Model Name, and name, version and checksum in RT Plan Description.
struct PlanMachine {
  std::string name;      ///< e.g. "Generic 6 MV"
  std::string version;   ///< machine.json's version, e.g. "1.0.0"
  std::string checksum;  ///< SHA-256 of machine.json, 64 hex digits
  double sadMm = 1000;   ///< source–axis distance, mm
  std::vector<double> leafBoundariesMm;  ///< MLC leaf-pair boundaries at the isocentre, mm; empty: no MLC
};

/// The identity and geometry of machine that a plan records.
PlanMachine planMachine(const dose::Machine& machine);

/// A treatment beam with what it delivers in each fraction.
struct PlanBeam {
  dose::Beam beam;
  double monitorUnits = 0;  ///< Beam Meterset per fraction, MU
  double beamDoseGy = 0;    ///< dose per fraction from this beam at the target's dose reference, Gy
};

/// A 3D-conformal photon plan as an RT Plan holds it.
struct RtPlan {
  core::SeriesIdentity identity;  ///< patient, study and Frame of Reference (the planning CT's)
  std::string label = "KERMA";    ///< RT Plan Label (300A,0002), at most 16 characters
  std::string name;               ///< RT Plan Name (300A,0003), at most 64 characters
  eval::Prescription prescription;  ///< total dose, fractions, fractions per week, target name
  int targetRoiNumber = 0;  ///< ROI Number of the target in the referenced RT Structure Set; 0: none
  PlanMachine machine;
  std::string doseAlgorithm;       ///< e.g. "Kerma collapsed cone 1.0"; empty: no dose computed
  std::vector<PlanBeam> beams;     ///< treatment beams, numbered 1, 2, … in this order
  std::vector<dose::Beam> setupBeams;  ///< setup (imaging) beams, numbered after the treatment beams
  PlanApproval approval;
  std::string structureSetSopInstanceUid;        ///< the RT Structure Set the plan was made on
  std::vector<std::string> doseSopInstanceUids;  ///< RT Doses computed for the plan
};

/// Choices of an RT Plan export beyond the plan itself.
struct RtPlanExportOptions {
  InstanceUids uids = InstanceUids::Fresh;
  /// SOP Instance UID to write; empty: made by planSopInstanceUid. Lets an RT Dose that
  /// references the plan be written first, so that the plan can reference the dose in turn.
  std::string sopInstanceUid;
  int seriesNumber = 901;
  std::string operatorsName;  ///< DICOM PN form
};

/// The SOP Instance UID writeRtPlan gives plan when options.sopInstanceUid is empty (for
/// Reproducible, derived from the CT series, the label and the beams' meterset).
std::string planSopInstanceUid(const RtPlan& plan, InstanceUids uids);

/// What writeRtPlan wrote.
struct ExportedPlan {
  std::filesystem::path file;
  std::string sopInstanceUid;
};

/// Writes plan as an RT Plan (Explicit VR Little Endian) into folder (created if absent), named
/// RP.<SOP Instance UID>.dcm: RT General Plan (geometry PATIENT, referencing the structure set
/// and doses), RT Prescription (one TARGET dose reference: VOLUME on targetRoiNumber, SITE when
/// 0), RT Tolerance Tables (one table), RT Patient Setup (one ISOCENTRIC setup per patient
/// position), RT Fraction Scheme (one fraction group), RT Beams (STATIC PHOTON beams with ASYMX,
/// ASYMY and, where the beam has leaves, MLCX; two control points, cumulative meterset weight
/// 0 → 1) and RT Approval. docs/methods/dicom-rt-plan.md lists every attribute. Throws
/// kerma::Error (BadInput) naming the item when the plan cannot be written as asked: no
/// treatment beams, no Study Instance or Frame of Reference UID, a label over 16 or a machine
/// name over 16 characters, a beam whose leaf count differs from the machine's pairs or whose
/// energy is not "<n>X", a meterset that is not positive, an approval without reviewer; Io
/// naming the path when it cannot be written.
ExportedPlan writeRtPlan(const RtPlan& plan, const std::filesystem::path& folder,
                         const RtPlanExportOptions& options = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTPLAN_EXPORT_H
