// Segmentation on the CT: thresholds and hole filling in plain loops, connected components,
// region growing and distance maps through ITK. The only file of Kerma that includes ITK.

#include "kerma/structure/segmentation.h"

#include "kerma/core/error.h"

#include <itkConfidenceConnectedImageFilter.h>
#include <itkConnectedComponentImageFilter.h>
#include <itkConnectedThresholdImageFilter.h>
#include <itkImage.h>
#include <itkRelabelComponentImageFilter.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>

namespace kerma::structure {

namespace {

using HuImage = itk::Image<std::int16_t, 3>;
using LabelImage = itk::Image<std::uint8_t, 3>;
using SliceImage = itk::Image<std::uint8_t, 2>;
using DistanceSlice = itk::Image<float, 2>;

// An ITK image that shares the voxels of a Kerma volume (no copy) with the same geometry.
template <class Image, class T>
typename Image::Pointer viewAsItk(const core::Volume<T>& volume) {
  const auto& g = volume.geometry();
  auto image = Image::New();
  typename Image::RegionType region;
  region.SetSize({std::size_t(g.size()[0]), std::size_t(g.size()[1]), std::size_t(g.size()[2])});
  image->SetRegions(region);
  image->SetSpacing(g.spacingMm().data());
  const double origin[3] = {g.originMm().x, g.originMm().y, g.originMm().z};
  image->SetOrigin(origin);
  typename Image::DirectionType direction;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) direction(r, c) = g.directionCosines()(r, c);
  image->SetDirection(direction);
  // ITK wants a mutable pointer; the filters used here only read their input.
  image->GetPixelContainer()->SetImportPointer(const_cast<T*>(volume.values().data()), volume.values().size(),
                                               /*LetContainerManageMemory=*/false);
  return image;
}

template <class Image>
Mask maskFromItk(const core::VolumeGeometry& grid, Image* image) {
  Mask mask(grid, 0);
  const auto* p = image->GetBufferPointer();
  auto out = mask.values();
  for (std::size_t n = 0; n < out.size(); ++n) out[n] = p[n] != 0;
  return mask;
}

// Runs an ITK filter, turning its exceptions into kerma::Error with context.
template <class Filter>
void update(Filter* filter, const char* what) {
  try {
    filter->Update();
  } catch (const itk::ExceptionObject& e) {
    throw Error(ErrorCode::Internal, std::string(what) + " failed: " + e.GetDescription());
  }
}

core::VoxelIndex seedVoxel(const core::CtVolume& ct, const core::Point3<core::Patient>& seed) {
  const auto c = ct.geometry().voxelFromPatient()(seed);
  const core::VoxelIndex ijk{std::lround(c.x), std::lround(c.y), std::lround(c.z)};
  if (!ct.geometry().contains(ijk))
    throw Error(ErrorCode::BadInput, "seed point (" + std::to_string(seed.x) + ", " + std::to_string(seed.y) + ", " +
                                         std::to_string(seed.z) + ") mm lies outside the CT");
  return ijk;
}

// Fills, on each slice, the background not connected to the slice's border (4-connected).
void fillHolesPerSlice(Mask& mask) {
  // Named ints, not a structured binding: the lambda below captures them, which clang 14 (the fuzz
  // build) does not allow for bindings.
  const int nx = mask.geometry().size()[0], ny = mask.geometry().size()[1], nz = mask.geometry().size()[2];
  std::vector<std::uint8_t> reached(std::size_t(nx) * ny);
  std::deque<std::pair<int, int>> queue;
  for (int k = 0; k < nz; ++k) {
    auto slice = mask.slice(k);
    std::fill(reached.begin(), reached.end(), 0);
    auto visit = [&](int i, int j) {
      const std::size_t n = std::size_t(j) * nx + i;
      if (slice[n] || reached[n]) return;
      reached[n] = 1;
      queue.emplace_back(i, j);
    };
    for (int i = 0; i < nx; ++i) visit(i, 0), visit(i, ny - 1);
    for (int j = 0; j < ny; ++j) visit(0, j), visit(nx - 1, j);
    while (!queue.empty()) {
      const auto [i, j] = queue.front();
      queue.pop_front();
      if (i > 0) visit(i - 1, j);
      if (i + 1 < nx) visit(i + 1, j);
      if (j > 0) visit(i, j - 1);
      if (j + 1 < ny) visit(i, j + 1);
    }
    for (std::size_t n = 0; n < slice.size(); ++n) slice[n] = slice[n] || !reached[n];
  }
}

// Signed distance (mm, negative inside) of one slice of mask.
DistanceSlice::Pointer signedDistance(const Mask& mask, int k) {
  const auto& g = mask.geometry();
  auto slice = SliceImage::New();
  SliceImage::RegionType region;
  region.SetSize({std::size_t(g.size()[0]), std::size_t(g.size()[1])});
  slice->SetRegions(region);
  const double spacing[2] = {g.spacingMm()[0], g.spacingMm()[1]};
  slice->SetSpacing(spacing);
  slice->Allocate();
  const auto values = mask.slice(k);
  std::copy(values.begin(), values.end(), slice->GetBufferPointer());
  auto distance = itk::SignedMaurerDistanceMapImageFilter<SliceImage, DistanceSlice>::New();
  distance->SetInput(slice);
  distance->SetUseImageSpacing(true);
  distance->SetSquaredDistance(false);
  distance->SetInsideIsPositive(false);
  distance->SetBackgroundValue(0);
  update(distance.GetPointer(), "signed distance map");
  // Maurer's map is zero on the object's boundary voxels, half a pixel inside the drawn edge;
  // moving the zero level out by half a pixel puts it on the edge itself.
  auto* output = distance->GetOutput();
  const float halfPixelMm = float(0.25 * (spacing[0] + spacing[1]));
  float* d = output->GetBufferPointer();
  for (std::size_t n = 0; n < values.size(); ++n) d[n] -= halfPixelMm;
  return output;
}

bool sliceIsEmpty(const Mask& mask, int k) {
  const auto s = mask.slice(k);
  return std::none_of(s.begin(), s.end(), [](std::uint8_t v) { return v != 0; });
}

}  // namespace

Mask thresholdMask(const core::CtVolume& ct, double lowHu, double highHu, const Mask* region) {
  if (region && !region->geometry().sameGridAs(ct.geometry()))
    throw Error(ErrorCode::BadInput, "threshold region is not on the CT grid");
  Mask mask(ct.geometry(), 0);
  const auto hu = ct.values();
  auto out = mask.values();
  for (std::size_t n = 0; n < out.size(); ++n)
    out[n] = hu[n] >= lowHu && hu[n] <= highHu && (!region || region->values()[n]);
  return mask;
}

Mask bodyOutline(const core::CtVolume& ct, double thresholdHu) {
  const Mask above = thresholdMask(ct, thresholdHu, std::numeric_limits<double>::infinity());
  auto components = itk::ConnectedComponentImageFilter<LabelImage, itk::Image<std::uint32_t, 3>>::New();
  components->SetInput(viewAsItk<LabelImage>(above));
  components->SetFullyConnected(false);
  auto largest = itk::RelabelComponentImageFilter<itk::Image<std::uint32_t, 3>, itk::Image<std::uint32_t, 3>>::New();
  largest->SetInput(components->GetOutput());
  largest->SetSortByObjectSize(true);
  update(largest.GetPointer(), "connected components of the body");
  Mask body(ct.geometry(), 0);
  const auto* labels = largest->GetOutput()->GetBufferPointer();
  auto out = body.values();
  for (std::size_t n = 0; n < out.size(); ++n) out[n] = labels[n] == 1;
  fillHolesPerSlice(body);
  return body;
}

Mask growConnectedThreshold(const core::CtVolume& ct, core::Point3<core::Patient> seed, double lowHu, double highHu) {
  const auto ijk = seedVoxel(ct, seed);
  const double seedHu = ct.at(ijk);
  if (seedHu < lowHu || seedHu > highHu)
    throw Error(ErrorCode::BadInput, "the seed voxel has " + std::to_string(int(seedHu)) + " HU, outside the range [" +
                                         std::to_string(lowHu) + ", " + std::to_string(highHu) + "] HU to grow");
  auto grow = itk::ConnectedThresholdImageFilter<HuImage, LabelImage>::New();
  grow->SetInput(viewAsItk<HuImage>(ct));
  grow->SetLower(static_cast<std::int16_t>(std::clamp(std::ceil(lowHu), -32768.0, 32767.0)));
  grow->SetUpper(static_cast<std::int16_t>(std::clamp(std::floor(highHu), -32768.0, 32767.0)));
  grow->SetReplaceValue(1);
  grow->SetConnectivity(itk::ConnectedThresholdImageFilter<HuImage, LabelImage>::FaceConnectivity);
  grow->AddSeed({{ijk.i, ijk.j, ijk.k}});
  update(grow.GetPointer(), "connected-threshold region growing");
  return maskFromItk(ct.geometry(), grow->GetOutput());
}

Mask growConfidenceConnected(const core::CtVolume& ct, core::Point3<core::Patient> seed, double multiplier,
                             int iterations, int radiusVoxels) {
  const auto ijk = seedVoxel(ct, seed);
  auto grow = itk::ConfidenceConnectedImageFilter<HuImage, LabelImage>::New();
  grow->SetInput(viewAsItk<HuImage>(ct));
  grow->SetMultiplier(multiplier);
  grow->SetNumberOfIterations(static_cast<unsigned>(std::max(0, iterations)));
  grow->SetInitialNeighborhoodRadius(static_cast<unsigned>(std::max(0, radiusVoxels)));
  grow->SetReplaceValue(1);
  grow->AddSeed({{ijk.i, ijk.j, ijk.k}});
  update(grow.GetPointer(), "confidence-connected region growing");
  return maskFromItk(ct.geometry(), grow->GetOutput());
}

Mask interpolateSlices(const Mask& mask) {
  Mask result = mask;
  const int nz = mask.geometry().size()[2];
  int previous = -1;
  DistanceSlice::Pointer previousDistance;
  for (int k = 0; k < nz; ++k) {
    if (sliceIsEmpty(mask, k)) continue;
    auto distance = signedDistance(mask, k);
    if (previous >= 0 && k - previous > 1) {
      const float* d0 = previousDistance->GetBufferPointer();
      const float* d1 = distance->GetBufferPointer();
      for (int m = previous + 1; m < k; ++m) {
        const float t = float(m - previous) / float(k - previous);
        auto out = result.slice(m);
        for (std::size_t n = 0; n < out.size(); ++n) out[n] = (1 - t) * d0[n] + t * d1[n] <= 0;
      }
    }
    previous = k;
    previousDistance = distance;
  }
  return result;
}

}  // namespace kerma::structure
