#include "kerma/app/undo_history.h"

#include <gtest/gtest.h>

#include <string>

namespace kerma::app {
namespace {

// A counter that edits add to and undos take from, with the history's notifications counted.
struct Counter {
  int value = 0;
  int notified = 0;
  UndoHistory history;
  Counter() {
    history.setListener([this] { ++notified; });
  }
  void add(int amount) {
    history.push("add " + std::to_string(amount),
                 [this, amount](EditDirection direction) { value += direction == EditDirection::Redo ? amount : -amount; });
  }
};

TEST(UndoHistory, UndoesAndRedoesInOrderAndANewEditDropsWhatWasUndone) {
  Counter c;
  EXPECT_FALSE(c.history.canUndo());
  EXPECT_TRUE(c.history.isClean());
  c.add(1);
  c.add(10);
  EXPECT_EQ(c.value, 11);
  EXPECT_EQ(c.history.undoDescription(), "add 10");
  c.history.undo();
  EXPECT_EQ(c.value, 1);
  EXPECT_EQ(c.history.redoDescription(), "add 10");
  c.history.redo();
  EXPECT_EQ(c.value, 11);
  c.history.undo();
  c.add(100);
  EXPECT_EQ(c.value, 101);
  EXPECT_FALSE(c.history.canRedo()) << "the undone 'add 10' is gone";
  EXPECT_EQ(c.history.count(), 2);
  c.history.undo();
  c.history.undo();
  c.history.undo();  // at the start: nothing
  EXPECT_EQ(c.value, 0);
  EXPECT_EQ(c.history.index(), 0);
  EXPECT_EQ(c.notified, 8);
}

TEST(UndoHistory, CleanWhereMarkedAndNeverAgainOnceThatStateIsUnreachable) {
  Counter c;
  c.add(1);
  EXPECT_FALSE(c.history.isClean());
  c.history.setClean();
  EXPECT_TRUE(c.history.isClean());
  c.add(2);
  EXPECT_FALSE(c.history.isClean());
  c.history.undo();
  EXPECT_TRUE(c.history.isClean()) << "back where it was saved";
  c.history.undo();
  c.add(3);  // the saved state (1) cannot be reached again
  c.history.undo();
  c.history.redo();
  EXPECT_FALSE(c.history.isClean());
}

}  // namespace
}  // namespace kerma::app
