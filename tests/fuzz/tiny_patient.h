#ifndef KERMA_TESTS_FUZZ_TINY_PATIENT_H
#define KERMA_TESTS_FUZZ_TINY_PATIENT_H

// A patient small enough to be worked on a million times: the fuzz targets run contouring
// programs and rasterise structure sets on it, and the seed writer exports it.

#include "kerma/core/image_series.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <vector>

namespace kerma::fuzz {

/// 16 x 12 x 4 voxels of 2 x 2 x 3 mm: a water cylinder (0 HU) with a bone core (700 HU) in air.
core::CtImage makeTinyCt();

/// "Body" (the cylinder) and "Core" (the bone) on ct, with their contours.
std::vector<structure::Structure> makeTinyStructures(const core::CtImage& ct);

/// The files Kerma writes for the tiny patient: its CT series, RT Structure Set and an RT Dose on
/// a coarser grid (0.5 Gy x (i + j + k)), with reproducible UIDs.
struct TinyPatientFiles {
  std::vector<std::filesystem::path> ctSlices;  ///< in slice order
  std::filesystem::path rtstruct, rtdose;
};

/// Writes the tiny patient's files into folder/ct, folder/rtstruct and folder/rtdose.
TinyPatientFiles writeTinyPatient(const std::filesystem::path& folder);

}  // namespace kerma::fuzz

#endif  // KERMA_TESTS_FUZZ_TINY_PATIENT_H
