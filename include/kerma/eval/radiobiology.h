#ifndef KERMA_EVAL_RADIOBIOLOGY_H
#define KERMA_EVAL_RADIOBIOLOGY_H

#include "kerma/core/frame_registration.h"
#include "kerma/eval/dose_distribution.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <vector>

namespace kerma::eval {

/// Default α/β of tumours and early-responding tissue, Gy (docs/methods/radiobiology.md).
inline constexpr double TUMOUR_ALPHA_BETA_GY = 10;
/// Default α/β of late-responding normal tissue, Gy.
inline constexpr double LATE_NORMAL_TISSUE_ALPHA_BETA_GY = 3;

/// Biologically effective dose of totalDoseGy in `fractions` equal fractions, Gy, by the
/// linear-quadratic model: BED = D (1 + d / (α/β)), d = D / n (eq. 1 of radiobiology.md).
/// Throws kerma::Error (BadInput) unless fractions >= 1 and alphaBetaGy > 0.
double bedGy(double totalDoseGy, int fractions, double alphaBetaGy);
/// Equieffective dose in 2 Gy fractions, Gy: EQD2 = BED / (1 + 2 / (α/β)) (eq. 2).
double eqd2Gy(double totalDoseGy, int fractions, double alphaBetaGy);

/// A value that holds inside one structure's mask (α/β, or a recovered fraction).
struct StructureValue {
  const structure::Mask* mask = nullptr;  ///< on any grid in the same Frame of Reference
  double value = 0;
};

/// A map on grid: defaultValue everywhere, and each entry's value at the voxel centres inside
/// its mask (nearest mask voxel); later entries win where masks overlap.
core::Volume<float> structureValueMap(const core::VolumeGeometry& grid, double defaultValue,
                                      const std::vector<StructureValue>& values);

/// EQD2 per voxel of a physical dose delivered in `fractions` equal fractions, Gy, with the
/// voxel's α/β from alphaBetaGy (same grid as physicalGy). Negative doses are taken as 0.
core::Volume<float> eqd2Volume(const core::Volume<float>& physicalGy, int fractions,
                               const core::Volume<float>& alphaBetaGy);
/// BED per voxel, Gy, as eqd2Volume.
core::Volume<float> bedVolume(const core::Volume<float>& physicalGy, int fractions,
                              const core::Volume<float>& alphaBetaGy);

/// The EQD2 of a physical dose distribution as an EFFECTIVE dose distribution with the same
/// identity and grid. Throws kerma::Error (BadInput) when dose is not a PHYSICAL dose in Gy.
DoseDistribution eqd2Distribution(const DoseDistribution& dose, int fractions, double alphaBetaGy);

/// How courses are added.
enum class SumMode {
  Physical,  ///< physical doses added as they are
  Eqd2,      ///< each course converted to EQD2 with its own fractionation, then added
};

/// One course of a plan sum.
struct Course {
  std::string label;  ///< names the course in messages, e.g. its file name
  DoseDistribution dose;
  int fractions = 1;
  /// Fraction of this course's dose taken as recovered (0 none, 1 all), e.g. for an earlier
  /// course by the time of re-irradiation; recoveredByStructure overrides it inside masks.
  double recoveredFraction = 0;
  std::vector<StructureValue> recoveredByStructure;
  /// For a course planned on another CT (another Frame of Reference): the accepted registration
  /// from its frame (moving) to the first course's (fixed), through which its dose is mapped.
  std::optional<core::FrameRegistration> registration;
};

/// How a plan sum is made.
struct SumOptions {
  SumMode mode = SumMode::Eqd2;
  double alphaBetaGy = LATE_NORMAL_TISSUE_ALPHA_BETA_GY;  ///< where no structure sets one
  std::vector<StructureValue> alphaBetaByStructure;
  /// Grid of the sum; nullopt: the first course's grid. Courses are resampled onto it
  /// trilinearly, 0 Gy outside their own grids.
  std::optional<core::VolumeGeometry> grid;
};

/// Voxel-by-voxel sum of courses: sum over c of (1 - r_c) D_c (Physical) or (1 - r_c) EQD2_c
/// (Eqd2; eq. 4). A course with a registration is mapped onto the sum's grid through it
/// (trilinear; physical dose first, EQD2 per voxel after). The result carries the first course's
/// identity, type PHYSICAL or EFFECTIVE and summation type MULTI_PLAN. Throws kerma::Error
/// (BadInput) naming the courses when a course's Frame of Reference differs from the first's
/// (naming both UIDs) without a registration between exactly these two, their patients differ, a
/// course is not a physical dose in Gy, has fewer than 1 fraction, or a recovered fraction is
/// outside [0, 1].
DoseDistribution sumCourses(const std::vector<Course>& courses, const SumOptions& options);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_RADIOBIOLOGY_H
