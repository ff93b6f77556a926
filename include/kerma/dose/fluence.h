#ifndef KERMA_DOSE_FLUENCE_H
#define KERMA_DOSE_FLUENCE_H

#include "kerma/dose/beam.h"
#include "kerma/dose/beam_model.h"

#include <optional>
#include <vector>

namespace kerma::dose {

/// What shapes a field: jaws and optional leaves (beam.h conventions, isocentre plane, mm), the
/// leaf-pair boundaries and the transmissions of the machine.
struct Aperture {
  JawsMm jawsMm;
  std::optional<MlcLeaves> leaves;
  std::vector<double> leafBoundariesMm;  ///< pairCount + 1 values along Yb, mm
  double jawTransmission = 0;
  double leafTransmission = 0;
};

/// Relative energy fluence of one beam in the isocentre plane, on square pixels in the IEC
/// beam-limiting-device frame (Xb, Yb), mm: 1 on the axis of an open field without head scatter
/// and horns (docs/methods/dose.md, eq. 1).
class FluenceMap {
 public:
  FluenceMap(double xMinMm, double yMinMm, double pixelMm, int nx, int ny, std::vector<double> values);

  /// Pixel value at (xMm, yMm); the edge pixel's value outside the map.
  double at(double xMm, double yMm) const;
  /// Mean over the square of half-width halfWidthMm centred on (xMm, yMm), exact for the
  /// pixel-constant map (summed-area table); outside the map only the part inside counts.
  double meanOver(double xMm, double yMm, double halfWidthMm) const;

  double xMinMm() const { return xMinMm_; }
  double yMinMm() const { return yMinMm_; }
  double pixelMm() const { return pixelMm_; }
  int nx() const { return nx_; }
  int ny() const { return ny_; }
  const std::vector<double>& values() const { return values_; }

 private:
  double integralTo(double xMm, double yMm) const;  // ∫∫ from the map corner, pixel units
  double xMinMm_, yMinMm_, pixelMm_;
  int nx_, ny_;
  std::vector<double> values_;
  std::vector<double> summed_;  // (nx + 1) × (ny + 1) corner integrals, in pixel units
};

/// The fluence of an aperture (eqs. 1–3): exact pixel coverage of jaws and leaves with their
/// transmissions (jaws multiply), leaf ends graded linearly over leafTipTransmissionWidthMm,
/// tongue-and-groove bands of tongueAndGrooveWidthMm at each inner leaf boundary open only where
/// both neighbours are, blurred by the focal spot projected through the collimator and mixed with
/// the extra-focal source, times the off-axis intensity. Normalised so that the in-air fluence of
/// the jaw opening alone at its centre, without horns, is 1: field-size dependence of the output
/// is left to the collimator-scatter table (Sc). The map covers |x|, |y| ≤ halfExtentMm.
FluenceMap fluenceMap(const Aperture& aperture, const BeamModel& model, double sadMm,
                      double pixelMm, double halfExtentMm);

/// Side of the square field with the same Sc as the jaw rectangle (4·area/perimeter), mm.
double equivalentSquareMm(const JawsMm& jawsMm);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_FLUENCE_H
