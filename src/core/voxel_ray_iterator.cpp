#include "kerma/core/voxel_ray_iterator.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kerma::core {

VoxelRayIterator::VoxelRayIterator(const VolumeGeometry& grid, Point3<Patient> pSource,
                                   Vector3<Patient> dir, double tEndMm)
    : tEndMm_(tEndMm) {
  assert(std::abs(dir.length() - 1) < 1e-6 && "ray direction is a unit vector");
  const Transform<Voxel, Patient> voxelFromPatient = grid.voxelFromPatient();
  const Point3<Voxel> p = voxelFromPatient(pSource);
  const Vector3<Voxel> d = voxelFromPatient(dir);
  const std::array<double, 3> pIndex = {p.x, p.y, p.z};
  const std::array<double, 3> dIndex = {d.x, d.y, d.z};
  std::array<double, 3> inverseDir{};
  constexpr double INFINITE = std::numeric_limits<double>::infinity();

  // Clip [0, tEnd] to the slabs -0.5 <= index <= size - 0.5 on each axis.
  double tEnter = 0, tExit = tEndMm;
  for (int axis = 0; axis < 3; ++axis) {
    const double lo = -0.5, hi = grid.size()[axis] - 0.5;
    if (dIndex[axis] == 0) {
      if (pIndex[axis] < lo || pIndex[axis] > hi) return;
      continue;
    }
    inverseDir[axis] = 1.0 / dIndex[axis];
    const double t0 = (lo - pIndex[axis]) * inverseDir[axis];
    const double t1 = (hi - pIndex[axis]) * inverseDir[axis];
    tEnter = std::max(tEnter, std::min(t0, t1));
    tExit = std::min(tExit, std::max(t0, t1));
  }
  if (!(tEnter < tExit)) return;

  t_ = tEnter;
  tEndMm_ = tExit;
  for (int axis = 0; axis < 3; ++axis) {
    const std::int64_t size = grid.size()[axis];
    const double x = pIndex[axis] + tEnter * dIndex[axis];
    index_[axis] = std::clamp<std::int64_t>(std::int64_t(std::floor(x + 0.5)), 0, size - 1);
    if (dIndex[axis] == 0) {
      step_[axis] = 0;
      exitIndex_[axis] = -1;  // never reached: the index does not move
      tNextFace_[axis] = INFINITE;
      continue;
    }
    step_[axis] = dIndex[axis] > 0 ? 1 : -1;
    exitIndex_[axis] = step_[axis] > 0 ? size : -1;
    tDelta_[axis] = std::abs(inverseDir[axis]);
    tNextFace_[axis] = (double(index_[axis]) + 0.5 * double(step_[axis]) - pIndex[axis]) * inverseDir[axis];
  }
  done_ = false;
}

}  // namespace kerma::core
