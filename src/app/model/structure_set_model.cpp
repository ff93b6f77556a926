#include "kerma/app/structure_set_model.h"

#include "kerma/structure/boolean.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <type_traits>
#include <utility>

namespace kerma::app {

using structure::Mask;
using structure::VoxelBox;

StructureSetModel::StructureSetModel(std::shared_ptr<const core::CtImage> ct,
                                     std::vector<structure::Structure> structures)
    : ct_(std::move(ct)) {
  assert(ct_ && "the structures belong to a CT");
  for (auto& s : structures) {
    assert(s.mask.geometry().sameGridAs(grid()) && "structures lie on the CT grid");
    entries_.push_back(Entry{std::move(s), true, false, std::nullopt});
  }
  if (!entries_.empty()) active_ = 0;
}

const structure::Structure& StructureSetModel::structure(int index) const {
  assert(index >= 0 && index < count() && "structure index in range");
  return entries_[std::size_t(index)].structure;
}

StructureProperties StructureSetModel::properties(int index) const {
  const auto& s = structure(index);
  return {s.name, s.type, s.colour};
}

double StructureSetModel::volumeCc(int index) const {
  const Entry& entry = entries_[std::size_t(index)];
  if (!entry.volumeCc) entry.volumeCc = structure::volumeCc(entry.structure.mask);
  return *entry.volumeCc;
}

bool StructureSetModel::contoursStale(int index) const {
  return entries_[std::size_t(index)].contoursStale;
}

std::vector<bool> StructureSetModel::staleContours() const {
  std::vector<bool> stale;
  for (const Entry& entry : entries_) stale.push_back(entry.contoursStale);
  return stale;
}

std::vector<structure::Structure> StructureSetModel::structures() const {
  std::vector<structure::Structure> all;
  all.reserve(entries_.size());
  for (const Entry& entry : entries_) all.push_back(entry.structure);
  return all;
}

void StructureSetModel::setContours(std::vector<std::vector<structure::PlanarContour>> contours) {
  assert(contours.size() == entries_.size() && "one contour list per structure");
  for (std::size_t n = 0; n < entries_.size(); ++n) {
    entries_[n].structure.contours = std::move(contours[n]);
    entries_[n].contoursStale = false;
  }
  changed();
}

bool StructureSetModel::visible(int index) const { return entries_[std::size_t(index)].visible; }

void StructureSetModel::setVisible(int index, bool visible) {
  entries_[std::size_t(index)].visible = visible;
  changed();
}

void StructureSetModel::setActiveIndex(int index) {
  assert(index >= 0 && index < count() && "structure index in range");
  active_ = index;
  changed();
}

structure::Rgb StructureSetModel::newColour(structure::RoiType type) const {
  std::vector<structure::Rgb> inUse;
  for (const Entry& entry : entries_) inUse.push_back(entry.structure.colour);
  return structure::newStructureColour(type, inUse);
}

std::optional<int> StructureSetModel::indexOf(const std::string& name) const {
  for (int n = 0; n < count(); ++n)
    if (structure(n).name == name) return n;
  return std::nullopt;
}

void StructureSetModel::setPreview(std::shared_ptr<const Mask> preview) {
  preview_ = std::move(preview);
  changed();
}

void StructureSetModel::commit(StructureEdit edit) {
  if (edit.changes.empty()) return;
  if (sink_) {
    sink_(std::move(edit));
    return;
  }
  apply(edit, EditDirection::Redo);
}

void StructureSetModel::apply(const StructureEdit& edit, EditDirection direction) {
  switch (direction) {
    case EditDirection::Redo:
      for (const StructureChange& change : edit.changes) applyChange(change, direction);
      break;
    case EditDirection::Undo:
      for (auto it = edit.changes.rbegin(); it != edit.changes.rend(); ++it)
        applyChange(*it, direction);
      break;
  }
  ++editRevision_;
  changed();
}

void StructureSetModel::applyChange(const StructureChange& change, EditDirection direction) {
  const bool redo = direction == EditDirection::Redo;
  std::visit(
      [&](const auto& c) {
        using Change = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<Change, MaskPatch>) {
          structure::pasteBox(entries_[std::size_t(c.index)].structure.mask, c.box,
                              redo ? c.after : c.before);
          maskChanged(c.index);
        } else if constexpr (std::is_same_v<Change, PropertyChange>) {
          const StructureProperties& p = redo ? c.after : c.before;
          auto& s = entries_[std::size_t(c.index)].structure;
          s.name = p.name;
          s.type = p.type;
          s.colour = p.colour;
        } else {
          const bool insert = std::is_same_v<Change, StructureInsertion> == redo;
          if (insert) {
            insertEmpty(c.index, c.properties);
          } else {
            entries_.erase(entries_.begin() + c.index);
            if (entries_.empty()) active_.reset();
            else if (active_ && *active_ >= count()) active_ = count() - 1;
          }
        }
      },
      change);
}

void StructureSetModel::insertEmpty(int index, const StructureProperties& properties) {
  structure::Structure s{properties.name, properties.type, properties.colour, Mask(grid(), 0), {}};
  entries_.insert(entries_.begin() + index, Entry{std::move(s), true, true, std::optional<double>(0.0)});
  active_ = index;
}

void StructureSetModel::maskChanged(int index) {
  Entry& entry = entries_[std::size_t(index)];
  entry.volumeCc.reset();
  entry.contoursStale = true;
}

void StructureSetModel::changed() {
  ++revision_;
  if (listener_) listener_();
}

void StructureSetModel::replaceMask(int index, const Mask& mask, const std::string& description) {
  auto patch = maskPatch(index, structure(index).mask, mask);
  if (!patch) return;
  commit({description, {std::move(*patch)}});
}

void StructureSetModel::addVoxels(int index, const Mask& voxels, const std::string& description) {
  replaceMask(index, structure::combine(structure(index).mask, voxels, structure::BooleanOperation::Union),
              description);
}

int StructureSetModel::addStructure(const StructureProperties& properties, const Mask* mask,
                                    const std::string& description) {
  const int index = count();
  StructureEdit edit{description, {StructureInsertion{index, properties}}};
  if (mask != nullptr) {
    if (auto patch = maskPatch(index, Mask(grid(), 0), *mask)) edit.changes.push_back(std::move(*patch));
  }
  commit(std::move(edit));
  return index;
}

void StructureSetModel::removeStructure(int index) {
  const Mask& mask = structure(index).mask;
  StructureEdit edit{"Delete " + structure(index).name, {}};
  if (const VoxelBox box = structure::nonZeroBox(mask); !box.empty()) {
    edit.changes.push_back(MaskPatch{index, box, structure::copyBox(mask, box),
                                     std::vector<std::uint8_t>(box.voxelCount(), 0)});
  }
  edit.changes.push_back(StructureRemoval{index, properties(index)});
  commit(std::move(edit));
}

void StructureSetModel::setProperties(int index, const StructureProperties& properties) {
  const StructureProperties before = this->properties(index);
  if (before == properties) return;
  commit({"Change " + before.name, {PropertyChange{index, before, properties}}});
}

void StructureSetModel::beginStroke(int index, const VoxelBox& region) {
  assert(!stroke_ && "one stroke at a time");
  stroke_ = Stroke{index, region, structure::copyBox(structure(index).mask, region)};
}

void StructureSetModel::strokeDisk(const core::Point3<core::Patient>& centreMm, double radiusMm,
                                   int normalAxis, structure::PaintMode mode) {
  assert(stroke_ && "painting happens within a stroke");
  structure::paintDisk(entries_[std::size_t(stroke_->index)].structure.mask, centreMm, radiusMm,
                       normalAxis, mode);
  maskChanged(stroke_->index);
  changed();
}

void StructureSetModel::strokePolygon(const std::vector<core::Point3<core::Patient>>& polygonMm,
                                      int normalAxis, structure::PaintMode mode) {
  assert(stroke_ && "painting happens within a stroke");
  structure::fillPolygon(entries_[std::size_t(stroke_->index)].structure.mask, polygonMm,
                         normalAxis, mode);
  maskChanged(stroke_->index);
  changed();
}

void StructureSetModel::endStroke(const std::string& description) {
  assert(stroke_ && "a stroke to end");
  Stroke stroke = std::move(*stroke_);
  stroke_.reset();
  const Mask& mask = structure(stroke.index).mask;
  const std::vector<std::uint8_t> after = structure::copyBox(mask, stroke.region);
  // Keep only the box where the stroke changed something.
  VoxelBox changedBox{stroke.region.hi, stroke.region.lo};
  std::size_t n = 0;
  for (std::int64_t k = stroke.region.lo.k; k < stroke.region.hi.k; ++k)
    for (std::int64_t j = stroke.region.lo.j; j < stroke.region.hi.j; ++j)
      for (std::int64_t i = stroke.region.lo.i; i < stroke.region.hi.i; ++i, ++n) {
        if (stroke.before[n] == after[n]) continue;
        changedBox.lo = {std::min(changedBox.lo.i, i), std::min(changedBox.lo.j, j),
                         std::min(changedBox.lo.k, k)};
        changedBox.hi = {std::max(changedBox.hi.i, i + 1), std::max(changedBox.hi.j, j + 1),
                         std::max(changedBox.hi.k, k + 1)};
      }
  if (changedBox.empty()) return;
  // Before values of the changed box, read from the region snapshot.
  std::vector<std::uint8_t> before;
  before.reserve(changedBox.voxelCount());
  const auto& r = stroke.region;
  for (std::int64_t k = changedBox.lo.k; k < changedBox.hi.k; ++k)
    for (std::int64_t j = changedBox.lo.j; j < changedBox.hi.j; ++j)
      for (std::int64_t i = changedBox.lo.i; i < changedBox.hi.i; ++i)
        before.push_back(stroke.before[std::size_t((i - r.lo.i) + (r.hi.i - r.lo.i) *
                                                   ((j - r.lo.j) + (r.hi.j - r.lo.j) * (k - r.lo.k)))]);
  commit({description,
          {MaskPatch{stroke.index, changedBox, std::move(before), structure::copyBox(mask, changedBox)}}});
}

}  // namespace kerma::app
