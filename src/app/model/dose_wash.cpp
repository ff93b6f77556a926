#include "kerma/app/dose_wash.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace kerma::app {

namespace {

double maximumGy(const eval::DoseDistribution& dose) {
  const auto v = dose.doseGy.values();
  return v.empty() ? 0.0 : double(*std::max_element(v.begin(), v.end()));
}

std::uint32_t premultiplied(const structure::Rgb& c, double alpha) {
  auto channel = [&](double value) { return std::uint32_t(std::lround(value * alpha)); };
  return channel(255) << 24 | channel(c.r) << 16 | channel(c.g) << 8 | channel(c.b);
}

/// Marching squares of one level on a width × height grid of samples (NaN: no dose): segments
/// between points interpolated linearly on the cell edges.
std::vector<std::array<float, 4>> contourLevel(const std::vector<double>& samples, int width, int height, double level) {
  std::vector<std::array<float, 4>> segments;
  auto at = [&](int u, int v) { return samples[std::size_t(v) * std::size_t(width) + std::size_t(u)]; };
  for (int v = 0; v + 1 < height; ++v)
    for (int u = 0; u + 1 < width; ++u) {
      const double a = at(u, v), b = at(u + 1, v), c = at(u + 1, v + 1), d = at(u, v + 1);
      if (std::isnan(a) || std::isnan(b) || std::isnan(c) || std::isnan(d)) continue;
      const int cell = (a >= level) | (b >= level) << 1 | (c >= level) << 2 | (d >= level) << 3;
      if (cell == 0 || cell == 15) continue;
      auto cross = [&](double p, double q) { return float((level - p) / (q - p)); };
      // Edge points: 0 between a and b (v), 1 between b and c (u + 1), 2 between d and c (v + 1),
      // 3 between a and d (u).
      const std::array<std::array<float, 2>, 4> edge{{{float(u) + cross(a, b), float(v)},
                                                      {float(u + 1), float(v) + cross(b, c)},
                                                      {float(u) + cross(d, c), float(v + 1)},
                                                      {float(u), float(v) + cross(a, d)}}};
      auto add = [&](int e0, int e1) { segments.push_back({edge[e0][0], edge[e0][1], edge[e1][0], edge[e1][1]}); };
      switch (cell < 8 ? cell : 15 - cell) {
        case 1: add(3, 0); break;
        case 2: add(0, 1); break;
        case 3: add(3, 1); break;
        case 4: add(1, 2); break;
        case 5: add(3, 0); add(1, 2); break;  // saddle: the corners above the level stay apart
        case 6: add(0, 2); break;
        case 7: add(3, 2); break;
      }
    }
  return segments;
}

// Share of a difference map's range within which it stays transparent: noise, not a difference.
constexpr double DIFFERENCE_FLOOR = 0.02;
constexpr structure::Rgb LOWER_COLOUR{40, 90, 255}, HIGHER_COLOUR{255, 40, 40};
constexpr structure::Rgb PASS_COLOUR{60, 200, 90}, FAIL_FROM_COLOUR{255, 230, 0}, FAIL_TO_COLOUR{255, 0, 0};
constexpr double PASS_OPACITY_SHARE = 0.3;  // passing voxels, faint beside the failing ones

// The wash pixel of value d in style, 0 (transparent) where nothing is drawn.
std::uint32_t washPixel(double d, const DoseWashStyle& style) {
  if (!style.wash) return 0;
  switch (style.scale) {
    case WashScale::Dose:
      if (d < style.minGy || !(style.maxGy > style.minGy)) return 0;
      return premultiplied(eval::washColour((d - style.minGy) / (style.maxGy - style.minGy)), style.opacity);
    case WashScale::Difference: {
      if (std::abs(d) < style.minGy || !(style.maxGy > 0)) return 0;
      const double t = std::min(1.0, std::abs(d) / style.maxGy);
      return premultiplied(d < 0 ? LOWER_COLOUR : HIGHER_COLOUR, style.opacity * (0.25 + 0.75 * t));
    }
    case WashScale::Gamma: {
      if (d < 0) return 0;  // not evaluated
      if (d <= 1) return premultiplied(PASS_COLOUR, style.opacity * PASS_OPACITY_SHARE);
      const double t = std::min(1.0, d - 1);
      const auto mix = [&](std::uint8_t a, std::uint8_t b) { return std::uint8_t(std::lround(a + t * (b - a))); };
      return premultiplied({mix(FAIL_FROM_COLOUR.r, FAIL_TO_COLOUR.r), mix(FAIL_FROM_COLOUR.g, FAIL_TO_COLOUR.g),
                            mix(FAIL_FROM_COLOUR.b, FAIL_TO_COLOUR.b)},
                           style.opacity);
    }
  }
  return 0;
}

}  // namespace

DoseWashStyle differenceWashStyle(double rangeGy) {
  DoseWashStyle style;
  style.scale = WashScale::Difference;
  style.minGy = DIFFERENCE_FLOOR * rangeGy;
  style.maxGy = rangeGy;
  style.opacity = 0.6;
  style.isodoses = false;
  return style;
}

DoseWashStyle gammaWashStyle() {
  DoseWashStyle style;
  style.scale = WashScale::Gamma;
  style.opacity = 0.6;
  style.isodoses = false;
  return style;
}

DoseWashStyle defaultDoseWashStyle(const eval::DoseDistribution& dose, double prescriptionGy) {
  DoseWashStyle style;
  style.prescriptionGy = prescriptionGy;
  const double reference = prescriptionGy > 0 ? prescriptionGy : maximumGy(dose);
  style.minGy = eval::DEFAULT_WASH_FROM_PERCENT / 100 * reference;
  style.maxGy = eval::DEFAULT_WASH_TO_PERCENT / 100 * reference;
  return style;
}

DoseSlice renderDoseSlice(const eval::DoseDistribution& dose, const core::VolumeGeometry& ctGrid, const GridSlice& slice,
                          const DoseWashStyle& style) {
  DoseSlice out;
  out.wash = transparentOverlay(ctGrid, slice);
  SliceOverlay& wash = out.wash;
  std::vector<double> samples(wash.argb.size(), std::numeric_limits<double>::quiet_NaN());
  for (int v = 0; v < wash.height; ++v)
    for (int u = 0; u < wash.width; ++u) {
      core::VoxelIndex ijk{0, 0, 0};
      auto set = [&](int axis, int value) { (axis == 0 ? ijk.i : axis == 1 ? ijk.j : ijk.k) = value; };
      set(slice.normalAxis, slice.index);
      set(wash.uAxis, u);
      set(wash.vAxis, v);
      const auto d = eval::sampleDoseGy(dose, ctGrid.patientPoint(ijk));
      if (!d) continue;
      const std::size_t n = std::size_t(v) * std::size_t(wash.width) + std::size_t(u);
      samples[n] = *d;
      wash.argb[n] = washPixel(*d, style);
    }
  if (!style.isodoses || style.scale != WashScale::Dose) return out;
  for (const IsodoseLevel& level : isodoseLevels(dose, style))
    out.isodoses.push_back({level.percent, level.doseGy, level.colour,
                            contourLevel(samples, wash.width, wash.height, level.doseGy)});
  return out;
}

std::vector<IsodoseLevel> isodoseLevels(const eval::DoseDistribution& dose, const DoseWashStyle& style) {
  const double reference = style.prescriptionGy > 0 ? style.prescriptionGy : maximumGy(dose);
  std::vector<IsodoseLevel> levels;
  for (const double percent : style.isodosePercent)
    levels.push_back({percent, reference * percent / 100, eval::isodoseColour(percent)});
  return levels;
}

std::string doseProbeText(const eval::DoseDistribution& dose, const DoseWashStyle& style,
                          const core::Point3<core::Patient>& p) {
  const auto d = eval::sampleDoseGy(dose, p);
  char text[64];
  if (style.scale == WashScale::Difference) {
    if (!d) return "difference –";
    std::snprintf(text, sizeof text, "difference %+.2f Gy", *d);
    return text;
  }
  if (style.scale == WashScale::Gamma) {
    // Not-evaluated voxels hold −1, so a negative value touches one: no gamma there.
    if (!d || *d < 0) return "gamma –";
    std::snprintf(text, sizeof text, "gamma %.2f", *d);
    return text;
  }
  if (!d) return "dose –";
  if (style.prescriptionGy > 0)
    std::snprintf(text, sizeof text, "dose %.2f Gy (%.1f %%)", *d, 100 * *d / style.prescriptionGy);
  else
    std::snprintf(text, sizeof text, "dose %.2f Gy", *d);
  return text;
}

std::vector<double> parseIsodoseLevels(const std::string& text, double prescriptionGy) {
  std::vector<double> percents;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, comma - start);
    start = comma + 1;
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) continue;
    const bool gray = item.size() > 2 && (item.ends_with("Gy") || item.ends_with("gy"));
    const std::string number = gray ? item.substr(0, item.size() - 2) : item;
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end == number.c_str() || std::string(end).find_first_not_of(" \t") != std::string::npos || !std::isfinite(value) ||
        !(value > 0))
      throw Error(ErrorCode::BadInput, "isodose level '" + item + "'; expected a positive % of the prescription or a dose in Gy");
    if (gray && !(prescriptionGy > 0))
      throw Error(ErrorCode::BadInput, "isodose level '" + item + "': no prescription to take it as a %; expected a %");
    percents.push_back(gray ? 100 * value / prescriptionGy : value);
  }
  if (percents.empty()) throw Error(ErrorCode::BadInput, "no isodose level; expected e.g. 107, 100, 95, 18 Gy");
  return percents;
}

std::string isodoseLevelsText(const std::vector<double>& percents) {
  std::string text;
  for (const double percent : percents) text += (text.empty() ? "" : ", ") + core::shortestText(percent, 4);
  return text;
}

}  // namespace kerma::app
