#include "kerma/dose/fluence.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>
#include <utility>

namespace kerma::dose {

namespace {

/// Length of [a0, a1] ∩ [b0, b1] (0 when disjoint).
double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

/// A band along Yb in which one leaf opening [x1, x2] applies.
struct Strip {
  double y0, y1, x1, x2;
};

/// Leaf strips (eq. 2): each pair's band less half a tongue-and-groove width at inner
/// boundaries, and between neighbours a band open only where both are.
std::vector<Strip> leafStrips(const Aperture& ap, double tgWidthMm) {
  std::vector<Strip> strips;
  if (!ap.leaves) return strips;
  const auto& b = ap.leafBoundariesMm;
  const auto& x1 = ap.leaves->x1Mm;
  const auto& x2 = ap.leaves->x2Mm;
  const std::size_t pairs = x1.size();
  assert(b.size() == pairs + 1 && x2.size() == pairs && "one leaf position per pair and bank");
  const double half = 0.5 * tgWidthMm;
  for (std::size_t n = 0; n < pairs; ++n) {
    const double lo = n == 0 ? b[n] : b[n] + half;
    const double hi = n + 1 == pairs ? b[n + 1] : b[n + 1] - half;
    strips.push_back({lo, hi, x1[n], x2[n]});
    if (n + 1 < pairs && half > 0)
      strips.push_back({b[n + 1] - half, b[n + 1] + half, std::max(x1[n], x1[n + 1]),
                        std::min(x2[n], x2[n + 1])});
  }
  return strips;
}

/// Open fraction of a leaf opening at x: linear ramps of width w centred on the tips (the
/// rounded leaf end, eq. 2).
double leafOpen(double x, double x1, double x2, double w) {
  if (x2 <= x1) return 0;
  if (w <= 0) return x > x1 && x < x2 ? 1 : 0;
  const double left = std::clamp((x - x1) / w + 0.5, 0.0, 1.0);
  const double right = std::clamp((x2 - x) / w + 0.5, 0.0, 1.0);
  return std::min(left, right);
}

/// Separable Gaussian blur of an nx × ny image, σ in pixels, edges extended.
std::vector<double> gaussianBlur(const std::vector<double>& in, int nx, int ny, double sigmaPx) {
  if (sigmaPx < 0.05) return in;
  const int radius = static_cast<int>(std::ceil(3.5 * sigmaPx));
  std::vector<double> w(2 * radius + 1);
  double sum = 0;
  for (int i = -radius; i <= radius; ++i) sum += w[i + radius] = std::exp(-0.5 * i * i / (sigmaPx * sigmaPx));
  for (double& v : w) v /= sum;
  std::vector<double> tmp(in.size()), out(in.size());
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) {
      double acc = 0;
      for (int i = -radius; i <= radius; ++i) acc += w[i + radius] * in[y * nx + std::clamp(x + i, 0, nx - 1)];
      tmp[y * nx + x] = acc;
    }
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) {
      double acc = 0;
      for (int i = -radius; i <= radius; ++i) acc += w[i + radius] * tmp[std::clamp(y + i, 0, ny - 1) * nx + x];
      out[y * nx + x] = acc;
    }
  return out;
}

/// ∫ of a unit-area Gaussian of σ over [a, b].
double gaussianFraction(double a, double b, double sigma) {
  if (sigma <= 0) return a < 0 && b > 0 ? 1 : 0;
  const double s = std::numbers::sqrt2 * sigma;
  return 0.5 * (std::erf(b / s) - std::erf(a / s));
}

}  // namespace

FluenceMap::FluenceMap(double xMinMm, double yMinMm, double pixelMm, int nx, int ny,
                       std::vector<double> values)
    : xMinMm_(xMinMm), yMinMm_(yMinMm), pixelMm_(pixelMm), nx_(nx), ny_(ny), values_(std::move(values)) {
  assert(values_.size() == static_cast<std::size_t>(nx) * ny && "one value per pixel");
  summed_.assign(static_cast<std::size_t>(nx + 1) * (ny + 1), 0.0);
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x)
      summed_[(y + 1) * (nx + 1) + x + 1] = values_[y * nx + x] + summed_[y * (nx + 1) + x + 1] +
                                            summed_[(y + 1) * (nx + 1) + x] - summed_[y * (nx + 1) + x];
}

double FluenceMap::at(double xMm, double yMm) const {
  const int x = std::clamp(static_cast<int>(std::floor((xMm - xMinMm_) / pixelMm_)), 0, nx_ - 1);
  const int y = std::clamp(static_cast<int>(std::floor((yMm - yMinMm_) / pixelMm_)), 0, ny_ - 1);
  return values_[y * nx_ + x];
}

double FluenceMap::integralTo(double xMm, double yMm) const {
  // Continuous pixel coordinates inside the map; bilinear in a cell is exact for a
  // pixel-constant image.
  const double u = std::clamp((xMm - xMinMm_) / pixelMm_, 0.0, static_cast<double>(nx_));
  const double v = std::clamp((yMm - yMinMm_) / pixelMm_, 0.0, static_cast<double>(ny_));
  const int x0 = std::min(static_cast<int>(u), nx_ - 1), y0 = std::min(static_cast<int>(v), ny_ - 1);
  const double fx = u - x0, fy = v - y0;
  auto s = [&](int x, int y) { return summed_[static_cast<std::size_t>(y) * (nx_ + 1) + x]; };
  return (1 - fx) * (1 - fy) * s(x0, y0) + fx * (1 - fy) * s(x0 + 1, y0) + (1 - fx) * fy * s(x0, y0 + 1) +
         fx * fy * s(x0 + 1, y0 + 1);
}

double FluenceMap::meanOver(double xMm, double yMm, double halfWidthMm) const {
  // The part of the footprint inside the map; beyond it the nearest pixel stands in.
  const double xMaxMm = xMinMm_ + nx_ * pixelMm_, yMaxMm = yMinMm_ + ny_ * pixelMm_;
  const double x0 = std::clamp(xMm - halfWidthMm, xMinMm_, xMaxMm), x1 = std::clamp(xMm + halfWidthMm, xMinMm_, xMaxMm);
  const double y0 = std::clamp(yMm - halfWidthMm, yMinMm_, yMaxMm), y1 = std::clamp(yMm + halfWidthMm, yMinMm_, yMaxMm);
  const double areaPx = (x1 - x0) * (y1 - y0) / (pixelMm_ * pixelMm_);
  if (areaPx < 1e-9) return at(xMm, yMm);
  return (integralTo(x1, y1) - integralTo(x0, y1) - integralTo(x1, y0) + integralTo(x0, y0)) / areaPx;
}

double equivalentSquareMm(const JawsMm& j) {
  const double wx = j.x2 - j.x1, wy = j.y2 - j.y1;
  return wx + wy > 0 ? 2 * wx * wy / (wx + wy) : 0;
}

FluenceMap fluenceMap(const Aperture& ap, const BeamModel& model, double sadMm, double pixelMm,
                      double halfExtentMm) {
  const int n = 2 * static_cast<int>(std::ceil(halfExtentMm / pixelMm));
  const double minMm = -0.5 * n * pixelMm;
  const std::vector<Strip> strips = leafStrips(ap, model.tongueAndGrooveWidthMm);
  const double tipW = model.leafTipTransmissionWidthMm;
  const JawsMm& j = ap.jawsMm;
  const double tj = ap.jawTransmission, tl = ap.leafTransmission;
  constexpr int SUB = 4;  // sub-samples across a pixel for the graded leaf ends

  std::vector<double> aperture(static_cast<std::size_t>(n) * n);
  std::vector<double> xJaw(n);
  for (int x = 0; x < n; ++x) {
    const double x0 = minMm + x * pixelMm;
    const double fx = overlap(x0, x0 + pixelMm, j.x1, j.x2) / pixelMm;
    xJaw[x] = fx + tj * (1 - fx);
  }
  for (int y = 0; y < n; ++y) {
    const double y0 = minMm + y * pixelMm, y1 = y0 + pixelMm;
    const double fy = overlap(y0, y1, j.y1, j.y2) / pixelMm;
    const double yJaw = fy + tj * (1 - fy);
    double covered = 0;  // part of the row under leaves
    std::vector<std::pair<const Strip*, double>> rowStrips;  // the strips this row crosses, with their share
    for (const Strip& s : strips) {
      const double wy = overlap(y0, y1, s.y0, s.y1) / pixelMm;
      if (wy <= 0) continue;
      covered += wy;
      rowStrips.emplace_back(&s, wy);
    }
    for (int x = 0; x < n; ++x) {
      double leaf = 1 - covered;  // outside the leaf bank the leaves do not shape the field
      if (covered > 0) {
        const double x0 = minMm + x * pixelMm;
        for (const auto& [strip, wy] : rowStrips) {
          const Strip& s = *strip;
          double open = 0;
          for (int k = 0; k < SUB; ++k) open += leafOpen(x0 + (k + 0.5) * pixelMm / SUB, s.x1, s.x2, tipW);
          open /= SUB;
          leaf += wy * (open + tl * (1 - open));
        }
      }
      aperture[static_cast<std::size_t>(y) * n + x] = xJaw[x] * yJaw * leaf;
    }
  }

  const double magnification = (sadMm - model.collimatorDistanceMm) / model.collimatorDistanceMm;
  const double sigmaPrimaryMm = model.primarySourceSigmaMm * magnification;
  const double w = model.extraFocalWeight;
  std::vector<double> values = gaussianBlur(aperture, n, n, sigmaPrimaryMm / pixelMm);
  if (w > 0) {
    const std::vector<double> extra = gaussianBlur(aperture, n, n, model.extraFocalSigmaAtIsoMm / pixelMm);
    for (std::size_t p = 0; p < values.size(); ++p) values[p] = (1 - w) * values[p] + w * extra[p];
  }
  // In-air output of the jaw opening at its centre (eq. 3): the normalisation.
  const double cx = 0.5 * (j.x1 + j.x2), cy = 0.5 * (j.y1 + j.y2);
  const double sigmaE = model.extraFocalSigmaAtIsoMm;
  const double extraCentre = gaussianFraction(j.x1 - cx, j.x2 - cx, sigmaE) * gaussianFraction(j.y1 - cy, j.y2 - cy, sigmaE);
  const double norm = (1 - w) + w * extraCentre;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const double r = std::hypot(minMm + (x + 0.5) * pixelMm, minMm + (y + 0.5) * pixelMm);
      values[static_cast<std::size_t>(y) * n + x] *= model.offAxisIntensity.at(r) / norm;
    }
  return FluenceMap(minMm, minMm, pixelMm, n, n, std::move(values));
}

}  // namespace kerma::dose
