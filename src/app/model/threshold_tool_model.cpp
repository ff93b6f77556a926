#include "kerma/app/threshold_tool_model.h"

#include "kerma/structure/segmentation.h"

#include <utility>

namespace kerma::app {

void ThresholdToolModel::setRange(double lowHu, double highHu) {
  if (lowHu > highHu) std::swap(lowHu, highHu);
  lowHu_ = lowHu;
  highHu_ = highHu;
}

structure::Mask ThresholdToolModel::compute() const {
  const structure::Mask* region =
      regionIndex_ ? &structures_.structure(*regionIndex_).mask : nullptr;
  return structure::thresholdMask(structures_.ct().hu, lowHu_, highHu_, region);
}

void ThresholdToolModel::updatePreview() {
  structures_.setPreview(std::make_shared<const structure::Mask>(compute()));
}

bool ThresholdToolModel::apply() {
  const auto active = structures_.activeIndex();
  if (!active) return false;
  const structure::Mask result = compute();
  structures_.setPreview(nullptr);
  structures_.addVoxels(*active, result, "Threshold into " + structures_.structure(*active).name);
  return true;
}

}  // namespace kerma::app
