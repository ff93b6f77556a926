#ifndef KERMA_PHANTOM_DEMO_PATIENT_H
#define KERMA_PHANTOM_DEMO_PATIENT_H

#include "kerma/core/image_series.h"
#include "kerma/structure/structure.h"

#include <vector>

namespace kerma::phantom {

/// The built-in demo patient: a synthetic male pelvis with a bone metastasis in the left
/// ischio-pubic ramus, made by Kerma's own code, the same voxel for voxel on every call.
struct DemoPatient {
  core::CtImage ct;
  /// BODY, Bladder, Rectum, FemoralHead_L/R, GTV_Met (the first course: then CTV, PTV)
  std::vector<structure::Structure> structures;
};

DemoPatient makeDemoPatient();

/// The two courses of the clinical case (CLINICAL-CASE.md) on the demo patient, each its own study
/// and Frame of Reference (docs/demo-patient.md).
enum class DemoCourse {
  /// December 2012: the planning CT's pelvis on 10 mm slices, with CTV (GTV_Met + 15 mm within
  /// bone, ≥ 150 HU) and PTV (CTV + 5 mm) besides the planning CT's structures.
  First2012 = 1,
  /// November 2019: 5 mm slices, the patient lying where secondCourseFromFirst() puts them, the
  /// bladder fuller (its lateral and superior semi-axes 1.25 times), the planning CT's structures.
  Second2019 = 2,
};

/// Where the patient lies at the second course's CT relative to the first: x_2019 =
/// secondCourseFromFirst()(x_2012) for the same point of the body (bone; the bladder changed).
/// The known answer of the rigid registration of the first course's CT onto the second's.
core::Transform<core::Patient, core::Patient> secondCourseFromFirst();

/// The CT and structures of one course: the planning CT's pelvis (makeDemoPatient, bladder as
/// the course has it) resampled onto the course's grid through the course's position (trilinear;
/// masks from one half up), the same voxel for voxel on every call.
DemoPatient makeDemoCourse(DemoCourse course);

}  // namespace kerma::phantom

#endif  // KERMA_PHANTOM_DEMO_PATIENT_H
