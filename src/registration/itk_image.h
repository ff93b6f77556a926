#ifndef KERMA_SRC_REGISTRATION_ITK_IMAGE_H
#define KERMA_SRC_REGISTRATION_ITK_IMAGE_H

// Private to the ITK side of src/registration: plain grids and arrays as ITK images and points.

#include "itk_bridge.h"

#include <itkImage.h>

#include <algorithm>
#include <cstddef>

namespace kerma::registration::itkbridge {

inline std::size_t voxelCount(const PlainGrid& grid) {
  return std::size_t(grid.size[0]) * std::size_t(grid.size[1]) * std::size_t(grid.size[2]);
}

/// An ITK image on grid holding values (i fastest in both), converted to Pixel.
template <class Pixel, class Value>
typename itk::Image<Pixel, 3>::Pointer itkImage(const PlainGrid& grid, const Value* values) {
  using Image = itk::Image<Pixel, 3>;
  auto image = Image::New();
  typename Image::SizeType size;
  typename Image::SpacingType spacing;
  typename Image::PointType origin;
  typename Image::DirectionType direction;
  for (unsigned a = 0; a < 3; ++a) {
    size[a] = itk::SizeValueType(grid.size[a]);
    spacing[a] = grid.spacingMm[a];
    origin[a] = grid.originMm[a];
    for (unsigned b = 0; b < 3; ++b) direction[a][b] = grid.direction[3 * a + b];
  }
  image->SetRegions(typename Image::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
  std::transform(values, values + voxelCount(grid), image->GetBufferPointer(),
                 [](Value v) { return static_cast<Pixel>(v); });
  return image;
}

/// The patient point (LPS mm) of voxel (i, j, k) of grid.
inline itk::Point<double, 3> physicalPoint(const PlainGrid& grid, int i, int j, int k) {
  const double alongMm[3] = {i * grid.spacingMm[0], j * grid.spacingMm[1], k * grid.spacingMm[2]};
  itk::Point<double, 3> p;
  for (unsigned a = 0; a < 3; ++a)
    p[a] = grid.originMm[a] + grid.direction[3 * a] * alongMm[0] + grid.direction[3 * a + 1] * alongMm[1] +
           grid.direction[3 * a + 2] * alongMm[2];
  return p;
}

}  // namespace kerma::registration::itkbridge

#endif  // KERMA_SRC_REGISTRATION_ITK_IMAGE_H
