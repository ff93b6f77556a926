#include "kerma/structure/structure.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
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

const Structure* findBody(const std::vector<Structure>& structures) {
  for (const Structure& s : structures)
    if (s.type == RoiType::External) return &s;
  auto upper = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
  };
  for (const Structure& s : structures)
    if (upper(s.name) == "BODY" || upper(s.name) == "EXTERNAL") return &s;
  return nullptr;
}

}  // namespace kerma::structure
