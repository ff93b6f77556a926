#ifndef KERMA_APP_STRUCTURE_SET_MODEL_H
#define KERMA_APP_STRUCTURE_SET_MODEL_H

#include "kerma/app/structure_edit.h"
#include "kerma/core/image_series.h"
#include "kerma/structure/mask_editing.h"
#include "kerma/structure/structure.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// How the edit sink treats an edit it is handed.
enum class EditDirection { Redo, Undo };

/// The structures of the open patient and the one editing API every tool goes through. Every
/// change of a structure is a StructureEdit, applied by apply() and handed by commit() to the
/// edit sink (the workspace's UndoHistory), so that each is undoable. Also holds what is
/// displayed but not part of the structures: visibility, the active structure and a tool's
/// preview mask. Qt-free.
class StructureSetModel {
 public:
  /// Receives every committed edit; it must apply it (apply(edit, Redo)) and may keep it for
  /// undo. Without a sink, commit() applies edits directly and keeps no history.
  using EditSink = std::function<void(StructureEdit)>;

  /// structures must lie on ct's grid.
  StructureSetModel(std::shared_ptr<const core::CtImage> ct,
                    std::vector<structure::Structure> structures);

  const core::CtImage& ct() const { return *ct_; }
  const core::VolumeGeometry& grid() const { return ct_->hu.geometry(); }
  int count() const { return int(entries_.size()); }
  const structure::Structure& structure(int index) const;
  StructureProperties properties(int index) const;
  /// Volume of the structure, cm³; cached until its mask changes.
  double volumeCc(int index) const;
  /// Whether the mask changed since its contours were last extracted or read.
  bool contoursStale(int index) const;
  /// contoursStale of every structure, in list order (structure::refreshContours reads it).
  std::vector<bool> staleContours() const;
  /// All structures, in list order.
  std::vector<structure::Structure> structures() const;
  /// Replaces the contours of every structure by contours (one list per structure, same order)
  /// and marks them current; used after saving. Not an edit.
  void setContours(std::vector<std::vector<structure::PlanarContour>> contours);

  bool visible(int index) const;
  void setVisible(int index, bool visible);
  /// The structure the tools edit; nullopt when there are none.
  std::optional<int> activeIndex() const { return active_; }
  void setActiveIndex(int index);
  /// The colour for a new structure of type: structure::newStructureColour, unlike every
  /// structure's here.
  structure::Rgb newColour(structure::RoiType type) const;
  /// Index of the structure called name, nullopt if none.
  std::optional<int> indexOf(const std::string& name) const;

  /// A tool's proposed result (threshold, region growing), drawn over the structures until
  /// cleared; nullptr clears.
  void setPreview(std::shared_ptr<const structure::Mask> preview);
  const structure::Mask* preview() const { return preview_.get(); }

  /// Increases with every change of structures, display state or preview: views redraw when it
  /// moved.
  std::uint64_t revision() const { return revision_; }
  /// Increases with every edit applied (done, undone or redone) and only then: what evaluation
  /// and the plan depend on moved.
  std::uint64_t editRevision() const { return editRevision_; }
  /// Called after every change, with the new revision.
  void setChangeListener(std::function<void()> listener) { listener_ = std::move(listener); }

  // --- the editing API ---------------------------------------------------------------------

  void setEditSink(EditSink sink) { sink_ = std::move(sink); }
  /// Hands edit to the sink (which applies it) or applies it.
  void commit(StructureEdit edit);
  /// Applies edit forwards (Redo) or its inverse (Undo). Applying a patch twice is harmless.
  void apply(const StructureEdit& edit, EditDirection direction);

  /// Commits the replacement of the mask of structure index by mask (same grid), stored as the
  /// box where they differ; nothing when they are equal.
  void replaceMask(int index, const structure::Mask& mask, const std::string& description);
  /// Commits the union of structure index with voxels (same grid).
  void addVoxels(int index, const structure::Mask& voxels, const std::string& description);
  /// Commits a new structure at the end of the list, holding mask (or empty), and makes it
  /// active; returns its index.
  int addStructure(const StructureProperties& properties, const structure::Mask* mask,
                   const std::string& description);
  /// Commits the removal of structure index.
  void removeStructure(int index);
  /// Commits new properties of structure index; nothing when they are unchanged.
  void setProperties(int index, const StructureProperties& properties);

  /// A stroke paints straight into a structure while the mouse moves, so that it shows at once,
  /// and becomes one edit when it ends. region must hold every voxel the stroke may change (the
  /// slice it is drawn on).
  void beginStroke(int index, const structure::VoxelBox& region);
  bool strokeActive() const { return stroke_.has_value(); }
  /// A disk of the brush within the stroke (structure::paintDisk).
  void strokeDisk(const core::Point3<core::Patient>& centreMm, double radiusMm, int normalAxis,
                  structure::PaintMode mode);
  /// A filled polygon within the stroke (structure::fillPolygon).
  void strokePolygon(const std::vector<core::Point3<core::Patient>>& polygonMm, int normalAxis,
                     structure::PaintMode mode);
  /// Ends the stroke and commits what it changed (nothing if it changed nothing).
  void endStroke(const std::string& description);

 private:
  struct Entry {
    structure::Structure structure;
    bool visible = true;
    bool contoursStale = false;
    mutable std::optional<double> volumeCc;
  };
  struct Stroke {
    int index;
    structure::VoxelBox region;
    std::vector<std::uint8_t> before;
  };

  void applyChange(const StructureChange& change, EditDirection direction);
  void insertEmpty(int index, const StructureProperties& properties);
  void maskChanged(int index);
  void changed();

  std::shared_ptr<const core::CtImage> ct_;
  std::vector<Entry> entries_;
  std::optional<int> active_;
  std::shared_ptr<const structure::Mask> preview_;
  std::optional<Stroke> stroke_;
  std::uint64_t revision_ = 1;
  std::uint64_t editRevision_ = 1;
  std::function<void()> listener_;
  EditSink sink_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_STRUCTURE_SET_MODEL_H
