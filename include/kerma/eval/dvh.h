#ifndef KERMA_EVAL_DVH_H
#define KERMA_EVAL_DVH_H

#include "kerma/eval/dose_distribution.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <vector>

namespace kerma::eval {

/// How a structure is sampled for its DVH (docs/validation/dvh.md).
struct DvhOptions {
  /// Spacing, mm, of the sampling rows within each contour plane; the sub-planes across the slab
  /// a contour plane stands for are twice as far apart, at most half a dose voxel. Along each row
  /// the dose is integrated exactly. A structure that would need more than about 2 million row
  /// segments (a BODY) gets its rows further apart, at most one a dose voxel. 0.01 to 10 mm;
  /// other values are BadInput.
  double sampleStepMm = 0.5;
  /// Thickness, mm, of the slab each contour plane stands for (centred on the plane); nullopt:
  /// the smallest distance between two of the structure's contour planes (a single plane: the
  /// dose grid's slice spacing).
  std::optional<double> slabThicknessMm;
  /// Width of the histogram bins, Gy; 0: the grid's maximum dose / 4000.
  double binWidthGy = 0;
  int threads = 0;  ///< worker threads; 0 = hardware concurrency
};

/// A cumulative dose-volume histogram with the exact moments of the sampled dose.
struct Dvh {
  double binWidthGy = 0;
  /// cumulativeCc[n]: volume receiving at least n * binWidthGy, cm³; cumulativeCc[0] = volumeCc.
  /// Exact at the bin edges for the sampled rows, linear between them.
  std::vector<double> cumulativeCc;
  double volumeCc = 0;
  double minGy = 0, maxGy = 0, meanGy = 0;
  /// Part of volumeCc outside the dose grid (beyond half a voxel from the outermost voxel
  /// centres), counted at 0 Gy.
  double outsideDoseGridCc = 0;
};

/// DVH of the region enclosed by contours (closed planar polygons in patient mm, combined per
/// plane by the even-odd rule), each plane standing for a slab of options.slabThicknessMm. Within
/// half a voxel of the outermost voxel centres the dose is that of the nearest centre; further
/// out it is 0 Gy (and counted in outsideDoseGridCc). Throws kerma::Error (BadInput) when a
/// contour is not planar or its plane is not perpendicular to the dose grid's slice axis.
Dvh computeDvh(const std::vector<structure::PlanarContour>& contours, const DoseDistribution& dose,
               const DvhOptions& options = {});

/// computeDvh of several structures (each a list of contours) in one dose, in order; the dose
/// grid is scanned once for the histogram's range.
std::vector<Dvh> computeDvhs(const std::vector<std::vector<structure::PlanarContour>>& structures,
                             const DoseDistribution& dose, const DvhOptions& options = {});

/// DVH of the whole dose grid: the box reaching half a voxel beyond the outermost voxel centres.
/// Its volumeAtLeastCc(dvh, x) is the volume of the x Gy isodose over the grid.
Dvh computeGridDvh(const DoseDistribution& dose, const DvhOptions& options = {});

/// Volume receiving at least doseGy, cm³ (0 above the maximum, volumeCc at or below the minimum).
double volumeAtLeastCc(const Dvh& dvh, double doseGy);
/// Volume receiving at least doseGy, % of the structure's volume (0 for an empty structure).
double volumeAtLeastPercent(const Dvh& dvh, double doseGy);
/// D(volumeCc): the highest dose D such that at least volumeCc receives D or more, Gy. Clamped
/// to [minGy, maxGy]: volumes above the structure's give minGy.
double doseAtVolumeGy(const Dvh& dvh, double volumeCc);
/// D(x %): doseAtVolumeGy for x % of the structure's volume, e.g. D95 = doseAtPercentGy(dvh, 95).
double doseAtPercentGy(const Dvh& dvh, double percent);

/// Dose statistics of one structure (ICRU 83 names).
struct DoseStatistics {
  double volumeCc = 0;
  double minGy = 0, maxGy = 0, meanGy = 0;
  double d0_03ccGy = 0;  ///< near-maximum dose to the hottest 0.03 cm³
  double d2Gy = 0, d50Gy = 0, d95Gy = 0, d98Gy = 0;
  double homogeneityIndex = 0;  ///< ICRU 83: (D2 - D98) / D50; 0 when D50 is 0
};

/// Statistics read off a DVH.
DoseStatistics doseStatistics(const Dvh& dvh);

/// Paddick conformity and gradient indices of a target for a prescription isodose.
struct ConformityIndices {
  double targetCc = 0;                    ///< TV
  double targetCoveredCc = 0;             ///< TV_PIV: target volume receiving >= prescription
  double prescriptionIsodoseCc = 0;       ///< PIV: volume of the prescription isodose
  double halfPrescriptionIsodoseCc = 0;   ///< volume of the 50 % prescription isodose
  double paddickCi = 0;      ///< TV_PIV² / (TV · PIV); 0 when TV or PIV is 0
  double gradientIndex = 0;  ///< PIV50 / PIV; 0 when PIV is 0
};

/// Paddick CI (J Neurosurg 2000;93 Suppl 3:219) and GI (J Neurosurg 2006;105 Suppl:194) of
/// target for prescriptionGy; the isodose volumes are read off region, the DVH of the body or of
/// the whole grid (computeGridDvh).
ConformityIndices conformityIndices(const Dvh& target, const Dvh& region, double prescriptionGy);

/// Volume axis of a DVH curve.
enum class VolumeUnit { Cc, Percent };

/// Axes of a DVH curve: dose in Gy, or in % of prescriptionGy when that is set; volume in cm³ or
/// in % of the structure's volume.
struct DvhAxes {
  VolumeUnit volume = VolumeUnit::Percent;
  std::optional<double> prescriptionGy;
};

/// One point of a DVH curve, in the units of its DvhAxes.
struct DvhPoint {
  double dose = 0;
  double volume = 0;
};

/// Cumulative DVH at doses 0, stepGy, 2 stepGy, ... up to the first dose at or above maxGy.
std::vector<DvhPoint> cumulativeCurve(const Dvh& dvh, double stepGy, const DvhAxes& axes = {});
/// Differential DVH in bins of stepGy: each point is a bin's centre dose and the volume receiving
/// a dose within the bin divided by the bin width (cm³/Gy or %/Gy; per % of prescription when
/// the dose axis is relative).
std::vector<DvhPoint> differentialCurve(const Dvh& dvh, double stepGy, const DvhAxes& axes = {});

}  // namespace kerma::eval

#endif  // KERMA_EVAL_DVH_H
