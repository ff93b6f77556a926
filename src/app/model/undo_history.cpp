#include "kerma/app/undo_history.h"

namespace kerma::app {

void UndoHistory::push(std::string description, Apply apply) {
  apply(EditDirection::Redo);
  if (cleanIndex_ > index_) cleanIndex_ = -1;  // the saved state can no longer be reached
  entries_.resize(std::size_t(index_));
  entries_.push_back({std::move(description), std::move(apply)});
  ++index_;
  changed();
}

std::string UndoHistory::undoDescription() const { return canUndo() ? entries_[std::size_t(index_ - 1)].description : ""; }

std::string UndoHistory::redoDescription() const { return canRedo() ? entries_[std::size_t(index_)].description : ""; }

void UndoHistory::undo() {
  if (!canUndo()) return;
  --index_;
  entries_[std::size_t(index_)].apply(EditDirection::Undo);
  changed();
}

void UndoHistory::redo() {
  if (!canRedo()) return;
  entries_[std::size_t(index_)].apply(EditDirection::Redo);
  ++index_;
  changed();
}

void UndoHistory::changed() {
  if (listener_) listener_();
}

}  // namespace kerma::app
