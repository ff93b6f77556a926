#include "kerma/eval/dvh.h"

#include "kerma/core/error.h"
#include "kerma/core/parallel.h"
#include "kerma/structure/contour_rasterization.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

namespace kerma::eval {

namespace {

constexpr double CC_PER_MM3 = 1e-3;
constexpr int DEFAULT_BIN_COUNT = 4000;
constexpr double MIN_BIN_WIDTH_GY = 1e-9;
// Structures are integrated in up to this many independent parts, merged in a fixed order so that
// the result does not depend on the number of threads.
constexpr std::size_t PART_COUNT = 8;
// The row segments a structure's DVH is sampled with, about at most (see computeDvhs).
constexpr double MAX_ROW_SEGMENTS = 2e6;
// A dose segment spanning at most this many bin edges is added edge by edge; longer ones as a
// ramp in two running sums (see CumulativeAccumulator).
constexpr double SHORT_SEGMENT_EDGES = 8;

// The cumulative DVH at the bin edges e = 0, 1, ... (dose e * binWidth), accumulated from volumes
// spread uniformly over dose intervals. A volume V spread over [a, b] (in bin units) adds V to
// C(e) for e <= a and V (b - e) / (b - a) for a < e <= b: a step and a ramp, each kept as
// differences of running sums, so that a segment costs O(1) however many bins it spans.
class CumulativeAccumulator {
 public:
  CumulativeAccumulator(std::size_t edgeCount, double binWidthGy)
      : binWidthGy_(binWidthGy),
        binsPerGy_(1 / binWidthGy),
        lastEdge_(double(edgeCount - 1)),
        step_(edgeCount + 1),
        slope_(edgeCount + 1),
        intercept_(edgeCount + 1) {}

  void addSegment(double d0Gy, double d1Gy, double cc) {
    if (cc <= 0) return;
    double a = std::max(0.0, std::min(d0Gy, d1Gy));
    double b = std::max(0.0, std::max(d0Gy, d1Gy));
    minGy_ = std::min(minGy_, a);
    maxGy_ = std::max(maxGy_, b);
    volumeCc_ += cc;
    doseVolume_ += cc * 0.5 * (d0Gy + d1Gy);
    a = std::min(a * binsPerGy_, lastEdge_);
    b = std::min(b * binsPerGy_, lastEdge_);
    const auto fa = static_cast<std::size_t>(a);
    const auto fb = static_cast<std::size_t>(b);
    // The step up at edge 0 is every segment's: volumeCc_, added in result().
    step_[fa + 1] -= cc;
    if (fb == fa) return;  // no edge in (a, b]
    const double perBin = cc / (b - a);
    if (double(fb - fa) <= SHORT_SEGMENT_EDGES) {
      for (std::size_t e = fa + 1; e <= fb; ++e) {  // a step up and down at edge e alone
        step_[e] += perBin * (b - double(e));
        step_[e + 1] -= perBin * (b - double(e));
      }
      return;
    }
    slope_[fa + 1] -= perBin;
    slope_[fb + 1] += perBin;
    intercept_[fa + 1] += perBin * b;
    intercept_[fb + 1] -= perBin * b;
  }

  void addOutside(double cc) {
    outsideCc_ += cc;
    addSegment(0, 0, cc);
  }

  void merge(const CumulativeAccumulator& other) {
    for (std::size_t e = 0; e < step_.size(); ++e) {
      step_[e] += other.step_[e];
      slope_[e] += other.slope_[e];
      intercept_[e] += other.intercept_[e];
    }
    volumeCc_ += other.volumeCc_;
    doseVolume_ += other.doseVolume_;
    outsideCc_ += other.outsideCc_;
    minGy_ = std::min(minGy_, other.minGy_);
    maxGy_ = std::max(maxGy_, other.maxGy_);
  }

  Dvh result() const {
    Dvh dvh;
    dvh.binWidthGy = binWidthGy_;
    dvh.cumulativeCc.resize(step_.size() - 1);
    double s = volumeCc_, slope = 0, intercept = 0;
    for (std::size_t e = 0; e + 1 < step_.size(); ++e) {
      s += step_[e];
      slope += slope_[e];
      intercept += intercept_[e];
      dvh.cumulativeCc[e] = std::max(0.0, s + slope * double(e) + intercept);
    }
    // Trailing edges above the maximum hold nothing but rounding; drop all but one.
    while (dvh.cumulativeCc.size() > 2 && double(dvh.cumulativeCc.size() - 2) * binWidthGy_ > maxGy_)
      dvh.cumulativeCc.pop_back();
    dvh.volumeCc = volumeCc_;
    dvh.outsideDoseGridCc = outsideCc_;
    if (volumeCc_ > 0) {
      dvh.minGy = minGy_;
      dvh.maxGy = maxGy_;
      dvh.meanGy = doseVolume_ / volumeCc_;
      dvh.cumulativeCc.front() = volumeCc_;
    }
    return dvh;
  }

 private:
  double binWidthGy_, binsPerGy_, lastEdge_;
  std::vector<double> step_, slope_, intercept_;
  double volumeCc_ = 0, doseVolume_ = 0, outsideCc_ = 0;
  double minGy_ = std::numeric_limits<double>::infinity();
  double maxGy_ = 0;
};

// Lower neighbour and weight of the upper one along an axis of n voxels, clamped to the voxel
// centres: within half a voxel beyond the outermost centres the dose is the outermost value.
struct AxisWeight {
  std::int64_t lower, upper;
  double upperWeight;
};

AxisWeight clampedWeight(double c, int n) {
  if (n == 1 || c <= 0) return {0, 0, 0};
  if (c >= n - 1) return {n - 1, n - 1, 0};
  const auto lower = static_cast<std::int64_t>(c);
  return {lower, lower + 1, c - double(lower)};
}

bool insideHalfVoxelBox(double c, int n) { return c >= -0.5 && c <= n - 0.5; }

// Integrates the dose along rows parallel to the grid's i axis. On such a row trilinear
// interpolation is linear between voxel centres, so each stretch between two centres is one
// exact segment of the DVH.
class RowIntegrator {
 public:
  explicit RowIntegrator(const core::Volume<float>& dose)
      : values_(dose.values().data()), size_(dose.geometry().size()) {}

  // Adds the part of row (v, w) between u0 and u1 (continuous voxel indices), ccPerIndex cm³ per
  // unit of u.
  void addSpan(double u0, double u1, double v, double w, double ccPerIndex,
               CumulativeAccumulator& acc) const {
    if (u1 <= u0) return;
    if (!insideHalfVoxelBox(v, size_[1]) || !insideHalfVoxelBox(w, size_[2])) {
      acc.addOutside((u1 - u0) * ccPerIndex);
      return;
    }
    const double in0 = std::max(u0, -0.5);
    const double in1 = std::min(u1, size_[0] - 0.5);
    const double outside = (u1 - u0) - std::max(0.0, in1 - in0);
    if (outside > 0) acc.addOutside(outside * ccPerIndex);
    if (in1 <= in0) return;

    const AxisWeight wv = clampedWeight(v, size_[1]);
    const AxisWeight ww = clampedWeight(w, size_[2]);
    const std::size_t nx = size_[0], nxy = nx * std::size_t(size_[1]);
    const float* r00 = values_ + wv.lower * nx + ww.lower * nxy;
    const float* r10 = values_ + wv.upper * nx + ww.lower * nxy;
    const float* r01 = values_ + wv.lower * nx + ww.upper * nxy;
    const float* r11 = values_ + wv.upper * nx + ww.upper * nxy;
    const double c00 = (1 - wv.upperWeight) * (1 - ww.upperWeight), c10 = wv.upperWeight * (1 - ww.upperWeight);
    const double c01 = (1 - wv.upperWeight) * ww.upperWeight, c11 = wv.upperWeight * ww.upperWeight;
    auto node = [&](std::int64_t i) {
      return c00 * r00[i] + c10 * r10[i] + c01 * r01[i] + c11 * r11[i];
    };
    auto doseAt = [&](double u) {
      const AxisWeight wu = clampedWeight(u, size_[0]);
      return (1 - wu.upperWeight) * node(wu.lower) + wu.upperWeight * node(wu.upper);
    };

    double uA = in0;
    double dA = doseAt(uA);
    for (auto i = static_cast<std::int64_t>(std::floor(uA)) + 1; double(i) < in1; ++i) {
      const double dB = node(i);
      acc.addSegment(dA, dB, (double(i) - uA) * ccPerIndex);
      uA = double(i);
      dA = dB;
    }
    acc.addSegment(dA, doseAt(in1), (in1 - uA) * ccPerIndex);
  }

 private:
  const float* values_;
  std::array<int, 3> size_;
};

// A polygon edge in the (u, v) voxel coordinates of the dose grid.
struct Edge {
  double u0, v0, u1, v1;
  double vMin() const { return std::min(v0, v1); }
  double vMax() const { return std::max(v0, v1); }
};

// The contours lying on one plane w = constant of the dose grid.
struct ContourPlane {
  double w = 0;
  std::vector<Edge> edges;  // sorted by vMin
  double areaIndex2 = 0;    // the sum of its contours' areas, voxel units (holes counted too)
};

double gridMaxGy(const core::Volume<float>& dose) {
  float maxGy = 0;  // compared as floats, without a conversion per voxel: the maximum is one of them
  for (float v : dose.values()) maxGy = std::max(maxGy, v);
  return maxGy;
}

// Bin width and number of bin edges covering doses up to the grid's maximum.
struct Binning {
  double binWidthGy;
  std::size_t edgeCount;
};

Binning binningFor(const core::Volume<float>& dose, const DvhOptions& options) {
  const double maxGy = gridMaxGy(dose);
  const double width = options.binWidthGy > 0 ? options.binWidthGy : std::max(MIN_BIN_WIDTH_GY, maxGy / DEFAULT_BIN_COUNT);
  return {width, static_cast<std::size_t>(std::ceil(maxGy / width)) + 2};
}

std::vector<ContourPlane> contourPlanes(const std::vector<structure::PlanarContour>& contours,
                                        const core::VolumeGeometry& grid) {
  const auto voxelFromPatient = grid.voxelFromPatient();
  const double tolerance = structure::SLICE_PLANE_TOLERANCE_MM / grid.spacingMm()[2];
  std::vector<ContourPlane> planes;
  for (std::size_t c = 0; c < contours.size(); ++c) {
    const auto& points = contours[c].pointsMm;
    if (points.empty()) continue;
    std::vector<core::Point3<core::Voxel>> q;
    q.reserve(points.size());
    for (const auto& p : points) q.push_back(voxelFromPatient(p));
    const auto [lo, hi] = std::minmax_element(q.begin(), q.end(), [](auto& a, auto& b) { return a.z < b.z; });
    if (hi->z - lo->z > 2 * tolerance)
      throw Error(ErrorCode::BadInput,
                  "contour " + std::to_string(c) + " spans " +
                      std::to_string((hi->z - lo->z) * grid.spacingMm()[2]) +
                      " mm across the dose grid's slices; expected a planar contour parallel to them");
    const double w = 0.5 * (lo->z + hi->z);
    auto plane = std::find_if(planes.begin(), planes.end(),
                              [&](const ContourPlane& pl) { return std::abs(pl.w - w) <= tolerance; });
    if (plane == planes.end()) plane = planes.insert(planes.end(), ContourPlane{w, {}});
    double area = 0;
    for (std::size_t n = 0; n < q.size(); ++n) {
      const auto& a = q[n];
      const auto& b = q[(n + 1) % q.size()];
      area += 0.5 * (a.x + b.x) * (b.y - a.y);
      if (a.y != b.y) plane->edges.push_back({a.x, a.y, b.x, b.y});
    }
    plane->areaIndex2 += std::abs(area);
  }
  for (auto& plane : planes)
    std::sort(plane.edges.begin(), plane.edges.end(), [](const Edge& a, const Edge& b) { return a.vMin() < b.vMin(); });
  std::sort(planes.begin(), planes.end(), [](const ContourPlane& a, const ContourPlane& b) { return a.w < b.w; });
  return planes;
}

double defaultSlabThicknessMm(const std::vector<ContourPlane>& planes, const core::VolumeGeometry& grid) {
  double gap = std::numeric_limits<double>::infinity();
  for (std::size_t p = 1; p < planes.size(); ++p) gap = std::min(gap, planes[p].w - planes[p - 1].w);
  return std::isfinite(gap) ? gap * grid.spacingMm()[2] : grid.spacingMm()[2];
}

// Scan-converts one plane's polygons row by row (even-odd rule over all its edges, half-open in
// v) and integrates the dose over the slab [w - halfWidth, w + halfWidth] at subPlanes midpoints.
void integratePlane(const ContourPlane& plane, double halfWidthIndex, int subPlanes, double rowStep,
                    double ccPerIndex, const RowIntegrator& rows, CumulativeAccumulator& acc) {
  if (plane.edges.empty()) return;
  double vMax = plane.edges.front().vMax();
  for (const auto& e : plane.edges) vMax = std::max(vMax, e.vMax());
  std::vector<const Edge*> active;
  std::vector<double> crossings;
  std::size_t next = 0;
  for (auto m = static_cast<std::int64_t>(std::ceil(plane.edges.front().vMin() / rowStep - 0.5));
       (double(m) + 0.5) * rowStep < vMax; ++m) {
    const double v = (double(m) + 0.5) * rowStep;
    while (next < plane.edges.size() && plane.edges[next].vMin() <= v) active.push_back(&plane.edges[next++]);
    std::erase_if(active, [v](const Edge* e) { return e->vMax() <= v; });
    crossings.clear();
    for (const Edge* e : active) crossings.push_back(e->u0 + (v - e->v0) * (e->u1 - e->u0) / (e->v1 - e->v0));
    std::sort(crossings.begin(), crossings.end());
    for (int s = 0; s < subPlanes; ++s) {
      const double w = plane.w - halfWidthIndex + (2 * s + 1) * halfWidthIndex / subPlanes;
      for (std::size_t n = 0; n + 1 < crossings.size(); n += 2)
        rows.addSpan(crossings[n], crossings[n + 1], v, w, ccPerIndex, acc);
    }
  }
}

Dvh mergeParts(std::vector<CumulativeAccumulator>& parts) {
  for (std::size_t p = 1; p < parts.size(); ++p) parts.front().merge(parts[p]);
  return parts.front().result();
}

void requirePositiveStep(double stepMm, const char* what) {
  if (!(stepMm > 0) || !std::isfinite(stepMm))
    throw Error(ErrorCode::BadInput, std::string(what) + " is " + std::to_string(stepMm) + "; expected a positive number");
}

// Finer than 0.01 mm changes no DVH on clinical dose grids but multiplies the work without bound
// (the sampling counts are ints); coarser than 10 mm misses whole small structures.
constexpr double MIN_SAMPLE_STEP_MM = 0.01;
constexpr double MAX_SAMPLE_STEP_MM = 10;

void requireSampleStep(double stepMm) {
  if (!(stepMm >= MIN_SAMPLE_STEP_MM && stepMm <= MAX_SAMPLE_STEP_MM)) {
    std::ostringstream message;
    message << "DVH sample step is " << stepMm << " mm; expected " << MIN_SAMPLE_STEP_MM << " to " << MAX_SAMPLE_STEP_MM
            << " mm";
    throw Error(ErrorCode::BadInput, message.str());
  }
}

}  // namespace

std::vector<Dvh> computeDvhs(const std::vector<std::vector<structure::PlanarContour>>& structures,
                             const DoseDistribution& dose, const DvhOptions& options) {
  requireSampleStep(options.sampleStepMm);
  const auto& grid = dose.doseGy.geometry();
  const auto& spacing = grid.spacingMm();
  const Binning bins = binningFor(dose.doseGy, options);
  const RowIntegrator rows(dose.doseGy);
  // The dose is linear along k between voxel centres: sub-planes a row step apart, but at least
  // two per voxel along k, sample it well.
  const double subPlaneStepMm = std::min(2 * options.sampleStepMm, 0.5 * spacing[2]);
  const double rowStep = std::min(options.sampleStepMm, spacing[1]) / spacing[1];

  std::vector<Dvh> dvhs;
  for (const auto& contours : structures) {
    const std::vector<ContourPlane> planes = contourPlanes(contours, grid);
    const double slabMm = options.slabThicknessMm.value_or(defaultSlabThicknessMm(planes, grid));
    requirePositiveStep(slabMm, "contour slab thickness (mm)");
    const int subPlanes = std::max(1, static_cast<int>(std::ceil(slabMm / subPlaneStepMm - 1e-9)));
    // A large structure (a BODY) gets its rows further apart, at most one a dose voxel, so that
    // it costs about MAX_ROW_SEGMENTS segments: its outline's partial volumes stay exact along
    // the rows, and a whole patient's dose needs no finer rows than the grid's.
    double areaIndex2 = 0;
    for (const ContourPlane& plane : planes) areaIndex2 += plane.areaIndex2;
    const double segments = areaIndex2 * subPlanes / rowStep;  // one a voxel along each row
    const double structureRowStep = std::min(1.0, rowStep * std::max(1.0, segments / MAX_ROW_SEGMENTS));
    const double ccPerIndex = spacing[0] * structureRowStep * spacing[1] * slabMm / subPlanes * CC_PER_MM3;
    const double halfWidthIndex = 0.5 * slabMm / spacing[2];

    const std::size_t partCount = std::max<std::size_t>(1, std::min(PART_COUNT, planes.size()));
    std::vector<CumulativeAccumulator> parts(partCount, CumulativeAccumulator(bins.edgeCount, bins.binWidthGy));
    core::parallelFor(partCount, options.threads, [&](std::size_t part) {
      for (std::size_t p = part; p < planes.size(); p += partCount)
        integratePlane(planes[p], halfWidthIndex, subPlanes, structureRowStep, ccPerIndex, rows, parts[part]);
    });
    dvhs.push_back(mergeParts(parts));
  }
  return dvhs;
}

Dvh computeDvh(const std::vector<structure::PlanarContour>& contours, const DoseDistribution& dose,
               const DvhOptions& options) {
  return computeDvhs({contours}, dose, options).front();
}

Dvh computeGridDvh(const DoseDistribution& dose, const DvhOptions& options) {
  requireSampleStep(options.sampleStepMm);
  const auto& grid = dose.doseGy.geometry();
  const auto& spacing = grid.spacingMm();
  const auto& size = grid.size();
  const Binning bins = binningFor(dose.doseGy, options);
  // At least two rows and sub-planes per voxel: finer sampling of a whole grid costs much and
  // changes isodose volumes little.
  const int rowsPerVoxel = std::max(2, static_cast<int>(std::ceil(spacing[1] / options.sampleStepMm)));
  const int planesPerVoxel = std::max(2, static_cast<int>(std::ceil(spacing[2] / options.sampleStepMm)));
  const double ccPerIndex = spacing[0] * spacing[1] / rowsPerVoxel * spacing[2] / planesPerVoxel * CC_PER_MM3;

  const RowIntegrator rows(dose.doseGy);
  const std::size_t planeCount = std::size_t(size[2]) * planesPerVoxel;
  const std::size_t partCount = std::min(PART_COUNT, planeCount);
  std::vector<CumulativeAccumulator> parts(partCount, CumulativeAccumulator(bins.edgeCount, bins.binWidthGy));
  core::parallelFor(partCount, options.threads, [&](std::size_t part) {
    for (std::size_t p = part; p < planeCount; p += partCount) {
      const double w = -0.5 + (double(p) + 0.5) / planesPerVoxel;
      for (int r = 0; r < size[1] * rowsPerVoxel; ++r) {
        const double v = -0.5 + (r + 0.5) / rowsPerVoxel;
        rows.addSpan(-0.5, size[0] - 0.5, v, w, ccPerIndex, parts[part]);
      }
    }
  });
  return mergeParts(parts);
}

double volumeAtLeastCc(const Dvh& dvh, double doseGy) {
  if (dvh.cumulativeCc.empty() || doseGy > dvh.maxGy) return 0;
  if (doseGy <= dvh.minGy) return dvh.volumeCc;
  const double x = doseGy / dvh.binWidthGy;
  const auto e = static_cast<std::size_t>(x);
  if (e + 1 >= dvh.cumulativeCc.size()) return 0;
  const double f = x - double(e);
  return (1 - f) * dvh.cumulativeCc[e] + f * dvh.cumulativeCc[e + 1];
}

double volumeAtLeastPercent(const Dvh& dvh, double doseGy) {
  return dvh.volumeCc > 0 ? 100 * volumeAtLeastCc(dvh, doseGy) / dvh.volumeCc : 0;
}

double doseAtVolumeGy(const Dvh& dvh, double volumeCc) {
  const auto& c = dvh.cumulativeCc;
  if (c.empty() || dvh.volumeCc <= 0) return 0;
  if (volumeCc <= 0) return dvh.maxGy;
  if (volumeCc >= dvh.volumeCc) return dvh.minGy;
  // Last edge whose cumulative volume still reaches volumeCc (c is non-increasing).
  std::size_t lo = 0, hi = c.size() - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (c[mid] >= volumeCc ? lo : hi) = mid;
  }
  const double drop = c[lo] - c[hi];
  const double f = drop > 0 ? (c[lo] - volumeCc) / drop : 0;
  return std::clamp((double(lo) + std::clamp(f, 0.0, 1.0)) * dvh.binWidthGy, dvh.minGy, dvh.maxGy);
}

double doseAtPercentGy(const Dvh& dvh, double percent) {
  return doseAtVolumeGy(dvh, percent / 100 * dvh.volumeCc);
}

DoseStatistics doseStatistics(const Dvh& dvh) {
  DoseStatistics s;
  s.volumeCc = dvh.volumeCc;
  s.minGy = dvh.minGy;
  s.maxGy = dvh.maxGy;
  s.meanGy = dvh.meanGy;
  s.d0_03ccGy = doseAtVolumeGy(dvh, 0.03);
  s.d2Gy = doseAtPercentGy(dvh, 2);
  s.d50Gy = doseAtPercentGy(dvh, 50);
  s.d95Gy = doseAtPercentGy(dvh, 95);
  s.d98Gy = doseAtPercentGy(dvh, 98);
  s.homogeneityIndex = s.d50Gy > 0 ? (s.d2Gy - s.d98Gy) / s.d50Gy : 0;
  return s;
}

ConformityIndices conformityIndices(const Dvh& target, const Dvh& region, double prescriptionGy) {
  ConformityIndices ci;
  ci.targetCc = target.volumeCc;
  ci.targetCoveredCc = volumeAtLeastCc(target, prescriptionGy);
  ci.prescriptionIsodoseCc = volumeAtLeastCc(region, prescriptionGy);
  ci.halfPrescriptionIsodoseCc = volumeAtLeastCc(region, 0.5 * prescriptionGy);
  if (ci.targetCc > 0 && ci.prescriptionIsodoseCc > 0)
    ci.paddickCi = ci.targetCoveredCc * ci.targetCoveredCc / (ci.targetCc * ci.prescriptionIsodoseCc);
  if (ci.prescriptionIsodoseCc > 0) ci.gradientIndex = ci.halfPrescriptionIsodoseCc / ci.prescriptionIsodoseCc;
  return ci;
}

namespace {

DvhPoint scaled(const Dvh& dvh, double doseGy, double volumeCc, const DvhAxes& axes) {
  const double dose = axes.prescriptionGy ? 100 * doseGy / *axes.prescriptionGy : doseGy;
  const double volume =
      axes.volume == VolumeUnit::Percent ? (dvh.volumeCc > 0 ? 100 * volumeCc / dvh.volumeCc : 0) : volumeCc;
  return {dose, volume};
}

std::size_t stepCount(const Dvh& dvh, double stepGy) {
  requirePositiveStep(stepGy, "DVH curve step (Gy)");
  return static_cast<std::size_t>(std::ceil(dvh.maxGy / stepGy - 1e-9));
}

}  // namespace

std::vector<DvhPoint> cumulativeCurve(const Dvh& dvh, double stepGy, const DvhAxes& axes) {
  const std::size_t n = stepCount(dvh, stepGy);
  std::vector<DvhPoint> curve;
  curve.reserve(n + 1);
  for (std::size_t s = 0; s <= n; ++s)
    curve.push_back(scaled(dvh, double(s) * stepGy, volumeAtLeastCc(dvh, double(s) * stepGy), axes));
  return curve;
}

std::vector<DvhPoint> differentialCurve(const Dvh& dvh, double stepGy, const DvhAxes& axes) {
  const std::size_t n = std::max<std::size_t>(1, stepCount(dvh, stepGy));
  // Per Gy, or per % of prescription when the dose axis is relative.
  const double perUnit = axes.prescriptionGy ? stepGy * 100 / *axes.prescriptionGy : stepGy;
  std::vector<DvhPoint> curve;
  curve.reserve(n);
  for (std::size_t s = 0; s < n; ++s) {
    const double lo = double(s) * stepGy;
    // The first bin also holds the volume at exactly 0 Gy (e.g. outside the dose grid).
    const double inBinCc = (s == 0 ? dvh.volumeCc : volumeAtLeastCc(dvh, lo)) - volumeAtLeastCc(dvh, lo + stepGy);
    DvhPoint p = scaled(dvh, lo + 0.5 * stepGy, inBinCc, axes);
    p.volume /= perUnit;
    curve.push_back(p);
  }
  return curve;
}

}  // namespace kerma::eval
