#ifndef KERMA_CORE_FRAME_REGISTRATION_H
#define KERMA_CORE_FRAME_REGISTRATION_H

#include "kerma/core/geometry.h"
#include "kerma/core/volume.h"

#include <array>
#include <memory>
#include <string>

namespace kerma::core {

/// Where each point of a fixed study lies in a moving one: movingPoint(p) = p + displacement(p),
/// the displacement given on a grid over the fixed study (trilinear between its points): what a
/// deformable registration finds and a Deformable Spatial Registration carries.
struct DisplacementField {
  VolumeGeometry grid;
  std::array<Volume<float>, 3> displacementMm;  ///< x, y and z components, LPS mm

  /// The moving point of p; p itself moved by the nearest grid value outside the grid.
  Point3<Patient> movingPoint(const Point3<Patient>& p) const;
};

/// How the patient frames of two studies (two Frames of Reference, e.g. a prior course's CT and
/// the current one) relate, as a DICOM Spatial Registration carries it: x_fixed =
/// fixedFromMoving(x_moving), LPS mm both. The fixed frame is the current study's, where prior
/// doses are mapped to. A deformable registration carries its field too: then a fixed point's
/// moving point is the field's and fixedFromMoving is only its rigid part (what a reader of the
/// rotation and translation is shown).
struct FrameRegistration {
  std::string fixedFrameOfReferenceUid;
  std::string movingFrameOfReferenceUid;
  Transform<Patient, Patient> fixedFromMoving;
  std::shared_ptr<const DisplacementField> deformation;  ///< nullptr: rigid

  /// The point of the moving study at fixedPoint: through the deformation when there is one.
  Point3<Patient> movingPoint(const Point3<Patient>& fixedPoint) const;
};

/// The moving study's volume on a grid of the fixed study's frame through registration, trilinear;
/// voxels that fall outside it get outsideValue. Rigid: core::resample through the inverse map.
/// For doses and mask shares: instantiated for float.
template <class T>
Volume<T> mapOntoFixed(const Volume<T>& moving, const VolumeGeometry& fixedGrid, T outsideValue,
                       const FrameRegistration& registration);

}  // namespace kerma::core

#endif  // KERMA_CORE_FRAME_REGISTRATION_H
