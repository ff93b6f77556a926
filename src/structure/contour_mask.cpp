#include "kerma/structure/contour_mask.h"

#include "kerma/core/error.h"
#include "kerma/structure/contour_rasterization.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace kerma::structure {

namespace {

constexpr double PARALLEL_TOLERANCE = 1e-3;  // |1 - n1 . n2| for planes counted as parallel

// One plane of contours, at `positionMm` along the common normal.
struct ContourPlane {
  double positionMm;
  std::vector<const PlanarContour*> contours;
};

std::vector<ContourPlane> groupByPlane(const std::vector<PlanarContour>& contours,
                                       const core::Vector3<core::Patient>& normal) {
  std::vector<ContourPlane> planes;
  for (const auto& c : contours) {
    if (c.pointsMm.empty()) continue;
    const auto& p = c.pointsMm.front();
    const double s = core::Vector3<core::Patient>{p.x, p.y, p.z}.dot(normal);
    auto same = std::find_if(planes.begin(), planes.end(), [&](const ContourPlane& plane) {
      return std::abs(plane.positionMm - s) < SLICE_PLANE_TOLERANCE_MM;
    });
    if (same == planes.end()) planes.push_back({s, {}}), same = planes.end() - 1;
    same->contours.push_back(&c);
  }
  std::sort(planes.begin(), planes.end(),
            [](const ContourPlane& a, const ContourPlane& b) { return a.positionMm < b.positionMm; });
  return planes;
}

double medianSpacingMm(const std::vector<ContourPlane>& planes, double fallbackMm) {
  if (planes.size() < 2) return fallbackMm;
  std::vector<double> gaps;
  for (std::size_t n = 1; n < planes.size(); ++n) gaps.push_back(planes[n].positionMm - planes[n - 1].positionMm);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return gaps[gaps.size() / 2];
}

// Contours on planes parallel to grid's slices: each slice takes the nearest plane's contours,
// moved onto the slice along the normal.
Mask maskFromParallelContours(const std::vector<ContourPlane>& planes, const core::VolumeGeometry& grid) {
  const Eigen::Vector3d n = grid.directionCosines().col(2);
  const core::Vector3<core::Patient> normal{n.x(), n.y(), n.z()};
  const double reachMm = 0.5 * medianSpacingMm(planes, grid.spacingMm()[2]) + SLICE_PLANE_TOLERANCE_MM;
  std::vector<PlanarContour> onSlices;
  for (int k = 0; k < grid.size()[2]; ++k) {
    const auto pk = grid.patientPoint({0, 0, k});
    const double sliceMm = core::Vector3<core::Patient>{pk.x, pk.y, pk.z}.dot(normal);
    const auto nearest = std::min_element(planes.begin(), planes.end(), [&](const auto& a, const auto& b) {
      return std::abs(a.positionMm - sliceMm) < std::abs(b.positionMm - sliceMm);
    });
    if (nearest == planes.end() || std::abs(nearest->positionMm - sliceMm) > reachMm) continue;
    const auto shift = normal * (sliceMm - nearest->positionMm);
    for (const PlanarContour* c : nearest->contours) {
      PlanarContour moved;
      moved.pointsMm.reserve(c->pointsMm.size());
      for (const auto& p : c->pointsMm) moved.pointsMm.push_back(p + shift);
      onSlices.push_back(std::move(moved));
    }
  }
  return rasterizeContours(onSlices, grid);
}

// A grid whose slices are the contour planes (normal `normal`), covering every contour point with
// the in-plane spacing of `like`.
core::VolumeGeometry gridOfPlanes(const std::vector<ContourPlane>& planes, const core::Vector3<core::Patient>& normal,
                                  const core::VolumeGeometry& like) {
  const Eigen::Vector3d w(normal.x, normal.y, normal.z);
  // Any in-plane basis will do; start from the axis least aligned with the normal.
  Eigen::Index least = 0;
  w.cwiseAbs().minCoeff(&least);
  const Eigen::Vector3d seed = Eigen::Vector3d::Unit(least);
  const Eigen::Vector3d u = (seed - w * w.dot(seed)).normalized();
  const Eigen::Vector3d v = w.cross(u);
  Eigen::Matrix3d direction;
  direction << u, v, w;
  const double pixelMm = std::min(like.spacingMm()[0], like.spacingMm()[1]);
  Eigen::Vector3d lo = Eigen::Vector3d::Constant(std::numeric_limits<double>::max()), hi = -lo;
  for (const auto& plane : planes)
    for (const PlanarContour* c : plane.contours)
      for (const auto& p : c->pointsMm) {
        const Eigen::Vector3d q = direction.transpose() * Eigen::Vector3d(p.x, p.y, p.z);
        lo = lo.cwiseMin(q);
        hi = hi.cwiseMax(q);
      }
  const double sliceMm = medianSpacingMm(planes, like.spacingMm()[2]);
  const int nu = int(std::ceil((hi.x() - lo.x()) / pixelMm)) + 3;
  const int nv = int(std::ceil((hi.y() - lo.y()) / pixelMm)) + 3;
  // One empty slice beyond each end plane, so that interpolating onto the target grid puts the
  // boundary half a plane spacing beyond the end planes, as each plane stands for its slab.
  const int nw = int(std::lround((hi.z() - lo.z()) / sliceMm)) + 3;
  const Eigen::Vector3d origin = direction * Eigen::Vector3d(lo.x() - pixelMm, lo.y() - pixelMm, lo.z() - sliceMm);
  return core::VolumeGeometry({nu, nv, nw}, {origin.x(), origin.y(), origin.z()}, {pixelMm, pixelMm, sliceMm},
                              direction);
}

}  // namespace

std::optional<core::Vector3<core::Patient>> contourNormal(const PlanarContour& contour) {
  core::Vector3<core::Patient> n;
  const auto& p = contour.pointsMm;
  for (std::size_t a = 0; a < p.size(); ++a) {
    const auto& c = p[a];
    const auto& d = p[(a + 1) % p.size()];
    n.x += (c.y - d.y) * (c.z + d.z);
    n.y += (c.z - d.z) * (c.x + d.x);
    n.z += (c.x - d.x) * (c.y + d.y);
  }
  const double length = n.length();
  if (!(length > 0)) return std::nullopt;
  return n / length;
}

std::vector<StrayVertex> strayVertices(const std::vector<PlanarContour>& contours, const core::VolumeGeometry& grid,
                                       double marginMm) {
  const auto toVoxel = grid.voxelFromPatient();
  std::vector<StrayVertex> stray;
  for (std::size_t c = 0; c < contours.size(); ++c)
    for (std::size_t v = 0; v < contours[c].pointsMm.size(); ++v) {
      const auto& pointMm = contours[c].pointsMm[v];
      const auto ijk = toVoxel(pointMm);
      const std::array<double, 3> index{ijk.x, ijk.y, ijk.z};
      // Along each grid axis, how far the point lies beyond the outer face of the first or last voxel.
      std::array<double, 3> beyondMm{};
      for (int axis = 0; axis < 3; ++axis)
        beyondMm[axis] = std::max({-0.5 - index[axis], index[axis] - (grid.size()[axis] - 0.5), 0.0}) *
                         grid.spacingMm()[axis];
      const double outsideMm = std::hypot(beyondMm[0], beyondMm[1], beyondMm[2]);
      if (outsideMm > marginMm) stray.push_back({c, v, pointMm, outsideMm});
    }
  return stray;
}

std::optional<EdgeCrossing> firstEdgeCrossing(const PlanarContour& contour) {
  const auto& p = contour.pointsMm;
  const std::size_t n = p.size();
  if (n < 4) return std::nullopt;
  // The plane's normal from the widest triangle on the first point, not Newell's: a bow tie has no
  // net area.
  std::size_t far = 0;
  for (std::size_t v = 1; v < n; ++v)
    if ((p[v] - p[0]).length() > (p[far] - p[0]).length()) far = v;
  core::Vector3<core::Patient> normal;
  for (std::size_t v = 1; v < n; ++v) {
    const auto candidate = (p[far] - p[0]).cross(p[v] - p[0]);
    if (candidate.length() > normal.length()) normal = candidate;
  }
  if (!(normal.length() > 0)) return std::nullopt;  // all on one line
  // In the plane: drop the coordinate along which the normal points most.
  const double ax = std::abs(normal.x), ay = std::abs(normal.y), az = std::abs(normal.z);
  const int drop = az >= ax && az >= ay ? 2 : (ax >= ay ? 0 : 1);
  std::vector<std::array<double, 2>> q(n);
  for (std::size_t v = 0; v < n; ++v) {
    const double c[3] = {p[v].x, p[v].y, p[v].z};
    q[v] = {c[drop == 0 ? 1 : 0], c[drop == 2 ? 1 : 2]};
  }
  auto orientation = [&](const std::array<double, 2>& a, const std::array<double, 2>& b, const std::array<double, 2>& c) {
    const double cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    return (cross > 0) - (cross < 0);
  };
  // Edges by their lowest first coordinate, so that each is compared only with those whose span
  // along it overlaps its own.
  std::vector<std::size_t> edges(n);
  for (std::size_t e = 0; e < n; ++e) edges[e] = e;
  auto low = [&](std::size_t e) { return std::min(q[e][0], q[(e + 1) % n][0]); };
  auto high = [&](std::size_t e) { return std::max(q[e][0], q[(e + 1) % n][0]); };
  std::sort(edges.begin(), edges.end(), [&](std::size_t a, std::size_t b) { return low(a) < low(b); });
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t e = edges[s];
    const auto &a = q[e], &b = q[(e + 1) % n];
    for (std::size_t t = s + 1; t < n && low(edges[t]) <= high(e); ++t) {
      const std::size_t f = edges[t];
      const auto &c = q[f], &d = q[(f + 1) % n];
      if (orientation(a, b, c) * orientation(a, b, d) >= 0 || orientation(c, d, a) * orientation(c, d, b) >= 0) continue;
      // Proper crossing: neighbours share a vertex and cannot cross properly.
      const double da = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
      const double db = (b[0] - a[0]) * (d[1] - a[1]) - (b[1] - a[1]) * (d[0] - a[0]);
      const double t0 = da / (da - db);
      const auto& pc = p[f];
      const auto& pd = p[(f + 1) % n];
      return EdgeCrossing{std::min(e, f), std::max(e, f), core::lerp(t0, pc, pd)};
    }
  }
  return std::nullopt;
}

Mask maskFromContours(const std::vector<PlanarContour>& contours, const core::VolumeGeometry& grid) {
  const Eigen::Vector3d g = grid.directionCosines().col(2);
  const core::Vector3<core::Patient> gridNormal{g.x(), g.y(), g.z()};
  std::optional<core::Vector3<core::Patient>> common;
  for (std::size_t c = 0; c < contours.size(); ++c) {
    const auto n = contourNormal(contours[c]);
    if (!n) continue;  // a degenerate polygon covers no voxel centre
    const auto aligned = n->dot(common.value_or(*n)) < 0 ? -*n : *n;
    if (common && 1 - aligned.dot(*common) > PARALLEL_TOLERANCE)
      throw Error(ErrorCode::BadInput, "contour " + std::to_string(c) +
                                           " lies on a plane that is not parallel to the others; expected "
                                           "planar contours on one set of parallel planes");
    if (!common) common = aligned;
  }
  if (!common) return Mask(grid, 0);
  if (1 - std::abs(common->dot(gridNormal)) <= PARALLEL_TOLERANCE)
    return maskFromParallelContours(groupByPlane(contours, gridNormal), grid);
  const auto planes = groupByPlane(contours, *common);
  const core::VolumeGeometry own = gridOfPlanes(planes, *common, grid);
  return core::resample(maskFromParallelContours(planes, own), grid, std::uint8_t(0));
}

}  // namespace kerma::structure
