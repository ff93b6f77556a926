#ifndef KERMA_APP_DOSE_WASH_H
#define KERMA_APP_DOSE_WASH_H

#include "kerma/app/structure_overlay.h"
#include "kerma/eval/dose_distribution.h"
#include "kerma/eval/isodose.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace kerma::app {

/// What the values a wash draws are.
enum class WashScale {
  Dose,        ///< Gy, blue to red between minGy and maxGy
  Difference,  ///< Gy of one dose minus another: blue below 0, red above, stronger to ±maxGy
  Gamma,       ///< gamma index (−1: not evaluated): passing (≤ 1) faint green, failing yellow to red at 2
};

/// How a dose is drawn over the CT: a colour wash between minGy and maxGy (transparent below
/// minGy, the top colour above maxGy) and isodose lines at percentages of the prescription; a
/// difference or gamma map as its scale says.
struct DoseWashStyle {
  WashScale scale = WashScale::Dose;
  double prescriptionGy = 0;  ///< 100 %; 0: the dose maximum stands in
  double minGy = 0, maxGy = 0;
  double opacity = 0.4;  ///< of the wash, 0..1
  bool wash = true;
  bool isodoses = true;
  std::vector<double> isodosePercent{eval::DEFAULT_ISODOSE_PERCENT.begin(), eval::DEFAULT_ISODOSE_PERCENT.end()};
  friend bool operator==(const DoseWashStyle&, const DoseWashStyle&) = default;
};

/// The default style of a dose: wash from eval::DEFAULT_WASH_FROM_PERCENT to
/// DEFAULT_WASH_TO_PERCENT of prescriptionGy (of the maximum when it is 0).
DoseWashStyle defaultDoseWashStyle(const eval::DoseDistribution& dose, double prescriptionGy);
/// A difference map's style: transparent within ±minGy (DIFFERENCE_FLOOR of rangeGy), full colour
/// at ±rangeGy; no isodose lines.
DoseWashStyle differenceWashStyle(double rangeGy);
/// A gamma map's style: no isodose lines.
DoseWashStyle gammaWashStyle();


/// Isodose levels as a user types them, "107, 100, 95, 18 Gy": each a % of prescriptionGy, or an
/// absolute dose in Gy, turned into its % of prescriptionGy. Throws kerma::Error (BadInput)
/// naming the item that is not a positive number (with "Gy" or without), a Gy level without a
/// prescription, or an empty list.
std::vector<double> parseIsodoseLevels(const std::string& text, double prescriptionGy);
/// The levels as parseIsodoseLevels reads them back: "107, 100, 95".
std::string isodoseLevelsText(const std::vector<double>& percents);

/// One isodose level of a style: what a legend lists.
struct IsodoseLevel {
  double percent = 0, doseGy = 0;
  structure::Rgb colour;
};

/// The isodose levels of style for dose, in the style's order: its percentages of
/// style.prescriptionGy (of the dose maximum when that is 0), each in isodoseColour.
std::vector<IsodoseLevel> isodoseLevels(const eval::DoseDistribution& dose, const DoseWashStyle& style);

/// One isodose level on a slice: segments between the voxel centres of the slice's pixel
/// grid (u, v: voxel centres at integers), each {u0, v0, u1, v1}.
struct IsodoseLine {
  double percent = 0, doseGy = 0;
  structure::Rgb colour;
  std::vector<std::array<float, 4>> segments;
};

/// The dose on one slice of the CT grid, drawn as the structure overlay is (SliceOverlay: one
/// pixel per CT voxel of the slice, premultiplied 0xAARRGGBB), and its isodose lines.
struct DoseSlice {
  SliceOverlay wash;
  std::vector<IsodoseLine> isodoses;
};

/// The dose sampled (trilinear, eval::sampleDoseGy) at the voxel centres of slice of ctGrid:
/// the wash where the dose is at least style.minGy and style.wash is set, and isodose lines by
/// marching squares on the same samples where style.isodoses is set. Outside the dose grid
/// nothing is drawn.
DoseSlice renderDoseSlice(const eval::DoseDistribution& dose, const core::VolumeGeometry& ctGrid, const GridSlice& slice,
                          const DoseWashStyle& style);

/// "dose 19.84 Gy (99.2 %)" at p, or "dose –" outside the dose grid; the percentage is of
/// style.prescriptionGy and left out when that is 0. For a difference map "difference +0.53 Gy",
/// for a gamma map "gamma 0.42" ("gamma –" where it was not evaluated).
std::string doseProbeText(const eval::DoseDistribution& dose, const DoseWashStyle& style,
                          const core::Point3<core::Patient>& p);

}  // namespace kerma::app

#endif  // KERMA_APP_DOSE_WASH_H
