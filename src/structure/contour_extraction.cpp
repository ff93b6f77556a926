#include "kerma/structure/contour_extraction.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <utility>

namespace kerma::structure {

namespace {

using PatientPoint = core::Point3<core::Patient>;

// Marching squares on the cell whose corners are the voxel centres c0 = (i, j), c1 = (i+1, j),
// c2 = (i+1, j+1), c3 = (i, j+1). Edge e_m runs from c_m to c_(m+1). A segment starts on an edge
// the ring leaves the inside through (c_m inside, c_(m+1) outside) and ends on the nearest edge
// before it, going clockwise round the cell, through which it enters: the inside stays on the
// left, and at a saddle each inside corner is cut off on its own (diagonal voxels are not joined).
struct CellSegments {
  int count = 0;
  std::array<std::pair<int, int>, 2> edges{};  // (from edge, to edge)
};

constexpr std::array<CellSegments, 16> makeCellTable() {
  std::array<CellSegments, 16> table{};
  for (int cellCase = 0; cellCase < 16; ++cellCase) {
    const auto inside = [cellCase](int corner) { return ((cellCase >> (corner & 3)) & 1) != 0; };
    for (int m = 0; m < 4; ++m) {
      if (!inside(m) || inside(m + 1)) continue;
      int entry = (m + 3) % 4;
      while (inside(entry) || !inside(entry + 1)) entry = (entry + 3) % 4;
      table[cellCase].edges[table[cellCase].count++] = {m, entry};
    }
  }
  return table;
}

constexpr std::array<CellSegments, 16> CELL_TABLE = makeCellTable();

// Vertices sit at the midpoints between neighbouring voxel centres of the grid padded by one
// empty voxel on every side. Each has an id: horizontal midpoints (between (i, j) and (i+1, j))
// are even, vertical ones (between (i, j) and (i, j+1)) odd.
class MidpointIds {
 public:
  MidpointIds(int nx, int ny) : width_(nx + 2), count_(2 * std::size_t(nx + 2) * std::size_t(ny + 2)) {}
  std::size_t count() const { return count_; }
  // Midpoint on edge e_m of the cell with lower corner (i, j); i, j >= -1.
  std::int64_t onCellEdge(int i, int j, int m) const {
    switch (m) {
      case 0: return horizontal(i, j);
      case 1: return vertical(i + 1, j);
      case 2: return horizontal(i, j + 1);
      case 3: return vertical(i, j);
    }
    assert(false && "cell edges are numbered 0 to 3");
    return -1;
  }
  // Continuous (i, j) of a midpoint.
  std::pair<double, double> position(std::int64_t id) const {
    const std::int64_t cell = id / 2;
    const double i = double(cell % width_ - 1), j = double(cell / width_ - 1);
    return id % 2 == 0 ? std::pair{i + 0.5, j} : std::pair{i, j + 0.5};
  }

 private:
  std::int64_t horizontal(int i, int j) const { return 2 * ((std::int64_t(j) + 1) * width_ + i + 1); }
  std::int64_t vertical(int i, int j) const { return horizontal(i, j) + 1; }
  std::int64_t width_;
  std::size_t count_;
};

bool sliceIsEmpty(std::span<const std::uint8_t> slice) {
  return std::all_of(slice.begin(), slice.end(), [](std::uint8_t v) { return v == 0; });
}

// Rings of one slice in (i, j) index coordinates, traced from the marching-squares segments.
// next is scratch space of ids.count() entries, all -1 on entry and on return.
std::vector<std::vector<std::pair<double, double>>> traceSliceRings(
    std::span<const std::uint8_t> slice, int nx, int ny, const MidpointIds& ids,
    std::vector<std::int64_t>& next) {
  std::vector<std::int64_t> starts;
  // Rows j and j+1 as 0/1 with an empty voxel before and after, so the cell loop needs no
  // bounds checks; padded[1 + i] is voxel i.
  std::vector<std::uint8_t> lower(nx + 2, 0), upper(nx + 2, 0);
  const auto loadRow = [&](int j, std::vector<std::uint8_t>& padded) {
    if (j < 0 || j >= ny) {
      std::fill(padded.begin(), padded.end(), 0);
      return;
    }
    const std::uint8_t* row = slice.data() + std::size_t(j) * nx;
    for (int i = 0; i < nx; ++i) padded[1 + i] = row[i] != 0;
  };
  loadRow(-1, upper);
  for (int j = -1; j < ny; ++j) {
    std::swap(lower, upper);
    loadRow(j + 1, upper);
    for (int i = -1; i < nx; ++i) {
      const int cellCase = lower[i + 1] | lower[i + 2] << 1 | upper[i + 2] << 2 | upper[i + 1] << 3;
      const CellSegments& segments = CELL_TABLE[cellCase];
      for (int s = 0; s < segments.count; ++s) {
        const std::int64_t from = ids.onCellEdge(i, j, segments.edges[s].first);
        next[from] = ids.onCellEdge(i, j, segments.edges[s].second);
        starts.push_back(from);
      }
    }
  }
  std::vector<std::vector<std::pair<double, double>>> rings;
  for (const std::int64_t start : starts) {
    if (next[start] < 0) continue;  // already part of an earlier ring
    auto& ring = rings.emplace_back();
    for (std::int64_t id = start; next[id] >= 0;) {
      ring.push_back(ids.position(id));
      id = std::exchange(next[id], -1);
    }
  }
  return rings;
}

double distanceToSegmentMm(const PatientPoint& p, const PatientPoint& a, const PatientPoint& b) {
  const auto ab = b - a;
  const double lengthSquared = ab.dot(ab);
  const double t = lengthSquared > 0 ? std::clamp((p - a).dot(ab) / lengthSquared, 0.0, 1.0) : 0.0;
  return (p - lerp(t, a, b)).length();
}

}  // namespace

PlanarContour simplifyClosedContour(const PlanarContour& contour, double toleranceMm) {
  const auto& points = contour.pointsMm;
  const std::size_t n = points.size();
  if (n <= 3) return contour;
  std::size_t far = 0;
  double farMm = -1;
  for (std::size_t m = 1; m < n; ++m)
    if (const double d = (points[m] - points[0]).length(); d > farMm) {
      farMm = d;
      far = m;
    }
  // Ring indices run 0..n with n standing for 0 again, so both chains are plain index ranges.
  std::vector<bool> keep(n, false);
  keep[0] = keep[far] = true;
  struct Chain {
    std::size_t first, last;
    bool forceSplit;
  };
  // The first split of each chain is forced so that the result is a polygon, not a segment.
  std::vector<Chain> pending = {{0, far, true}, {far, n, true}};
  while (!pending.empty()) {
    const Chain chain = pending.back();
    pending.pop_back();
    if (chain.last - chain.first < 2) continue;
    const PatientPoint& a = points[chain.first];
    const PatientPoint& b = points[chain.last % n];
    std::size_t worst = chain.first + 1;
    double worstMm = -1;
    for (std::size_t m = chain.first + 1; m < chain.last; ++m)
      if (const double d = distanceToSegmentMm(points[m], a, b); d > worstMm) {
        worstMm = d;
        worst = m;
      }
    if (!chain.forceSplit && worstMm <= toleranceMm) continue;
    keep[worst] = true;
    pending.push_back({chain.first, worst, false});
    pending.push_back({worst, chain.last, false});
  }
  PlanarContour simplified;
  for (std::size_t m = 0; m < n; ++m)
    if (keep[m]) simplified.pointsMm.push_back(points[m]);
  return simplified;
}

std::vector<PlanarContour> extractContours(const Mask& mask, double toleranceMm) {
  const core::VolumeGeometry& grid = mask.geometry();
  const auto [nx, ny, nz] = grid.size();
  const MidpointIds ids(nx, ny);
  std::vector<std::int64_t> next(ids.count(), -1);
  const core::Transform<core::Patient, core::Voxel> patientFromVoxel = grid.patientFromVoxel();
  std::vector<PlanarContour> contours;
  for (int k = 0; k < nz; ++k) {
    const auto slice = mask.slice(k);
    if (sliceIsEmpty(slice)) continue;
    for (const auto& ring : traceSliceRings(slice, nx, ny, ids, next)) {
      PlanarContour contour;
      contour.pointsMm.reserve(ring.size());
      for (const auto& [i, j] : ring)
        contour.pointsMm.push_back(patientFromVoxel(core::Point3<core::Voxel>{i, j, double(k)}));
      contours.push_back(simplifyClosedContour(contour, toleranceMm));
    }
  }
  return contours;
}

void refreshContours(std::vector<Structure>& structures, const std::vector<bool>& stale) {
  assert(stale.size() == structures.size() && "one flag per structure");
  for (std::size_t n = 0; n < structures.size(); ++n)
    if (stale[n] || structures[n].contours.empty()) structures[n].contours = extractContours(structures[n].mask);
}

}  // namespace kerma::structure
