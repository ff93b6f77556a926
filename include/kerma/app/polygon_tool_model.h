#ifndef KERMA_APP_POLYGON_TOOL_MODEL_H
#define KERMA_APP_POLYGON_TOOL_MODEL_H

#include "kerma/app/structure_set_model.h"

#include <vector>

namespace kerma::app {

/// Polygon and freehand drawing: vertices collected on one slice (clicks, or the points of a
/// drag), then the closed polygon filled into (Add) or cut out of (Erase) the active structure
/// on that slice as one edit.
class PolygonToolModel {
 public:
  explicit PolygonToolModel(StructureSetModel& structures) : structures_(structures) {}

  structure::PaintMode mode() const { return mode_; }
  void setMode(structure::PaintMode mode) { mode_ = mode; }

  /// Adds a vertex at pMm. The first vertex fixes the slice, normal to viewNormal; later
  /// vertices are projected onto it.
  void addVertex(const core::Point3<core::Patient>& pMm, const core::Vector3<core::Patient>& viewNormal);
  const std::vector<core::Point3<core::Patient>>& vertices() const { return vertices_; }
  /// Fills the closed polygon into the active structure (one undoable edit) and starts afresh.
  /// Returns false, and keeps the vertices, with fewer than three vertices or no active
  /// structure.
  bool close();
  /// Forgets the vertices.
  void cancel() { vertices_.clear(); }

 private:
  StructureSetModel& structures_;
  structure::PaintMode mode_ = structure::PaintMode::Add;
  int normalAxis_ = 2;
  std::vector<core::Point3<core::Patient>> vertices_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_POLYGON_TOOL_MODEL_H
