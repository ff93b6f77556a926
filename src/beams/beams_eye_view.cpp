#include "kerma/beams/beams_eye_view.h"

#include "kerma/core/error.h"
#include "kerma/structure/contour_extraction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace kerma::beams {

namespace {

/// Binary raster of the isocentre plane: pixel (i, j) has its centre at
/// (x0Mm + i · spacingMm, y0Mm + j · spacingMm).
struct BevRaster {
  double x0Mm = 0, y0Mm = 0, spacingMm = 1;
  int nx = 0, ny = 0;
  std::vector<std::uint8_t> inside;
};

/// Sets every pixel whose centre lies inside the polygon set by the even-odd rule, with the
/// half-open edge rule of scan conversion so that polygons sharing an edge leave no crack.
void fillEvenOdd(BevRaster& raster, const std::vector<BevPolygon>& polygons) {
  double yMin = std::numeric_limits<double>::infinity(), yMax = -yMin;
  for (const auto& polygon : polygons)
    for (const auto& p : polygon) {
      yMin = std::min(yMin, p.y);
      yMax = std::max(yMax, p.y);
    }
  if (!(yMin < yMax)) return;
  const int jFirst = std::max(0, int(std::ceil((yMin - raster.y0Mm) / raster.spacingMm)));
  const int jLast = std::min(raster.ny - 1, int(std::floor((yMax - raster.y0Mm) / raster.spacingMm)));
  std::vector<double> crossings;
  for (int j = jFirst; j <= jLast; ++j) {
    const double y = raster.y0Mm + j * raster.spacingMm;
    crossings.clear();
    for (const auto& polygon : polygons)
      for (std::size_t n = 0; n < polygon.size(); ++n) {
        const BevPointMm& a = polygon[n];
        const BevPointMm& b = polygon[(n + 1) % polygon.size()];
        if ((a.y <= y) == (b.y <= y)) continue;  // half-open: [min y, max y)
        crossings.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
      }
    std::sort(crossings.begin(), crossings.end());
    std::uint8_t* row = raster.inside.data() + std::size_t(j) * raster.nx;
    for (std::size_t n = 0; n + 1 < crossings.size(); n += 2) {
      const int iFirst = std::max(0, int(std::ceil((crossings[n] - raster.x0Mm) / raster.spacingMm)));
      const int iEnd = std::min(raster.nx, int(std::ceil((crossings[n + 1] - raster.x0Mm) / raster.spacingMm)));
      for (int i = iFirst; i < iEnd; ++i) row[i] = 1;
    }
  }
}

}  // namespace

std::optional<BevPointMm> projectToIsocenterPlane(
    const core::Transform<core::IecBeamLimitingDevice, core::Patient>& bldFromPatient, double sadMm,
    const core::Point3<core::Patient>& p) {
  const core::Point3<core::IecBeamLimitingDevice> q = bldFromPatient(p);
  if (!(q.z < sadMm)) return std::nullopt;
  const double scale = sadMm / (sadMm - q.z);
  return BevPointMm{q.x * scale, q.y * scale};
}

std::vector<BevPolygon> projectStructure(const structure::Structure& structure, const dose::Beam& beam,
                                         double sadMm, double spacingMm) {
  const auto bldFromPatient = beam.patientFromBeamLimitingDevice().inverse();
  const core::VolumeGeometry& grid = structure.mask.geometry();
  const Eigen::Vector3d normal = grid.directionCosines().col(2) * (0.5 * grid.spacingMm()[2]);
  const core::Vector3<core::Patient> halfSlab{normal.x(), normal.y(), normal.z()};

  auto project = [&](const core::Point3<core::Patient>& p) {
    const auto q = projectToIsocenterPlane(bldFromPatient, sadMm, p);
    if (!q)
      throw Error(ErrorCode::BadInput, "structure '" + structure.name + "': a point lies at or above the source of beam '" +
                                           beam.name + "'; expected the structure below the source");
    return *q;
  };

  // Faces of every slab: the slice's contours at the bottom and the top (one even-odd set per
  // slice and face), and one quadrilateral per contour edge.
  std::vector<std::vector<BevPolygon>> faceSets;
  std::vector<BevPolygon> sideQuads;
  std::map<long long, std::size_t> sliceOfKey;
  for (const auto& contour : structure.contours) {
    if (contour.pointsMm.size() < 3) continue;
    const long long key = std::llround(grid.voxelFromPatient()(contour.pointsMm.front()).z * 1000);
    auto [it, inserted] = sliceOfKey.try_emplace(key, faceSets.size());
    if (inserted) {
      faceSets.emplace_back();
      faceSets.emplace_back();
    }
    BevPolygon bottom, top;
    for (const auto& p : contour.pointsMm) {
      bottom.push_back(project(p - halfSlab));
      top.push_back(project(p + halfSlab));
    }
    for (std::size_t n = 0; n < bottom.size(); ++n) {
      const std::size_t m = (n + 1) % bottom.size();
      sideQuads.push_back({bottom[n], bottom[m], top[m], top[n]});
    }
    faceSets[it->second].push_back(std::move(bottom));
    faceSets[it->second + 1].push_back(std::move(top));
  }
  if (faceSets.empty()) return {};

  double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin, yMin = xMin, yMax = -xMin;
  for (const auto& set : faceSets)
    for (const auto& polygon : set)
      for (const auto& p : polygon) {
        xMin = std::min(xMin, p.x);
        xMax = std::max(xMax, p.x);
        yMin = std::min(yMin, p.y);
        yMax = std::max(yMax, p.y);
      }
  // Pixel centres on multiples of spacingMm, with an empty border so that outlines close.
  BevRaster raster;
  raster.spacingMm = spacingMm;
  raster.x0Mm = (std::floor(xMin / spacingMm) - 2) * spacingMm;
  raster.y0Mm = (std::floor(yMin / spacingMm) - 2) * spacingMm;
  raster.nx = int(std::ceil((xMax - raster.x0Mm) / spacingMm)) + 3;
  raster.ny = int(std::ceil((yMax - raster.y0Mm) / spacingMm)) + 3;
  raster.inside.assign(std::size_t(raster.nx) * raster.ny, 0);
  for (const auto& set : faceSets) fillEvenOdd(raster, set);
  for (const auto& quad : sideQuads) fillEvenOdd(raster, {quad});

  // The raster as a one-slice mask whose patient x and y are BLD x and y, so that the contour
  // tracer of the structure module draws the outline.
  const core::VolumeGeometry planeGrid({raster.nx, raster.ny, 1}, {raster.x0Mm, raster.y0Mm, 0},
                                       {spacingMm, spacingMm, spacingMm});
  const structure::Mask mask(planeGrid, std::vector<std::uint8_t>(raster.inside.begin(), raster.inside.end()));
  std::vector<BevPolygon> outline;
  for (const auto& contour : structure::extractContours(mask, 0.2 * spacingMm)) {
    BevPolygon polygon;
    for (const auto& p : contour.pointsMm) polygon.push_back({p.x, p.y});
    outline.push_back(std::move(polygon));
  }
  return outline;
}

bool insideField(const dose::Beam& beam, const std::vector<double>& leafBoundariesMm, const BevPointMm& p) {
  const dose::JawsMm& jaws = beam.jawsMm;
  if (p.x < jaws.x1 || p.x > jaws.x2 || p.y < jaws.y1 || p.y > jaws.y2) return false;
  if (!beam.leaves) return true;
  if (leafBoundariesMm.size() < 2 || p.y < leafBoundariesMm.front() || p.y > leafBoundariesMm.back()) return false;
  // A point on the last boundary belongs to the last pair.
  const auto above = std::upper_bound(leafBoundariesMm.begin(), leafBoundariesMm.end(), p.y);
  const std::size_t pair = std::min(std::size_t(above - leafBoundariesMm.begin()) - 1, beam.leaves->x1Mm.size() - 1);
  return p.x >= beam.leaves->x1Mm[pair] && p.x <= beam.leaves->x2Mm[pair];
}

}  // namespace kerma::beams
