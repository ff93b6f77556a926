#ifndef KERMA_CORE_IEC61217_H
#define KERMA_CORE_IEC61217_H

#include "kerma/core/geometry.h"

#include <optional>
#include <string_view>

namespace kerma::core {

/// IEC 61217 coordinate systems (IEC 61217:2011 §3). Every frame has its origin at the
/// isocentre except IecPatient, whose origin is that of the DICOM patient frame. All rotations
/// are right-handed about the positive axis named, as IEC 61217 defines positive rotation
/// (counter-clockwise seen from the positive end of the axis looking towards the origin).
struct IecFixed {};               ///< "f": Xf right facing the gantry, Yf towards the gantry, Zf up
struct IecGantry {};              ///< "g": rotates with the gantry about Yf; source on +Zg
struct IecBeamLimitingDevice {};  ///< "b": rotates with the collimator about Zg; jaws/leaves in X/Y
struct IecPatientSupport {};      ///< "s": rotates with the couch about Zf
struct IecPatient {};             ///< "p": attached to the patient; Xp left, Yp head, Zp anterior

/// Patient Position (0018,5100) of the supported orientations: head or feet first towards the
/// gantry, supine or prone.
enum class PatientPosition { Hfs, Ffs, Hfp, Ffp };

/// The Patient Position defined term: "HFS", "FFS", "HFP" or "FFP".
std::string_view dicomTerm(PatientPosition position);

/// The position a defined term names; nullopt for other terms (decubitus, sitting, empty).
std::optional<PatientPosition> patientPositionFromTerm(std::string_view term);

/// Rotation of the gantry by gantryAngleDeg about Yf (IEC 61217:2011 §3.4, "gantry coordinate
/// system"). At gantry 90° the source (+Zg) points along +Xf.
Transform<IecFixed, IecGantry> fixedFromGantry(double gantryAngleDeg);

/// Rotation of the beam-limiting device by collimatorAngleDeg about Zg (IEC 61217:2011 §3.5,
/// "beam limiting device or delineator coordinate system").
Transform<IecGantry, IecBeamLimitingDevice> gantryFromBeamLimitingDevice(double collimatorAngleDeg);

/// Isocentric rotation of the patient support by couchAngleDeg about Zf (IEC 61217:2011 §3.6,
/// "patient support coordinate system"); positive turns counter-clockwise seen from above.
Transform<IecFixed, IecPatientSupport> fixedFromPatientSupport(double couchAngleDeg);

/// Orientation of the patient on the table top (IEC 61217:2011 §3.7–3.8, table-top and patient
/// coordinate systems), with table-top eccentric rotation, pitch and roll zero so the table top
/// is aligned with the patient support. HFS is the identity; FFS turns 180° about Zs; HFP 180°
/// about Ys; FFP both. Pure rotation: the isocentre is placed by patientFromBeamLimitingDevice.
Transform<IecPatientSupport, IecPatient> patientSupportFromIecPatient(PatientPosition position);

/// The one place that relates IEC patient coordinates (left, superior, anterior) to DICOM patient
/// coordinates (left, posterior, superior): x_LPS = Xp, y_LPS = −Zp, z_LPS = Yp. Both frames are
/// attached to the patient's anatomy, so this matrix does not depend on the patient position,
/// which patientSupportFromIecPatient holds. Pure rotation about the DICOM origin.
Transform<Patient, IecPatient> dicomPatientFromIecPatient();

/// The whole chain, DICOM patient from beam-limiting device, with the isocentre (DICOM patient
/// coordinates, mm) at the origin of the beam-limiting-device frame:
/// T(iso) · dicomFromIecPatient · iecPatientFromSupport · supportFromFixed · fixedFromGantry ·
/// gantryFromBld.
Transform<Patient, IecBeamLimitingDevice> patientFromBeamLimitingDevice(
    double gantryAngleDeg, double collimatorAngleDeg, double couchAngleDeg,
    PatientPosition position, const Point3<Patient>& isocenterMm);

/// Source position in DICOM patient coordinates, mm: the point (0, 0, sadMm) of the
/// beam-limiting-device frame.
Point3<Patient> sourcePositionMm(const Transform<Patient, IecBeamLimitingDevice>& patientFromBld,
                                 double sadMm);

/// Unit direction of the beam's central axis (from the source towards the isocentre, −Zb) in
/// DICOM patient coordinates.
Vector3<Patient> beamAxisDirection(const Transform<Patient, IecBeamLimitingDevice>& patientFromBld);

}  // namespace kerma::core

#endif  // KERMA_CORE_IEC61217_H
