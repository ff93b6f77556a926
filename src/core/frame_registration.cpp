#include "kerma/core/frame_registration.h"

#include "kerma/core/parallel.h"

#include <algorithm>

namespace kerma::core {

Point3<Patient> DisplacementField::movingPoint(const Point3<Patient>& p) const {
  const Point3<Voxel> v = grid.voxelFromPatient()(p);
  const Point3<Patient> inside = grid.patientFromVoxel()(Point3<Voxel>{std::clamp(v.x, 0.0, double(grid.size()[0] - 1)),
                                                                       std::clamp(v.y, 0.0, double(grid.size()[1] - 1)),
                                                                       std::clamp(v.z, 0.0, double(grid.size()[2] - 1))});
  double d[3];
  for (std::size_t c = 0; c < 3; ++c) d[c] = sampleTrilinear(displacementMm[c], inside).value_or(0.0);
  return {p.x + d[0], p.y + d[1], p.z + d[2]};
}

Point3<Patient> FrameRegistration::movingPoint(const Point3<Patient>& fixedPoint) const {
  return deformation ? deformation->movingPoint(fixedPoint) : fixedFromMoving.inverse()(fixedPoint);
}

template <class T>
Volume<T> mapOntoFixed(const Volume<T>& moving, const VolumeGeometry& fixedGrid, T outsideValue,
                       const FrameRegistration& registration) {
  if (!registration.deformation) return resample(moving, fixedGrid, outsideValue, registration.fixedFromMoving.inverse());
  Volume<T> result(fixedGrid, outsideValue);
  parallelFor(std::size_t(fixedGrid.size()[2]), 0, [&](std::size_t slice) {
    const int k = int(slice);
    for (int j = 0; j < fixedGrid.size()[1]; ++j)
      for (int i = 0; i < fixedGrid.size()[0]; ++i)
        if (const auto value = sampleTrilinear(moving, registration.deformation->movingPoint(fixedGrid.patientPoint({i, j, k}))))
          result.at({i, j, k}) = T(*value);
  });
  return result;
}

template Volume<float> mapOntoFixed(const Volume<float>&, const VolumeGeometry&, float, const FrameRegistration&);

}  // namespace kerma::core
