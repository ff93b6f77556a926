#include "kerma/structure/structure.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kerma::structure {

namespace {

// Defined terms of RT ROI Interpreted Type (PS3.3 C.8.8.8.1) for every RoiType except Other.
constexpr std::array<std::pair<RoiType, std::string_view>, 10> DICOM_TERMS = {{
    {RoiType::External, "EXTERNAL"},
    {RoiType::Ptv, "PTV"},
    {RoiType::Ctv, "CTV"},
    {RoiType::Gtv, "GTV"},
    {RoiType::Organ, "ORGAN"},
    {RoiType::Avoidance, "AVOIDANCE"},
    {RoiType::Bolus, "BOLUS"},
    {RoiType::Support, "SUPPORT"},
    {RoiType::Marker, "MARKER"},
    {RoiType::Control, "CONTROL"},
}};

// Colours that say a structure's role in every viewer; nullopt for a type without a role colour.
std::optional<Rgb> roleColour(RoiType type) {
  switch (type) {
    case RoiType::Ptv: return Rgb{255, 0, 0};
    case RoiType::Ctv: return Rgb{255, 160, 0};
    case RoiType::Gtv: return Rgb{255, 0, 255};
    case RoiType::External: return Rgb{0, 200, 0};
    case RoiType::Organ:
    case RoiType::Avoidance:
    case RoiType::Bolus:
    case RoiType::Support:
    case RoiType::Marker:
    case RoiType::Control:
    case RoiType::Other: break;
  }
  return std::nullopt;
}

// Well separated from each other, from the role colours and from grey CT, on a dark background.
constexpr std::array<Rgb, 12> PALETTE = {{{0, 160, 255},
                                          {255, 220, 0},
                                          {160, 255, 80},
                                          {255, 80, 200},
                                          {120, 120, 255},
                                          {0, 255, 200},
                                          {200, 120, 60},
                                          {255, 255, 160},
                                          {180, 0, 255},
                                          {80, 160, 80},
                                          {255, 120, 120},
                                          {0, 120, 180}}};

// The n-th hue spaced by the golden angle from the palette's first, fully saturated.
Rgb goldenAngleColour(std::size_t n) {
  constexpr double GOLDEN_ANGLE_DEG = 137.50776405;
  const double hue = std::fmod(200.0 + double(n) * GOLDEN_ANGLE_DEG, 360.0) / 60.0;
  const double x = 1 - std::abs(std::fmod(hue, 2.0) - 1);
  const int sector = int(hue);
  const double rgb[6][3] = {{1, x, 0}, {x, 1, 0}, {0, 1, x}, {0, x, 1}, {x, 0, 1}, {1, 0, x}};
  auto channel = [](double v) { return std::uint8_t(std::lround(55 + 200 * v)); };
  return {channel(rgb[sector][0]), channel(rgb[sector][1]), channel(rgb[sector][2])};
}

double voxelVolumeCc(const core::VolumeGeometry& geometry) {
  const auto& spacingMm = geometry.spacingMm();
  constexpr double CC_PER_MM3 = 1e-3;
  return spacingMm[0] * spacingMm[1] * spacingMm[2] * CC_PER_MM3;
}

}  // namespace

std::string_view dicomTerm(RoiType type) {
  for (const auto& [candidate, term] : DICOM_TERMS)
    if (candidate == type) return term;
  return {};
}

RoiType roiTypeFromDicomTerm(std::string_view term) {
  for (const auto& [type, candidate] : DICOM_TERMS)
    if (candidate == term) return type;
  return RoiType::Other;
}

std::optional<RoiType> typeNamedBy(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (upper.starts_with("PTV")) return RoiType::Ptv;
  if (upper.starts_with("CTV")) return RoiType::Ctv;
  if (upper.starts_with("GTV")) return RoiType::Gtv;
  if (upper == "BODY" || upper == "EXTERNAL" || upper == "SKIN") return RoiType::External;
  return std::nullopt;
}

Rgb newStructureColour(RoiType type, const std::vector<Rgb>& inUse) {
  auto free = [&](const Rgb& colour) { return std::find(inUse.begin(), inUse.end(), colour) == inUse.end(); };
  if (const auto role = roleColour(type); role && free(*role)) return *role;
  for (const Rgb& colour : PALETTE)
    if (free(colour)) return colour;
  // Each of inUse takes at most one hue, so one of the first inUse.size() + 1 is free.
  for (std::size_t n = 0;; ++n)
    if (free(goldenAngleColour(n))) return goldenAngleColour(n);
}

double volumeCc(const Mask& mask) {
  std::size_t inside = 0;
  for (const std::uint8_t v : mask.values()) inside += v != 0;
  return double(inside) * voxelVolumeCc(mask.geometry());
}

std::optional<core::Point3<core::Patient>> centroidMm(const Mask& mask) {
  const auto& size = mask.geometry().size();
  // Sums of integer indices are exact, so the centroid does not depend on summation order.
  std::uint64_t count = 0, sumI = 0, sumJ = 0, sumK = 0;
  const auto values = mask.values();
  std::size_t n = 0;
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i, ++n) {
        if (!values[n]) continue;
        ++count;
        sumI += std::uint64_t(i);
        sumJ += std::uint64_t(j);
        sumK += std::uint64_t(k);
      }
  if (count == 0) return std::nullopt;
  // patientFromVoxel is affine, so the mean of the voxel centres is the image of the mean index.
  const core::Point3<core::Voxel> meanIndex{double(sumI) / double(count), double(sumJ) / double(count),
                                            double(sumK) / double(count)};
  return mask.geometry().patientFromVoxel()(meanIndex);
}

bool insideMask(const Mask& mask, const core::Point3<core::Patient>& p) {
  const auto q = mask.geometry().voxelFromPatient()(p);
  const core::VoxelIndex m{std::llround(q.x), std::llround(q.y), std::llround(q.z)};
  return mask.geometry().contains(m) && mask.at(m) != 0;
}

std::optional<std::size_t> findBodyIndex(std::size_t count, const std::function<const Structure&(std::size_t)>& at) {
  for (std::size_t n = 0; n < count; ++n)
    if (at(n).type == RoiType::External) return n;
  auto upper = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
  };
  for (std::size_t n = 0; n < count; ++n)
    if (upper(at(n).name) == "BODY" || upper(at(n).name) == "EXTERNAL") return n;
  return std::nullopt;
}

const Structure* findBody(const std::vector<Structure>& structures) {
  const auto index = findBodyIndex(structures.size(), [&](std::size_t n) -> const Structure& { return structures[n]; });
  return index ? &structures[*index] : nullptr;
}

}  // namespace kerma::structure
