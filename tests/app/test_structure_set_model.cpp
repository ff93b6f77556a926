#include "kerma/app/structure_set_model.h"

#include "small_patient.h"

#include <gtest/gtest.h>

#include <vector>

namespace kerma::app {
namespace {

using testing::countSet;
using testing::sameMask;
using testing::smallModel;

// A sink that keeps a history, as the workspace's UndoHistory does.
struct History {
  std::vector<StructureEdit> edits;
  void attach(StructureSetModel& model) {
    model.setEditSink([this, &model](StructureEdit edit) {
      model.apply(edit, EditDirection::Redo);
      edits.push_back(std::move(edit));
    });
  }
};

TEST(StructureSetModel, StartsWithTheFirstStructureActiveAndItsVolume) {
  const StructureSetModel model = smallModel();
  ASSERT_EQ(model.count(), 1);
  EXPECT_EQ(model.activeIndex(), 0);
  // 10 x 10 x 4 voxels of 3 mm³.
  EXPECT_DOUBLE_EQ(model.volumeCc(0), 400 * 3 / 1000.0);
  EXPECT_EQ(model.indexOf("Cube"), 0);
  EXPECT_FALSE(model.indexOf("Bladder"));
}

TEST(StructureSetModel, StrokeBecomesOneCompactPatchThatUndoesExactly) {
  StructureSetModel model = smallModel();
  History history;
  history.attach(model);
  const structure::Mask original = model.structure(0).mask;
  model.beginStroke(0, structure::sliceBox(model.grid(), 2, {0, 0, 0}));
  model.strokeDisk({0, 0, 0}, 3, 2, structure::PaintMode::Add);
  model.strokeDisk({2, 0, 0}, 3, 2, structure::PaintMode::Add);
  model.endStroke("Brush");
  ASSERT_EQ(history.edits.size(), 1u);
  const auto& patch = std::get<MaskPatch>(history.edits[0].changes.at(0));
  // Only the changed box is kept: 9 x 7 voxels of one slice, before and after.
  EXPECT_EQ(patch.box.voxelCount(), 9u * 7u);
  EXPECT_EQ(history.edits[0].undoBytes(), 2u * 9u * 7u);
  const structure::Mask painted = model.structure(0).mask;
  EXPECT_TRUE(model.contoursStale(0));
  model.apply(history.edits[0], EditDirection::Undo);
  EXPECT_TRUE(sameMask(model.structure(0).mask, original));
  model.apply(history.edits[0], EditDirection::Redo);
  EXPECT_TRUE(sameMask(model.structure(0).mask, painted));
}

TEST(StructureSetModel, StrokeThatChangesNothingCommitsNothing) {
  StructureSetModel model = smallModel();
  History history;
  history.attach(model);
  model.beginStroke(0, structure::sliceBox(model.grid(), 2, {0, 0, 0}));
  model.strokeDisk({-15, -15, 0}, 2, 2, structure::PaintMode::Erase);
  model.endStroke("Eraser");
  EXPECT_TRUE(history.edits.empty());
}

TEST(StructureSetModel, AddRemoveAndRenameUndoInReverse) {
  StructureSetModel model = smallModel();
  History history;
  history.attach(model);
  const structure::Mask cube = model.structure(0).mask;
  const int added = model.addStructure({"Copy", structure::RoiType::Ptv, {0, 255, 0}}, &cube, "Add Copy");
  EXPECT_EQ(added, 1);
  EXPECT_EQ(model.activeIndex(), 1);
  EXPECT_TRUE(sameMask(model.structure(1).mask, cube));
  model.setProperties(1, {"PTV", structure::RoiType::Ptv, {0, 0, 255}});
  EXPECT_EQ(model.structure(1).name, "PTV");
  model.removeStructure(0);
  ASSERT_EQ(model.count(), 1);
  EXPECT_EQ(model.structure(0).name, "PTV");
  // The removal stored the cube's bounding box only.
  EXPECT_EQ(history.edits.back().undoBytes(), 2u * 400u);
  for (auto it = history.edits.rbegin(); it != history.edits.rend(); ++it)
    model.apply(*it, EditDirection::Undo);
  ASSERT_EQ(model.count(), 1);
  EXPECT_EQ(model.structure(0).name, "Cube");
  EXPECT_TRUE(sameMask(model.structure(0).mask, cube));
  for (const auto& edit : history.edits) model.apply(edit, EditDirection::Redo);
  ASSERT_EQ(model.count(), 1);
  EXPECT_EQ(model.structure(0).name, "PTV");
  EXPECT_EQ(model.structure(0).colour, (structure::Rgb{0, 0, 255}));
}

TEST(StructureSetModel, WithoutSinkEditsApplyDirectlyAndListenersHear) {
  StructureSetModel model = smallModel();
  int notified = 0;
  model.setChangeListener([&] { ++notified; });
  const auto before = model.revision();
  model.replaceMask(0, structure::Mask(model.grid(), 0), "Clear");
  EXPECT_EQ(countSet(model.structure(0).mask), 0u);
  EXPECT_DOUBLE_EQ(model.volumeCc(0), 0);
  EXPECT_GT(model.revision(), before);
  EXPECT_EQ(notified, 1);
  model.setVisible(0, false);
  EXPECT_FALSE(model.visible(0));
}

TEST(StructureSetModel, NewColoursDifferFromEveryStructuresColour) {
  StructureSetModel model = testing::smallModel();
  for (int n = 0; n < 30; ++n) {
    const structure::Rgb colour = model.newColour(structure::RoiType::Organ);
    for (int other = 0; other < model.count(); ++other)
      ASSERT_NE(colour, model.structure(other).colour) << "structure " << n << " got the colour of " << other;
    model.addStructure({"S" + std::to_string(n), structure::RoiType::Organ, colour}, nullptr, "Add");
  }
}

}  // namespace
}  // namespace kerma::app
