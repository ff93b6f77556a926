#ifndef KERMA_APP_BEAM_FIELD_H
#define KERMA_APP_BEAM_FIELD_H

#include "kerma/app/slice_viewport.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/beams/beams_eye_view.h"
#include "kerma/beams/machine_limits.h"

#include <optional>
#include <vector>

namespace kerma::app {

/// An axis-aligned rectangle in the isocentre plane, BLD mm (x1 < x2 along Xb, y1 < y2 along Yb).
struct BevRectMm {
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  friend bool operator==(const BevRectMm&, const BevRectMm&) = default;
};

/// The open parts of the field at the isocentre plane, jaws ∩ MLC: per leaf pair the part of
/// its band within the Y jaws, between its tips and within the X jaws (one rectangle per pair
/// that opens); the jaw opening alone for a beam without MLC.
std::vector<BevRectMm> fieldApertures(const dose::Beam& beam, const dose::MlcModel& mlc);

/// A leaf tip under a point of the beam's-eye view, for dragging.
struct LeafHit {
  int pair = 0;
  beams::LeafBank bank = beams::LeafBank::X1;
};

/// The leaf whose tip is nearest p (within toleranceMm along Xb) in the pair whose band holds
/// p.y; nullopt when there is none.
std::optional<LeafHit> leafAt(const dose::Beam& beam, const dose::MlcModel& mlc, const beams::BevPointMm& p,
                              double toleranceMm);

/// The jaw whose edge is nearest p within toleranceMm; nullopt when none is.
std::optional<beams::Jaw> jawAt(const dose::JawsMm& jaws, const beams::BevPointMm& p, double toleranceMm);

/// A line segment in view pixels.
struct ViewSegment {
  ViewPixel a, b;
};

/// What a beam looks like in a CT view: where its divergent field (jaws ∩ MLC, from the source)
/// cuts the view's plane, as boundary segments, and its central axis where it lies in the
/// plane (within halfThicknessMm, e.g. half a slice) or the point where it crosses it.
struct BeamInView {
  std::vector<ViewSegment> fieldEdges;
  std::optional<ViewSegment> centralAxis;   ///< source to 1.5 × SAD beyond it, clipped to the view
  std::optional<ViewPixel> axisCrossing;    ///< where the axis pierces the plane, when it does not lie in it
};

/// Traces the field's cut through the view plane: the signed distance to the field edge of the
/// beam's-eye-view projection of each point (positive inside, mm at the isocentre plane) is
/// sampled every stepPx pixels and its zero line traced by marching squares with linear
/// interpolation, so edges are accurate to well below stepPx where the field edge is straight
/// within a cell. Points behind the source are outside.
BeamInView beamInView(const dose::Beam& beam, const dose::Machine& machine, const SliceViewport& viewport,
                      double halfThicknessMm, int stepPx = 4);

}  // namespace kerma::app

#endif  // KERMA_APP_BEAM_FIELD_H
