#ifndef KERMA_TESTS_MHA_H
#define KERMA_TESTS_MHA_H

#include "kerma/core/volume.h"

#include <filesystem>
#include <fstream>

namespace kerma::testing {

/// Writes a float volume as a MetaImage (.mha, header and raw little-endian data in one file),
/// the format plastimatch and ITK read, for cross-checks with outside tools.
inline void writeMha(const std::filesystem::path& file, const core::Volume<float>& volume) {
  const auto& g = volume.geometry();
  const Eigen::Matrix3d& d = g.directionCosines();
  std::ofstream out(file, std::ios::binary);
  out << "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
      << "TransformMatrix = " << d(0, 0) << " " << d(1, 0) << " " << d(2, 0) << " " << d(0, 1) << " "
      << d(1, 1) << " " << d(2, 1) << " " << d(0, 2) << " " << d(1, 2) << " " << d(2, 2) << "\n"
      << "Offset = " << g.originMm().x << " " << g.originMm().y << " " << g.originMm().z << "\n"
      << "ElementSpacing = " << g.spacingMm()[0] << " " << g.spacingMm()[1] << " " << g.spacingMm()[2] << "\n"
      << "DimSize = " << g.size()[0] << " " << g.size()[1] << " " << g.size()[2] << "\n"
      << "ElementType = MET_FLOAT\nElementDataFile = LOCAL\n";
  out.write(reinterpret_cast<const char*>(volume.values().data()),
            static_cast<std::streamsize>(volume.values().size() * sizeof(float)));
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_MHA_H
