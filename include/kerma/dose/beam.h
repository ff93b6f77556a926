#ifndef KERMA_DOSE_BEAM_H
#define KERMA_DOSE_BEAM_H

#include "kerma/core/geometry.h"
#include "kerma/core/iec61217.h"

#include <optional>
#include <string>
#include <vector>

namespace kerma::dose {

/// Jaw positions: signed coordinates in the IEC beam-limiting-device frame projected to the
/// isocentre plane, mm, as DICOM Leaf/Jaw Positions (300A,011C). X1 < X2 along Xb, Y1 < Y2 along
/// Yb; a 10 × 10 cm² field is {−50, 50, −50, 50}.
struct JawsMm {
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  friend bool operator==(const JawsMm&, const JawsMm&) = default;
};

/// MLC leaf-tip positions, same convention as JawsMm: one value per leaf pair, pairs ordered from
/// −Yb to +Yb (pair n spans Machine::mlc.leafBoundariesMm[n..n+1]). x1Mm[n] ≤ x2Mm[n]; a closed
/// pair has x2Mm[n] − x1Mm[n] equal to the machine's minimum gap.
struct MlcLeaves {
  std::vector<double> x1Mm, x2Mm;
  friend bool operator==(const MlcLeaves&, const MlcLeaves&) = default;
};

/// A field-in-field subfield: a step-and-shoot segment of a beam with the beam's jaws and angles
/// and its own leaves, delivering metersetShare of the beam's monitor units.
struct Subfield {
  MlcLeaves leaves;
  double metersetShare = 0;  ///< in (0, 1); the open field delivers what the subfields leave
  friend bool operator==(const Subfield&, const Subfield&) = default;
};

/// One photon beam as the dose engine sees it: a static field, or a field and its subfields
/// delivered step and shoot. Angles per IEC 61217 (see kerma/core/iec61217.h); the field opening
/// is jaws ∩ leaves.
struct Beam {
  std::string name;
  double gantryAngleDeg = 0;
  double collimatorAngleDeg = 0;
  double couchAngleDeg = 0;
  core::PatientPosition patientPosition = core::PatientPosition::Hfs;
  core::Point3<core::Patient> isocenterMm;  ///< DICOM patient coordinates, mm
  JawsMm jawsMm;
  std::optional<MlcLeaves> leaves;  ///< absent: jaws-only field; with subfields: the open field
  /// Field-in-field segments after the open field (they need leaves): the open field delivers
  /// 1 − Σ metersetShare of the MU (openFieldShare).
  std::vector<Subfield> subfields;
  double weight = 1;                ///< relative weight within the plan
  double ssdMm = 0;                 ///< source–skin distance along the central axis, mm (0: unknown)
  std::string energy = "6X";

  double openFieldShare() const {
    double share = 1;
    for (const Subfield& subfield : subfields) share -= subfield.metersetShare;
    return share;
  }

  /// DICOM patient from IEC beam-limiting device for this beam's angles, position and isocentre.
  core::Transform<core::Patient, core::IecBeamLimitingDevice> patientFromBeamLimitingDevice() const {
    return core::patientFromBeamLimitingDevice(gantryAngleDeg, collimatorAngleDeg, couchAngleDeg,
                                               patientPosition, isocenterMm);
  }
};

}  // namespace kerma::dose

#endif  // KERMA_DOSE_BEAM_H
