#include "kerma/app/region_grow_tool_model.h"

#include "kerma/structure/segmentation.h"

#include <cassert>

namespace kerma::app {

structure::Mask growRegion(const core::CtVolume& ct, const GrowSettings& settings) {
  switch (settings.method) {
    case GrowMethod::HuRange:
      return structure::growConnectedThreshold(ct, settings.seedMm, settings.lowHu, settings.highHu);
    case GrowMethod::ConfidenceConnected:
      return structure::growConfidenceConnected(ct, settings.seedMm, settings.multiplier,
                                                settings.iterations);
  }
  assert(false && "unknown region growing method");
  return {};
}

void RegionGrowToolModel::setSeed(const core::Point3<core::Patient>& seedMm) {
  settings_.seedMm = seedMm;
  hasSeed_ = true;
}

void RegionGrowToolModel::showResult(structure::Mask result) {
  result_ = std::make_shared<const structure::Mask>(std::move(result));
  structures_.setPreview(result_);
}

bool RegionGrowToolModel::apply() {
  const auto active = structures_.activeIndex();
  if (!active || !result_) return false;
  const auto result = std::move(result_);
  structures_.setPreview(nullptr);
  structures_.addVoxels(*active, *result, "Region growing into " + structures_.structure(*active).name);
  return true;
}

}  // namespace kerma::app
