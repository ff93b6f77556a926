#ifndef KERMA_APP_THRESHOLD_TOOL_MODEL_H
#define KERMA_APP_THRESHOLD_TOOL_MODEL_H

#include "kerma/app/structure_set_model.h"

#include <optional>

namespace kerma::app {

/// The threshold tool: the voxels whose HU lie in a range, optionally only inside another
/// structure (structure::thresholdMask), shown as a preview and added to the active structure on
/// apply.
class ThresholdToolModel {
 public:
  explicit ThresholdToolModel(StructureSetModel& structures) : structures_(structures) {}

  double lowHu() const { return lowHu_; }
  double highHu() const { return highHu_; }
  /// The HU range, closed; low and high are swapped when given in the wrong order.
  void setRange(double lowHu, double highHu);
  /// Index of the structure the result is limited to; nullopt: the whole CT.
  std::optional<int> regionIndex() const { return regionIndex_; }
  void setRegionIndex(std::optional<int> index) { regionIndex_ = index; }

  /// Computes the result for the current settings and shows it as the preview.
  void updatePreview();
  /// Adds the result to the active structure (one edit) and clears the preview. Returns false
  /// without an active structure.
  bool apply();

 private:
  structure::Mask compute() const;

  StructureSetModel& structures_;
  double lowHu_ = 150, highHu_ = 3000;
  std::optional<int> regionIndex_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_THRESHOLD_TOOL_MODEL_H
