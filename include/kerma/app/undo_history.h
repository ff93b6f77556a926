#ifndef KERMA_APP_UNDO_HISTORY_H
#define KERMA_APP_UNDO_HISTORY_H

#include "kerma/app/structure_set_model.h"

#include <functional>
#include <string>
#include <vector>

namespace kerma::app {

/// The workspace's one undo history: every edit of structures and beams, in the order made,
/// whichever study or plan it changed. An edit is kept as its description and a function that
/// applies it in either direction (the edit types carry before and after). Undo and redo move a
/// position through the list; a new edit drops what was undone after that position. Qt-free: the
/// workstation's Edit menu is a view of it.
class UndoHistory {
 public:
  using Apply = std::function<void(EditDirection)>;

  /// Applies the edit forwards and keeps it after the current position.
  void push(std::string description, Apply apply);
  bool canUndo() const { return index_ > 0; }
  bool canRedo() const { return index_ < int(entries_.size()); }
  /// "Brush on Bladder": what undo or redo would do next; empty when nothing.
  std::string undoDescription() const;
  std::string redoDescription() const;
  /// Undoes the edit before the current position (nothing at the start).
  void undo();
  /// Redoes the edit at the current position (nothing at the end).
  void redo();
  /// Edits done, undone ones not counted: the position in the list.
  int index() const { return index_; }
  int count() const { return int(entries_.size()); }
  /// Whether the position is where setClean marked it (at first: the start), e.g. after a save.
  bool isClean() const { return index_ == cleanIndex_; }
  void setClean() { cleanIndex_ = index_; changed(); }
  /// Called after every push, undo, redo and setClean.
  void setListener(std::function<void()> listener) { listener_ = std::move(listener); }

 private:
  struct Entry {
    std::string description;
    Apply apply;
  };
  void changed();

  std::vector<Entry> entries_;
  int index_ = 0;
  int cleanIndex_ = 0;  // -1 once the clean position was dropped by an edit after undoing past it
  std::function<void()> listener_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_UNDO_HISTORY_H
