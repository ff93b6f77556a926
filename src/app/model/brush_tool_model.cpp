#include "kerma/app/brush_tool_model.h"

#include <algorithm>
#include <cmath>

namespace kerma::app {

void BrushToolModel::setRadiusMm(double radiusMm) {
  radiusMm_ = std::clamp(radiusMm, MIN_RADIUS_MM, MAX_RADIUS_MM);
}

bool BrushToolModel::press(const core::Point3<core::Patient>& pMm,
                           const core::Vector3<core::Patient>& viewNormal) {
  const auto active = structures_.activeIndex();
  if (!active || structures_.strokeActive()) return false;
  normalAxis_ = structure::nearestGridAxis(structures_.grid(), viewNormal);
  const structure::VoxelBox slice = structure::sliceBox(structures_.grid(), normalAxis_, pMm);
  if (slice.empty()) return false;
  structures_.beginStroke(*active, slice);
  last_ = pMm;
  structures_.strokeDisk(pMm, radiusMm_, normalAxis_, mode_);
  return true;
}

void BrushToolModel::drag(const core::Point3<core::Patient>& pMm) {
  if (!last_) return;
  // Disks at most a quarter radius (and half the finest spacing) apart leave no gaps.
  const auto& spacing = structures_.grid().spacingMm();
  const double stepMm =
      std::max(std::min(radiusMm_ / 4, *std::min_element(spacing.begin(), spacing.end()) / 2), 0.1);
  const double lengthMm = (pMm - *last_).length();
  const int steps = std::max(1, int(std::ceil(lengthMm / stepMm)));
  for (int n = 1; n <= steps; ++n)
    structures_.strokeDisk(core::lerp(double(n) / steps, *last_, pMm), radiusMm_, normalAxis_, mode_);
  last_ = pMm;
}

void BrushToolModel::release() {
  if (!last_) return;
  last_.reset();
  const auto active = structures_.activeIndex();
  const std::string what = mode_ == structure::PaintMode::Add ? "Brush" : "Eraser";
  structures_.endStroke(active ? what + " on " + structures_.structure(*active).name : what);
}

}  // namespace kerma::app
