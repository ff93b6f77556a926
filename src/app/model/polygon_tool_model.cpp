#include "kerma/app/polygon_tool_model.h"

namespace kerma::app {

void PolygonToolModel::addVertex(const core::Point3<core::Patient>& pMm,
                                 const core::Vector3<core::Patient>& viewNormal) {
  if (vertices_.empty()) normalAxis_ = structure::nearestGridAxis(structures_.grid(), viewNormal);
  vertices_.push_back(pMm);
}

bool PolygonToolModel::close() {
  const auto active = structures_.activeIndex();
  if (!active || vertices_.size() < 3) return false;
  const structure::VoxelBox slice =
      structure::sliceBox(structures_.grid(), normalAxis_, vertices_.front());
  if (slice.empty()) return false;
  structures_.beginStroke(*active, slice);
  structures_.strokePolygon(vertices_, normalAxis_, mode_);
  const std::string what = mode_ == structure::PaintMode::Add ? "Polygon" : "Polygon cut";
  structures_.endStroke(what + " on " + structures_.structure(*active).name);
  vertices_.clear();
  return true;
}

}  // namespace kerma::app
