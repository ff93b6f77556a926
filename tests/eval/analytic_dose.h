#ifndef KERMA_TESTS_EVAL_ANALYTIC_DOSE_H
#define KERMA_TESTS_EVAL_ANALYTIC_DOSE_H

// Analytic structures and doses for the eval tests: spheres as stacks of planar contours, and
// doses that are linear in x (which trilinear interpolation reproduces exactly).

#include "kerma/eval/dose_distribution.h"
#include "kerma/structure/structure.h"

#include <cmath>
#include <numbers>
#include <vector>

namespace kerma::testing {

/// A sphere of radiusMm about centre as circles (polygons of `vertices` points) on the planes
/// z = centre.z + n * planeSpacingMm that cut it.
inline std::vector<structure::PlanarContour> sphereContours(core::Point3<core::Patient> centre, double radiusMm,
                                                            double planeSpacingMm, int vertices = 360) {
  std::vector<structure::PlanarContour> contours;
  const int n = static_cast<int>(std::floor(radiusMm / planeSpacingMm));
  for (int k = -n; k <= n; ++k) {
    const double z = k * planeSpacingMm;
    const double r = std::sqrt(std::max(0.0, radiusMm * radiusMm - z * z));
    if (r <= 0) continue;
    structure::PlanarContour c;
    for (int v = 0; v < vertices; ++v) {
      const double phi = 2 * std::numbers::pi * v / vertices;
      c.pointsMm.push_back({centre.x + r * std::cos(phi), centre.y + r * std::sin(phi), centre.z + z});
    }
    contours.push_back(std::move(c));
  }
  return contours;
}

/// Volume of a sphere, cm³.
inline double sphereVolumeCc(double radiusMm) { return 4.0 / 3.0 * std::numbers::pi * std::pow(radiusMm, 3) / 1000; }

/// Volume, cm³, of the part of a sphere of radiusMm beyond a plane at distance t (mm, -R..R)
/// from its centre: the cap of height R - t.
inline double sphereCapCc(double radiusMm, double t) {
  const double a = std::clamp(radiusMm - t, 0.0, 2 * radiusMm);
  return std::numbers::pi * a * a * (3 * radiusMm - a) / 3 / 1000;
}

/// A physical dose in Gy on a grid of `size` voxels of spacingMm about centre, with dose
/// d0Gy + gradientGyPerMm * (x - centre.x).
inline eval::DoseDistribution linearDose(core::Point3<core::Patient> centre, std::array<int, 3> size,
                                         std::array<double, 3> spacingMm, double d0Gy, double gradientGyPerMm) {
  const core::Point3<core::Patient> origin{centre.x - 0.5 * (size[0] - 1) * spacingMm[0],
                                           centre.y - 0.5 * (size[1] - 1) * spacingMm[1],
                                           centre.z - 0.5 * (size[2] - 1) * spacingMm[2]};
  eval::DoseDistribution dose;
  dose.identity.frameOfReferenceUid = "1.2.3.4";
  dose.identity.patientId = "ANALYTIC";
  dose.doseGy = core::Volume<float>(core::VolumeGeometry(size, origin, spacingMm));
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i) {
        const auto p = dose.doseGy.geometry().patientPoint({i, j, k});
        dose.doseGy.at({i, j, k}) = static_cast<float>(d0Gy + gradientGyPerMm * (p.x - centre.x));
      }
  return dose;
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_EVAL_ANALYTIC_DOSE_H
