#ifndef KERMA_CORE_FRAME_REGISTRATION_H
#define KERMA_CORE_FRAME_REGISTRATION_H

#include "kerma/core/geometry.h"

#include <string>

namespace kerma::core {

/// How the patient frames of two studies (two Frames of Reference, e.g. a prior course's CT and
/// the current one) relate, as a DICOM Spatial Registration carries it: x_fixed =
/// fixedFromMoving(x_moving), LPS mm both. The fixed frame is the current study's, where prior
/// doses are mapped to.
struct FrameRegistration {
  std::string fixedFrameOfReferenceUid;
  std::string movingFrameOfReferenceUid;
  Transform<Patient, Patient> fixedFromMoving;
};

}  // namespace kerma::core

#endif  // KERMA_CORE_FRAME_REGISTRATION_H
