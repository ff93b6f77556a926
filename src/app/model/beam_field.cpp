#include "kerma/app/beam_field.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace kerma::app {

namespace {

/// Index of the pair whose band holds yMm; nullopt outside the MLC.
std::optional<int> pairAt(const dose::MlcModel& mlc, double yMm) {
  const auto& b = mlc.leafBoundariesMm;
  if (b.size() < 2 || yMm < b.front() || yMm > b.back()) return std::nullopt;
  const auto upper = std::upper_bound(b.begin(), b.end(), yMm);
  return std::min(int(upper - b.begin()) - 1, mlc.pairCount() - 1);
}

/// Signed distance, mm at the isocentre plane, from p to the nearest edge of the field
/// (positive inside), edge by edge: the jaws and the tips of the pair whose band holds p.y.
double insideMarginMm(const dose::Beam& beam, const dose::MlcModel& mlc, double x, double y) {
  const dose::JawsMm& j = beam.jawsMm;
  double margin = std::min({x - j.x1, j.x2 - x, y - j.y1, j.y2 - y});
  if (!beam.leaves) return margin;
  const auto pair = pairAt(mlc, y);
  if (!pair) return std::min(margin, -1.0);
  return std::min({margin, x - beam.leaves->x1Mm[std::size_t(*pair)], beam.leaves->x2Mm[std::size_t(*pair)] - x});
}

}  // namespace

std::vector<BevRectMm> fieldApertures(const dose::Beam& beam, const dose::MlcModel& mlc) {
  const dose::JawsMm& j = beam.jawsMm;
  if (!beam.leaves) {
    if (j.x1 < j.x2 && j.y1 < j.y2) return {{j.x1, j.x2, j.y1, j.y2}};
    return {};
  }
  std::vector<BevRectMm> rects;
  for (int n = 0; n < mlc.pairCount(); ++n) {
    const BevRectMm r{std::max(j.x1, beam.leaves->x1Mm[std::size_t(n)]), std::min(j.x2, beam.leaves->x2Mm[std::size_t(n)]),
                      std::max(j.y1, mlc.leafBoundariesMm[std::size_t(n)]),
                      std::min(j.y2, mlc.leafBoundariesMm[std::size_t(n) + 1])};
    if (r.x1 < r.x2 && r.y1 < r.y2) rects.push_back(r);
  }
  return rects;
}

std::optional<LeafHit> leafAt(const dose::Beam& beam, const dose::MlcModel& mlc, const beams::BevPointMm& p,
                              double toleranceMm) {
  if (!beam.leaves) return std::nullopt;
  const auto pair = pairAt(mlc, p.y);
  if (!pair) return std::nullopt;
  const double d1 = std::abs(p.x - beam.leaves->x1Mm[std::size_t(*pair)]);
  const double d2 = std::abs(p.x - beam.leaves->x2Mm[std::size_t(*pair)]);
  if (std::min(d1, d2) > toleranceMm) return std::nullopt;
  // A closed pair's tips nearly coincide: the side of the gap p lies on picks the bank.
  const bool x1 = d1 < d2 || (d1 == d2 && p.x < beam.leaves->x1Mm[std::size_t(*pair)]);
  return LeafHit{*pair, x1 ? beams::LeafBank::X1 : beams::LeafBank::X2};
}

std::optional<beams::Jaw> jawAt(const dose::JawsMm& jaws, const beams::BevPointMm& p, double toleranceMm) {
  const std::array<std::pair<beams::Jaw, double>, 4> distances = {{{beams::Jaw::X1, std::abs(p.x - jaws.x1)},
                                                                   {beams::Jaw::X2, std::abs(p.x - jaws.x2)},
                                                                   {beams::Jaw::Y1, std::abs(p.y - jaws.y1)},
                                                                   {beams::Jaw::Y2, std::abs(p.y - jaws.y2)}}};
  const auto nearest = std::min_element(distances.begin(), distances.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
  if (nearest->second > toleranceMm) return std::nullopt;
  return nearest->first;
}

BeamInView beamInView(const dose::Beam& beam, const dose::Machine& machine, const SliceViewport& viewport,
                      double halfThicknessMm, int stepPx) {
  BeamInView out;
  const auto patientFromBld = beam.patientFromBeamLimitingDevice();
  const auto bldFromPatient = patientFromBld.inverse();
  const double sad = machine.sadMm;

  // Field edges: the zero line of the BEV inside margin over a grid of view pixels.
  const int nx = viewport.widthPx() / stepPx + 2, ny = viewport.heightPx() / stepPx + 2;
  std::vector<double> value(std::size_t(nx) * std::size_t(ny));
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const core::Point3<core::Patient> p = viewport.patientFromPixel({double(i * stepPx), double(j * stepPx)});
      const auto q = bldFromPatient(p);
      double v = -1;
      if (q.z < sad - 1) {
        const double scale = sad / (sad - q.z);
        v = insideMarginMm(beam, machine.mlc, q.x * scale, q.y * scale);
      }
      value[std::size_t(j) * std::size_t(nx) + std::size_t(i)] = v;
    }
  auto at = [&](int i, int j) { return value[std::size_t(j) * std::size_t(nx) + std::size_t(i)]; };
  auto pixel = [&](int i, int j) { return ViewPixel{double(i * stepPx), double(j * stepPx)}; };
  // The crossing on the cell edge from corner a to corner b, by linear interpolation.
  auto crossing = [&](ViewPixel a, double va, ViewPixel b, double vb) {
    const double t = va / (va - vb);
    return ViewPixel{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
  };
  for (int j = 0; j + 1 < ny; ++j)
    for (int i = 0; i + 1 < nx; ++i) {
      // Corners counter-clockwise from the top-left; edges between consecutive corners.
      const std::array<ViewPixel, 4> corner = {pixel(i, j), pixel(i + 1, j), pixel(i + 1, j + 1), pixel(i, j + 1)};
      const std::array<double, 4> v = {at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)};
      std::vector<ViewPixel> points;
      for (int e = 0; e < 4; ++e) {
        const int f = (e + 1) % 4;
        if ((v[std::size_t(e)] > 0) != (v[std::size_t(f)] > 0))
          points.push_back(crossing(corner[std::size_t(e)], v[std::size_t(e)], corner[std::size_t(f)], v[std::size_t(f)]));
      }
      // Two crossings: one segment; four (a saddle): the pairing of consecutive edges.
      for (std::size_t n = 0; n + 1 < points.size(); n += 2) out.fieldEdges.push_back({points[n], points[n + 1]});
    }

  // Central axis.
  const core::Point3<core::Patient> source = patientFromBld(core::Point3<core::IecBeamLimitingDevice>{0, 0, sad});
  const core::Point3<core::Patient> far = patientFromBld(core::Point3<core::IecBeamLimitingDevice>{0, 0, -0.5 * sad});
  const auto normal = viewAxes(viewport.orientation()).towardsViewer;
  const double ds = (source - viewport.centreMm()).dot(normal);
  const double df = (far - viewport.centreMm()).dot(normal);
  if (std::abs(ds) <= halfThicknessMm && std::abs(df) <= halfThicknessMm) {
    out.centralAxis = ViewSegment{viewport.pixelFromPatient(source), viewport.pixelFromPatient(far)};
  } else if ((ds > 0) != (df > 0)) {
    out.axisCrossing = viewport.pixelFromPatient(core::lerp(ds / (ds - df), source, far));
  }
  return out;
}

}  // namespace kerma::app
