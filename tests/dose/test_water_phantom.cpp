// Validation of the collapsed-cone engine against the EGSnrc/DOSXYZnrc references of
// ../shared/physics/mc (point source, Mohan 6 MV spectrum, SSD 100 cm): central-axis depth dose,
// d_max, lateral profiles and 80–20 % penumbra, 3D gamma. Criteria from the issue (and
// docs/validation/dose.md), named below.

#include "kerma/dose/water_phantom.h"

#include "kerma/dose/beam_model.h"
#include "kerma/eval/gamma.h"

#include "shared_data.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using kerma::core::Volume;
using kerma::core::VolumeGeometry;

constexpr double PDD_TOLERANCE_PERCENT_OF_MAX = 1.0;   // water, beyond build-up
// In and beyond the lung slab: Kerma misses the 1 % goal there by up to 2.1 % (in the first 4 cm
// of lung, docs/validation/dose.md); tighter than the density-corrected central-ray criterion of
// TG-53 and MPPG 5.b test 6.2 (3 %).
constexpr double PDD_TOLERANCE_HETEROGENEOUS_PERCENT_OF_MAX = 2.5;
constexpr double BUILD_UP_END_MM = 20.0;               // PDD compared from here on
// Build-up (5 mm to BUILD_UP_END_MM): not in the 1 % criterion, checked so that it stays
// where the four-term kernel put it (within 1.3 %; two terms were up to 1.5 % high at 7.5 mm).
constexpr double BUILD_UP_START_MM = 5.0;
constexpr double BUILD_UP_TOLERANCE_PERCENT_OF_MAX = 1.5;
constexpr double PDD_DEEPEST_MM = 250.0;               // ...to here: the kernel does not harden with depth
constexpr double DMAX_TOLERANCE_MM = 2.0;
constexpr double PROFILE_TOLERANCE_PERCENT = 2.0;      // inside 80 % of the field width
constexpr double PENUMBRA_TOLERANCE_MM = 2.0;          // 80–20 %
constexpr double GAMMA_PASS_RATE_PERCENT = 95.0;       // global 2 %/2 mm, 10 % threshold
constexpr double GRID_MM = 2.5;
// Central-axis depth dose: mean of the central 3 × 3 Monte Carlo voxels (±7.5 mm) in water; in the
// lung case of the central 5 × 5 (±12.5 mm), which halves the Monte Carlo variance (1σ 0.38 % →
// 0.23 % of max per layer in lung) while Kerma's 5 × 5 mean stays within 0.26 % of its 3 × 3 mean
// there (7 × 7: up to 0.6 %, no longer the central axis). Kerma is averaged over the same voxels.
constexpr double PDD_HALF_WIDTH_MM = 7.5;
constexpr double PDD_HALF_WIDTH_LUNG_MM = 12.5;

/// Spencer–Attix-type mean of the mass collision stopping-power ratio water / ICRU lung, which
/// turns the Monte Carlo dose to lung into dose to water in lung, the quantity Kerma reports
/// (docs/methods/dose.md § 2: every medium is water of its density; by Bragg–Gray, a small water
/// cavity in lung sees the lung's electron fluence). Bethe formula for electrons without density
/// effect (ICRU Report 37, 1984, eq. 2.3), I = 75.0 eV (water, ICRU 37) and 75.3 eV (lung,
/// ICRU-44 composition, NIST ESTAR); mass fractions of ICRU Report 44 (1989): H 10.3, C 10.5,
/// N 3.1, O 74.9, Na, P, K 0.2 each, S, Cl 0.3 each %. Averaged over the track-length spectrum
/// 1/S(T) of electrons started evenly up to 6 MeV, from 10 keV. The ratio runs from 1.0087
/// (6 MeV) to 1.0092 (10 keV), so the weighting moves it by < 0.03 %; it is mostly the
/// electrons per gram, Z/A = 0.5551 (water) against 0.5505 (lung). Both media have nearly the same
/// I and (at their normal densities, which EGSnrc's density-effect data assume) electron density,
/// so omitting the density effect changes the ratio by < 0.1 %.
double waterToLungStoppingPowerRatio() {
  struct Element {
    double z, a, lungMassFraction;
  };
  static constexpr Element ELEMENTS[] = {{1, 1.00794, 0.103},  {6, 12.0107, 0.105},   {7, 14.0067, 0.031},
                                         {8, 15.9994, 0.749},  {11, 22.98977, 0.002}, {15, 30.973761, 0.002},
                                         {16, 32.065, 0.003},  {17, 35.453, 0.003},   {19, 39.0983, 0.002}};
  double zOverALung = 0;
  for (const Element& e : ELEMENTS) zOverALung += e.lungMassFraction * e.z / e.a;
  const double zOverAWater = 10 / (2 * ELEMENTS[0].a + ELEMENTS[3].a);
  constexpr double ELECTRON_MASS_MEV = 0.51099895;
  // Stopping number of the Bethe formula; the common factor 2π r_e² m c² N_A / β² cancels.
  auto stoppingNumber = [&](double kineticMeV, double iEv) {
    const double tau = kineticMeV / ELECTRON_MASS_MEV, beta2 = 1 - 1 / ((tau + 1) * (tau + 1));
    const double f = 1 - beta2 + (tau * tau / 8 - (2 * tau + 1) * std::log(2.0)) / ((tau + 1) * (tau + 1));
    const double iOverMc2 = iEv * 1e-6 / ELECTRON_MASS_MEV;
    return std::log(tau * tau * (tau + 2) / (2 * iOverMc2 * iOverMc2)) + f;
  };
  constexpr double T_MIN_MEV = 0.01, T_MAX_MEV = 6.0;
  constexpr int STEPS = 400;
  double weighted = 0, weights = 0;
  for (int n = 0; n < STEPS; ++n) {
    // Logarithmic grid: dT = T d(ln T).
    const double t = T_MIN_MEV * std::pow(T_MAX_MEV / T_MIN_MEV, (n + 0.5) / STEPS);
    const double beta2 = 1 - 1 / ((t / ELECTRON_MASS_MEV + 1) * (t / ELECTRON_MASS_MEV + 1));
    const double sWater = zOverAWater * stoppingNumber(t, 75.0) / beta2;
    const double sLung = zOverALung * stoppingNumber(t, 75.3) / beta2;
    const double fluence = (T_MAX_MEV - t) / sWater;  // electrons above t, slowing down
    weighted += fluence * t * sWater / sLung;
    weights += fluence * t;
  }
  return weighted / weights;
}

/// A DOSXYZnrc .3ddose file: voxel boundaries (cm) and dose per history, x fastest.
struct Dose3d {
  int nx = 0, ny = 0, nz = 0;
  std::vector<double> xb, yb, zb, dose;
  double at(int i, int j, int k) const { return dose[i + nx * (j + static_cast<std::size_t>(ny) * k)]; }
};

Dose3d read3ddose(const std::filesystem::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  EXPECT_NE(in, nullptr) << file;
  std::string text;
  char buffer[1 << 16];
  for (int n; (n = gzread(in, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  gzclose(in);
  std::istringstream s(text);
  Dose3d d;
  s >> d.nx >> d.ny >> d.nz;
  auto read = [&](std::vector<double>& v, std::size_t n) {
    v.resize(n);
    for (double& x : v) s >> x;
  };
  read(d.xb, d.nx + 1);
  read(d.yb, d.ny + 1);
  read(d.zb, d.nz + 1);
  read(d.dose, static_cast<std::size_t>(d.nx) * d.ny * d.nz);
  return d;
}

/// Depth (mm) and value of the maximum of samples: parabola through the largest and its neighbours.
std::pair<double, double> maximumOf(const std::vector<double>& depthMm, const std::vector<double>& value) {
  std::size_t m = 0;
  for (std::size_t n = 0; n < value.size(); ++n)
    if (value[n] > value[m]) m = n;
  if (m == 0 || m + 1 == value.size()) return {depthMm[m], value[m]};
  // Least-squares parabola through the points within 7.5 mm of the largest sample.
  Eigen::MatrixXd a(0, 3);
  Eigen::VectorXd b(0);
  for (std::size_t n = 0; n < value.size(); ++n) {
    if (std::abs(depthMm[n] - depthMm[m]) > 7.5) continue;
    a.conservativeResize(a.rows() + 1, 3);
    b.conservativeResize(b.rows() + 1);
    const double z = depthMm[n] - depthMm[m];
    a.row(a.rows() - 1) << 1, z, z * z;
    b(b.rows() - 1) = value[n];
  }
  const Eigen::Vector3d c = a.colPivHouseholderQr().solve(b);
  if (c(2) >= 0) return {depthMm[m], value[m]};
  const double z = -c(1) / (2 * c(2));
  return {depthMm[m] + z, c(0) + c(1) * z + c(2) * z * z};
}

/// One Monte Carlo case with Kerma's calculation of the same set-up.
class McCase {
 public:
  McCase(const std::string& name, double fieldMm, std::vector<kerma::dose::DensityLayer> layers, double pddHalfWidthMm)
      : fieldMm_(fieldMm), layers_(layers) {
    mc_ = read3ddose(kerma::testing::sharedPath("physics/mc/" + name + ".3ddose.gz"));
    // The layers of these phantoms are ICRU lung in the Monte Carlo: its dose to lung becomes
    // dose to water in lung, Kerma's quantity.
    const double lungToWater = waterToLungStoppingPowerRatio();
    for (const kerma::dose::DensityLayer& l : layers)
      for (int k = 0; k < mc_.nz; ++k)
        if (l.fromMm < 5 * (mc_.zb[k] + mc_.zb[k + 1]) && 5 * (mc_.zb[k] + mc_.zb[k + 1]) < l.toMm)
          for (std::size_t v = 0; v < static_cast<std::size_t>(mc_.nx) * mc_.ny; ++v)
            mc_.dose[v + static_cast<std::size_t>(k) * mc_.nx * mc_.ny] *= lungToWater;
    const auto model = kerma::dose::loadBeamModel(KERMA_MACHINE_DIR).pointSource();
    kerma::dose::WaterPhantomSetup setup;
    setup.fieldXMm = setup.fieldYMm = fieldMm;
    setup.gridMm = GRID_MM;
    setup.layers = std::move(layers);
    kerma_ = kerma::dose::calculateWaterPhantom(setup, model, 1000);
    // Both normalised to their own central-axis maximum, from the mean of the same central voxels.
    std::vector<double> z, mc, km;
    const double w = pddHalfWidthMm;
    for (int k = 0; k < mc_.nz; ++k) {
      z.push_back(5 * (mc_.zb[k] + mc_.zb[k + 1]));
      mc.push_back(mcCentralMean(k, static_cast<int>(std::lround(w / 5 - 0.5))));
      km.push_back(kermaBox(-w, w, -w, w, 10 * mc_.zb[k], 10 * mc_.zb[k + 1]));
    }
    std::tie(mcDmaxMm_, mcMax_) = maximumOf(z, mc);
    std::tie(kermaDmaxMm_, kermaMax_) = maximumOf(z, km);
    depthMm_ = z;
    mcPdd_ = mc;
    kermaPdd_ = km;
  }

  /// Mean of Kerma's dose over a box in Monte Carlo coordinates (x, y lateral; z depth), mm.
  double kermaBox(double x0, double x1, double y0, double y1, double z0, double z1) const {
    constexpr int N = 5;
    double sum = 0;
    for (int a = 0; a < N; ++a)
      for (int b = 0; b < N; ++b)
        for (int c = 0; c < N; ++c)
          sum += kerma_.doseAt(x0 + (a + 0.5) * (x1 - x0) / N, z0 + (c + 0.5) * (z1 - z0) / N,
                               y0 + (b + 0.5) * (y1 - y0) / N);
    return sum / (N * N * N);
  }
  /// Mean of the central (2 half + 1)² Monte Carlo voxels of layer k.
  double mcCentralMean(int k, int half) const {
    const int c = mc_.nx / 2;
    double sum = 0;
    for (int j = c - half; j <= c + half; ++j)
      for (int i = c - half; i <= c + half; ++i) sum += mc_.at(i, j, k);
    return sum / ((2 * half + 1) * (2 * half + 1));
  }
  /// The run of 5 mm thick Monte Carlo layers starting at or beyond 35 mm: first index and count.
  std::pair<int, int> uniformLayers() const {
    auto thick = [&](int k) { return std::abs(10 * (mc_.zb[k + 1] - mc_.zb[k]) - 5) < 1e-3; };
    int first = 0;
    while (first < mc_.nz && !(thick(first) && 5 * (mc_.zb[first] + mc_.zb[first + 1]) >= 35)) ++first;
    int count = 0;
    while (first + count < mc_.nz && thick(first + count)) ++count;
    return {first, count};
  }
  /// Symmetrised lateral profiles at layer k, % of the central-axis maximum: the mean of the x
  /// profile at y = 0, the y profile at x = 0 and their mirror images, per 5 mm voxel |x|.
  std::vector<std::array<double, 3>> profiles(int k) const {
    const int c = mc_.nx / 2;
    std::vector<std::array<double, 3>> out;  // |x| mm, MC %, Kerma %
    for (int i = c; i < mc_.nx - 1; ++i) {
      const int mirror = 2 * c - i;
      double mc = 0;
      int n = 0;
      for (int ii : {i, mirror}) {
        if (mc_.at(ii, c, k) > 0 && mc_.at(c, ii, k) > 0) {
          mc += mc_.at(ii, c, k) + mc_.at(c, ii, k);
          n += 2;
        }
      }
      if (n == 0) continue;
      const double x0 = 10 * mc_.xb[i], x1 = 10 * mc_.xb[i + 1], y0 = 10 * mc_.yb[c], y1 = 10 * mc_.yb[c + 1];
      const double z0 = 10 * mc_.zb[k], z1 = 10 * mc_.zb[k + 1];
      const double km = kermaBox(x0, x1, y0, y1, z0, z1);
      out.push_back({5 * (mc_.xb[i] + mc_.xb[i + 1]), 100 * mc / n / mcMax_, 100 * km / kermaMax_});
    }
    return out;
  }

  double fieldMm_;
  std::vector<kerma::dose::DensityLayer> layers_;
  Dose3d mc_;
  kerma::dose::WaterPhantomDose kerma_;
  double mcDmaxMm_ = 0, mcMax_ = 0, kermaDmaxMm_ = 0, kermaMax_ = 0;
  std::vector<double> depthMm_, mcPdd_, kermaPdd_;
};

const McCase& mcCase(const std::string& name) {
  static std::map<std::string, McCase> cases;
  auto it = cases.find(name);
  if (it != cases.end()) return it->second;
  const double field = name.find("05x05") != std::string::npos ? 50 : 100;
  std::vector<kerma::dose::DensityLayer> layers;
  double pddHalfWidthMm = PDD_HALF_WIDTH_MM;
  if (name.find("lung") != std::string::npos) {
    layers = {{50, 150, 0.26}};
    pddHalfWidthMm = PDD_HALF_WIDTH_LUNG_MM;
  }
  return cases.emplace(name, McCase(name, field, layers, pddHalfWidthMm)).first->second;
}

/// 80–20 % width of the falling edge of a profile normalised to its first (central) value, mm.
double penumbraMm(const std::vector<std::array<double, 3>>& p, int column) {
  const double centre = p.front()[column];
  auto crossing = [&](double level) {
    for (std::size_t n = 1; n < p.size(); ++n) {
      const double a = p[n - 1][column] / centre, b = p[n][column] / centre;
      if (a >= level && b < level) return p[n - 1][0] + (a - level) / (a - b) * (p[n][0] - p[n - 1][0]);
    }
    return std::nan("");
  };
  return crossing(0.2) - crossing(0.8);
}

class MonteCarlo : public ::testing::TestWithParam<std::string> {};

TEST_P(MonteCarlo, CentralAxisDepthDoseAndDmax) {
  KERMA_REQUIRE_SHARED("physics/mc/" + GetParam() + ".3ddose.gz");
  const McCase& c = mcCase(GetParam());
  double worst = 0, worstDepth = 0, worstBuildUp = 0;
  std::map<int, std::pair<double, double>> slabRange;  // slab index: smallest and largest difference
  for (std::size_t n = 0; n < c.depthMm_.size(); ++n) {
    const double depth = c.depthMm_[n];
    if (depth < BUILD_UP_START_MM || depth > PDD_DEEPEST_MM) continue;
    const double diff = 100 * (c.kermaPdd_[n] / c.kermaMax_ - c.mcPdd_[n] / c.mcMax_);
    if (depth < BUILD_UP_END_MM) {
      worstBuildUp = std::max(worstBuildUp, std::abs(diff));
      EXPECT_LE(std::abs(diff), BUILD_UP_TOLERANCE_PERCENT_OF_MAX) << "build-up, depth " << depth << " mm";
      continue;
    }
    if (std::abs(diff) > std::abs(worst)) std::tie(worst, worstDepth) = std::pair{diff, depth};
    EXPECT_LE(std::abs(diff), PDD_TOLERANCE_PERCENT_OF_MAX) << "depth " << depth << " mm";
    // Per slab of the phantom (the lung case: upstream water, lung, downstream water): the number
    // of layer boundaries above this depth.
    int slab = 0;
    for (const kerma::dose::DensityLayer& l : c.layers_) slab += (depth > l.fromMm) + (depth > l.toMm);
    auto& [lo, hi] = slabRange.try_emplace(slab, diff, diff).first->second;
    lo = std::min(lo, diff);
    hi = std::max(hi, diff);
  }
  EXPECT_NEAR(c.kermaDmaxMm_, c.mcDmaxMm_, DMAX_TOLERANCE_MM);
  std::cout << GetParam() << ": d_max Kerma " << c.kermaDmaxMm_ << " mm, MC " << c.mcDmaxMm_
            << " mm; largest PDD difference beyond " << BUILD_UP_END_MM << " mm: " << worst << " % at "
            << worstDepth << " mm; largest |difference| " << BUILD_UP_START_MM << "-" << BUILD_UP_END_MM
            << " mm: " << worstBuildUp << " %\n";
  if (!c.layers_.empty()) {
    std::cout << GetParam() << ": MC dose to lung times the water/lung stopping-power ratio "
              << waterToLungStoppingPowerRatio() << "; PDD differences " << BUILD_UP_END_MM << "-" << PDD_DEEPEST_MM
              << " mm per slab:";
    for (const auto& [slab, range] : slabRange) std::cout << " [" << range.first << ", " << range.second << "]";
    std::cout << " %\n";
  }
}

TEST_P(MonteCarlo, LateralProfilesAndPenumbra) {
  KERMA_REQUIRE_SHARED("physics/mc/" + GetParam() + ".3ddose.gz");
  const McCase& c = mcCase(GetParam());
  for (int k = 0; k < c.mc_.nz; ++k) {
    const double depth = 5 * (c.mc_.zb[k] + c.mc_.zb[k + 1]);
    // The shared profile depths, where the MC file has layers centred on them.
    static const std::vector<double> depths{15, 47.5, 50, 52.5, 97.5, 100, 102.5, 197.5, 200, 202.5};
    if (std::none_of(depths.begin(), depths.end(), [&](double d) { return std::abs(d - depth) < 0.01; })) continue;
    const auto p = c.profiles(k);
    const double inside = 0.8 * 0.5 * c.fieldMm_ * (1000 + depth) / 1000;
    double worst = 0;
    for (const auto& [x, mc, km] : p) {
      if (x > inside) continue;
      worst = std::max(worst, std::abs(km - mc));
      EXPECT_LE(std::abs(km - mc), PROFILE_TOLERANCE_PERCENT) << "depth " << depth << " mm, x " << x << " mm";
    }
    const double penumbraMc = penumbraMm(p, 1), penumbraKerma = penumbraMm(p, 2);
    EXPECT_NEAR(penumbraKerma, penumbraMc, PENUMBRA_TOLERANCE_MM) << "depth " << depth << " mm";
    std::cout << GetParam() << " depth " << depth << " mm: largest in-field difference " << worst
              << " %, penumbra 80-20 Kerma " << penumbraKerma << " mm, MC " << penumbraMc << " mm\n";
  }
}

TEST_P(MonteCarlo, Gamma3d) {
  KERMA_REQUIRE_SHARED("physics/mc/" + GetParam() + ".3ddose.gz");
  const McCase& c = mcCase(GetParam());
  // The Monte Carlo voxels of uniform 5 mm size (lateral ±147.5 mm, depth from 35 mm) on Kerma's
  // phantom axes (x lateral, y depth, z lateral), both in % of their central-axis maximum.
  const auto [firstLayer, nz] = c.uniformLayers();
  const int nx = c.mc_.nx - 2;
  const double firstDepthMm = 5 * (c.mc_.zb[firstLayer] + c.mc_.zb[firstLayer + 1]);
  const VolumeGeometry g({nx, nz, nx}, {-145, firstDepthMm, -145}, {5, 5, 5});
  Volume<float> reference(g);
  for (int k = 0; k < nx; ++k)
    for (int j = 0; j < nz; ++j)
      for (int i = 0; i < nx; ++i)
        reference.at({i, j, k}) = static_cast<float>(100 * c.mc_.at(i + 1, k + 1, j + firstLayer) / c.mcMax_);
  Volume<float> evaluated = c.kerma_.doseGyPerMu;
  for (float& v : evaluated.values()) v = static_cast<float>(100 * v / c.kermaMax_);
  const auto r = kerma::eval::gammaIndex(reference, evaluated, {});
  EXPECT_GE(r.passRatePercent(), GAMMA_PASS_RATE_PERCENT);
  std::cout << GetParam() << ": 3D gamma 2 %/2 mm (global, 10 % threshold, depth >= 35 mm) pass rate "
            << r.passRatePercent() << " % of " << r.evaluated << " voxels\n";
}

INSTANTIATE_TEST_SUITE_P(Shared, MonteCarlo,
                         ::testing::Values("mohan6_10x10_water", "mohan6_05x05_water", "mohan6_10x10_lung"));

}  // namespace
