#include "kerma/dose/collapsed_cone.h"

#include "kerma/core/parallel.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace kerma::dose {

namespace {

constexpr double RHO_QUANTUM_PER_G_CM3 = 1024.0;  // densities are quantised to 1/1024 g/cm³
// Deposits are summed in 32-bit fixed point of 2^-30 of the largest TERMA. Every deposit is the
// integral of its direction's non-negative kernel over TERMAs no larger than that one (eqs. 7–8),
// so a voxel's sum stays below Σ F ≈ 1.0 of it (the generic kernel: 1.002): half the int32 range.
constexpr double FIXED_POINT_SCALE = 1073741824.0;  // 2^30

/// A permutation of the grid axes putting axis a slowest: memory order (b, c, a), b fastest, so
/// that a sweep along a reads whole contiguous planes.
struct Layout {
  int a = 2, b = 0, c = 1;
  int na = 0, nb = 0, nc = 0;
  std::size_t planeSize() const { return static_cast<std::size_t>(nb) * nc; }
};

Layout layoutFor(int a, const std::array<int, 3>& size) {
  Layout l;
  l.a = a;
  l.b = a == 0 ? 1 : 0;
  l.c = a == 2 ? 1 : 2;
  l.na = size[l.a];
  l.nb = size[l.b];
  l.nc = size[l.c];
  return l;
}

/// Copies a native (i fastest) volume into layout l, reusing out's storage.
template <class T>
void permute(std::span<const T> native, const Layout& l, const std::array<int, 3>& size, std::vector<T>& out) {
  out.resize(native.size());
  std::array<std::size_t, 3> stride{1, static_cast<std::size_t>(size[0]),
                                    static_cast<std::size_t>(size[0]) * size[1]};
  std::size_t n = 0;
  for (int ia = 0; ia < l.na; ++ia)
    for (int ic = 0; ic < l.nc; ++ic)
      for (int ib = 0; ib < l.nb; ++ib)
        out[n++] = native[ia * stride[l.a] + ic * stride[l.c] + ib * stride[l.b]];
}

/// Per quantised density and kernel term k: attenuation e_k = exp(−a_k·p) over one step and the
/// term's share F_k·g_k of the line's deposit, g_k = (1 − e_k)/(a_k·p) its in-voxel mean (eq. 8).
template <int K>
struct StepFactors {
  std::array<float, K> e, fg;
};

template <int K>
std::vector<StepFactors<K>> stepFactors(const ConeDirection& d, double stepMm, std::uint16_t qMax) {
  std::vector<StepFactors<K>> table(static_cast<std::size_t>(qMax) + 1);
  for (std::size_t q = 0; q < table.size(); ++q) {
    const double p = static_cast<double>(q) / RHO_QUANTUM_PER_G_CM3 * stepMm;
    for (int k = 0; k < K; ++k) {
      const double ap = d.terms[k].aPerMm * p;
      table[q].e[k] = static_cast<float>(std::exp(-ap));
      table[q].fg[k] = static_cast<float>(d.terms[k].fraction * (ap > 1e-7 ? -std::expm1(-ap) / ap : 1 - 0.5 * ap));
    }
  }
  return table;
}

/// How a direction crosses the grid: its sweep axis, the order of the planes, the lateral
/// shift of the lines per plane (voxel units, |t| ≤ 1) and the path length per plane.
struct Sweep {
  int axis = 2;
  bool forward = true;
  double tb = 0, tc = 0;
  double stepMm = 0;
};

Sweep sweepFor(const core::Vector3<core::Patient>& dir, const core::VolumeGeometry& grid) {
  const Eigen::Vector3d d = grid.directionCosines().transpose() * Eigen::Vector3d(dir.x, dir.y, dir.z);
  const auto& h = grid.spacingMm();
  std::array<double, 3> perPlane{std::abs(d[0]) / h[0], std::abs(d[1]) / h[1], std::abs(d[2]) / h[2]};
  Sweep s;
  s.axis = static_cast<int>(std::max_element(perPlane.begin(), perPlane.end()) - perPlane.begin());
  const int b = s.axis == 0 ? 1 : 0;
  const int c = s.axis == 2 ? 1 : 2;
  s.forward = d[s.axis] > 0;
  s.tb = d[b] / h[b] / perPlane[s.axis];
  s.tc = d[c] / h[c] / perPlane[s.axis];
  s.stepMm = h[s.axis] / std::abs(d[s.axis]);
  return s;
}

long nearest(double x) { return static_cast<long>(std::floor(x + 0.5)); }

/// Transports one direction of K kernel terms through the whole grid (eqs. 7–8), adding its
/// deposits to acc (in layout l, fixed point).
template <int K>
void transport(const Layout& l, const Sweep& sweep, const ConeDirection& d,
               const std::vector<std::uint16_t>& q, const std::vector<float>& terma,
               std::uint16_t qMax, float scale, std::vector<std::int32_t>& acc) {
  const std::vector<StepFactors<K>> table = stepFactors<K>(d, sweep.stepMm, qMax);
  const int nbP = l.nb + 2;
  const std::size_t padded = static_cast<std::size_t>(nbP) * (l.nc + 2);
  // Line state X (eq. 7) of the K terms side by side, per line, in the previous and current plane;
  // one voxel of zero border so lines entering from the side start empty.
  using State = std::array<float, K>;
  std::vector<State> prev(padded, State{}), cur(padded, State{});
  float fractionSum = 0;
  for (const KernelTerm& term : d.terms) fractionSum += static_cast<float>(term.fraction);
  const std::size_t plane = l.planeSize();
  for (int s = 0; s < l.na; ++s) {
    const int ia = sweep.forward ? s : l.na - 1 - s;
    const long db = s == 0 ? 0 : nearest(s * sweep.tb) - nearest((s - 1) * sweep.tb);
    const long dc = s == 0 ? 0 : nearest(s * sweep.tc) - nearest((s - 1) * sweep.tc);
    const std::size_t base = plane * ia;
    for (int ic = 0; ic < l.nc; ++ic) {
      const std::size_t row = base + static_cast<std::size_t>(ic) * l.nb;
      const State* in = prev.data() + (ic + 1 - dc) * nbP + 1 - db;
      State* out = cur.data() + (ic + 1) * nbP + 1;
      const float* t = terma.data() + row;
      const std::uint16_t* qRow = q.data() + row;
      std::int32_t* accRow = acc.data() + row;
      for (int ib = 0; ib < l.nb; ++ib) {
        const StepFactors<K>& f = table[qRow[ib]];
        const float ti = t[ib];
        float deposit = fractionSum * ti;
        for (int k = 0; k < K; ++k) {
          const float dx = in[ib][k] - ti;
          deposit += f.fg[k] * dx;
          out[ib][k] = ti + f.e[k] * dx;
        }
        // Deposits are not negative (the terms sum to a non-negative kernel): adding ½ and
        // truncating rounds to nearest.
        accRow[ib] += static_cast<std::int32_t>(deposit * scale + 0.5f);
      }
    }
    std::swap(prev, cur);
  }
}

/// transport<K> for the direction's number of terms.
void transportAny(const Layout& l, const Sweep& sweep, const ConeDirection& d,
                  const std::vector<std::uint16_t>& q, const std::vector<float>& terma,
                  std::uint16_t qMax, float scale, std::vector<std::int32_t>& acc) {
  static_assert(MAX_KERNEL_TERMS == 4, "one case per term count");
  switch (d.terms.size()) {
    case 1: return transport<1>(l, sweep, d, q, terma, qMax, scale, acc);
    case 2: return transport<2>(l, sweep, d, q, terma, qMax, scale, acc);
    case 3: return transport<3>(l, sweep, d, q, terma, qMax, scale, acc);
    case 4: return transport<4>(l, sweep, d, q, terma, qMax, scale, acc);
    default: assert(false && "1 to MAX_KERNEL_TERMS terms (checked when the kernel is loaded)");
  }
}

}  // namespace

std::vector<ConeDirection> coneDirections(const CccKernel& kernel,
                                          const core::Vector3<core::Patient>& beamAxis) {
  const core::Vector3<core::Patient> axis = beamAxis.normalized();
  // Any unit vector perpendicular to the axis starts the azimuths; the least aligned grid axis
  // keeps the cross product well conditioned.
  core::Vector3<core::Patient> helper{1, 0, 0};
  if (std::abs(axis.x) > std::abs(axis.y) && std::abs(axis.z) >= std::abs(axis.y)) helper = {0, 1, 0};
  else if (std::abs(axis.x) > std::abs(axis.z)) helper = {0, 0, 1};
  if (std::abs(axis.dot(helper)) > 0.9) helper = {0, 0, 1};
  const core::Vector3<core::Patient> e1 = axis.cross(helper).normalized();
  const core::Vector3<core::Patient> e2 = axis.cross(e1);
  std::vector<ConeDirection> out;
  const double share = 1.0 / kernel.azimuthCount;
  for (const KernelPolarBin& bin : kernel.polarBins) {
    const double theta = bin.thetaAxisDeg * std::numbers::pi / 180;
    for (int n = 0; n < kernel.azimuthCount; ++n) {
      const double phi = (n + 0.5) * 2 * std::numbers::pi / kernel.azimuthCount;
      ConeDirection d;
      d.dir = axis * std::cos(theta) + (e1 * std::cos(phi) + e2 * std::sin(phi)) * std::sin(theta);
      for (const KernelTerm& t : bin.terms) d.terms.push_back({t.fraction * share, t.aPerMm});
      out.push_back(d);
    }
  }
  return out;
}

core::Volume<float> superposeCollapsedCone(const core::Volume<float>& rho,
                                           const core::Volume<float>& terma,
                                           const std::vector<ConeDirection>& directions,
                                           int threads) {
  const core::VolumeGeometry& grid = rho.geometry();
  assert(grid.sameGridAs(terma.geometry()) && "density and TERMA share the dose grid");
  const auto& size = grid.size();
  const std::size_t n = grid.voxelCount();

  std::vector<std::uint16_t> qNative(n);
  std::uint16_t qMax = 0;
  float tMax = 0;
  for (std::size_t v = 0; v < n; ++v) {
    const double qv = std::clamp(std::round(rho.values()[v] * RHO_QUANTUM_PER_G_CM3), 0.0, 65535.0);
    qNative[v] = static_cast<std::uint16_t>(qv);
    qMax = std::max(qMax, qNative[v]);
    tMax = std::max(tMax, terma.values()[v]);
  }
  core::Volume<float> dose(grid, 0.f);
  if (tMax <= 0 || directions.empty()) return dose;
  const double scale = FIXED_POINT_SCALE / tMax;

  std::vector<Sweep> sweeps;
  for (const ConeDirection& d : directions) sweeps.push_back(sweepFor(d.dir, grid));
  // One sweep axis at a time, so that the permuted inputs and the workers' sums are allocated once.
  std::vector<std::uint16_t> q;
  std::vector<float> t;
  std::vector<std::int64_t> total(n, 0);
  const std::array<std::size_t, 3> stride{1, static_cast<std::size_t>(size[0]),
                                          static_cast<std::size_t>(size[0]) * size[1]};
  std::vector<std::vector<std::int32_t>> acc;
  for (int a = 0; a < 3; ++a) {
    std::vector<std::size_t> along;
    for (std::size_t m = 0; m < directions.size(); ++m)
      if (sweeps[m].axis == a) along.push_back(m);
    if (along.empty()) continue;
    const Layout l = layoutFor(a, size);
    permute<std::uint16_t>(qNative, l, size, q);
    permute<float>(terma.values(), l, size, t);
    // Worker w takes directions w, w + W, …; integer sums make the split irrelevant to the result.
    const int workers = core::workerCount(threads, along.size());
    acc.resize(std::max<std::size_t>(acc.size(), workers));
    core::parallelFor(workers, workers, [&](std::size_t w) {
      acc[w].assign(n, 0);
      for (std::size_t k = w; k < along.size(); k += workers)
        transportAny(l, sweeps[along[k]], directions[along[k]], q, t, qMax, static_cast<float>(scale), acc[w]);
    });
    // Back to the native layout, summing the workers' integers.
    for (int w = 0; w < workers; ++w) {
      const std::vector<std::int32_t>& part = acc[w];
      std::size_t p = 0;
      for (int ia = 0; ia < l.na; ++ia)
        for (int ic = 0; ic < l.nc; ++ic)
          for (int ib = 0; ib < l.nb; ++ib)
            total[ia * stride[l.a] + ic * stride[l.c] + ib * stride[l.b]] += part[p++];
    }
  }
  for (std::size_t v = 0; v < n; ++v) dose.values()[v] = static_cast<float>(total[v] / scale);
  return dose;
}

}  // namespace kerma::dose
