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
  std::vector<structure::Structure> structures;  ///< BODY, Bladder, Rectum, FemoralHead_L/R, GTV_Met
};

DemoPatient makeDemoPatient();

}  // namespace kerma::phantom

#endif  // KERMA_PHANTOM_DEMO_PATIENT_H
