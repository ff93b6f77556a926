#ifndef KERMA_APP_REGION_GROW_TOOL_MODEL_H
#define KERMA_APP_REGION_GROW_TOOL_MODEL_H

#include "kerma/app/structure_set_model.h"

#include <optional>

namespace kerma::app {

/// How region growing decides which connected voxels join.
enum class GrowMethod {
  HuRange,              ///< HU within [lowHu, highHu] (structure::growConnectedThreshold)
  ConfidenceConnected,  ///< within multiplier sigma of the region's mean (growConfidenceConnected)
};

/// Settings of one region growing run; a value type, so it can be handed to a worker thread.
struct GrowSettings {
  GrowMethod method = GrowMethod::ConfidenceConnected;
  double lowHu = -100, highHu = 100;
  double multiplier = 2.5;
  int iterations = 4;
  core::Point3<core::Patient> seedMm;
};

/// Region growing from a clicked seed: the result is computed (possibly off the GUI thread by
/// the caller, growRegion is pure), shown as preview, and added to the active structure on
/// apply.
class RegionGrowToolModel {
 public:
  explicit RegionGrowToolModel(StructureSetModel& structures) : structures_(structures) {}

  const GrowSettings& settings() const { return settings_; }
  void setSettings(const GrowSettings& settings) { settings_ = settings; }
  bool hasSeed() const { return hasSeed_; }
  /// Sets the seed of the next run.
  void setSeed(const core::Point3<core::Patient>& seedMm);

  /// Shows result (of growRegion with the current settings) as the preview.
  void showResult(structure::Mask result);
  /// Adds the previewed result to the active structure (one edit) and clears the preview.
  /// Returns false without a preview or an active structure.
  bool apply();

 private:
  StructureSetModel& structures_;
  GrowSettings settings_;
  bool hasSeed_ = false;
  std::shared_ptr<const structure::Mask> result_;
};

/// The grown region for settings on ct. Throws kerma::Error (BadInput) for a seed outside the CT
/// or, with HuRange, a seed whose own HU is outside the range.
structure::Mask growRegion(const core::CtVolume& ct, const GrowSettings& settings);

}  // namespace kerma::app

#endif  // KERMA_APP_REGION_GROW_TOOL_MODEL_H
