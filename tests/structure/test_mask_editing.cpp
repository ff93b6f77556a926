#include "kerma/structure/mask_editing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kerma::structure {
namespace {

using core::Patient;
using core::Point3;

std::size_t countSet(const Mask& mask) {
  return std::size_t(std::count(mask.values().begin(), mask.values().end(), 1));
}

// 1 mm in-plane, 3 mm slices, origin at the centre voxel (50, 50, 10).
core::VolumeGeometry pelvisLikeGrid() {
  return core::VolumeGeometry({101, 101, 21}, {-50, -50, -30}, {1, 1, 3});
}

TEST(MaskEditing, DiskOnAnAxialSliceCoversItsAreaAndOneSlice) {
  Mask mask(pelvisLikeGrid(), 0);
  const double radiusMm = 10;
  const VoxelBox box = paintDisk(mask, {0, 0, 0}, radiusMm, 2, PaintMode::Add);
  EXPECT_EQ(box.lo.k, 10);
  EXPECT_EQ(box.hi.k, 11);
  // Lattice points in a circle of radius 10: Gauss's circle problem gives exactly 317.
  EXPECT_EQ(countSet(mask), 317u);
  EXPECT_EQ(mask.at({60, 50, 10}), 1);  // on the rim, closed disk
  EXPECT_EQ(mask.at({61, 50, 10}), 0);
  EXPECT_EQ(paintDisk(mask, {0, 0, 0}, radiusMm, 2, PaintMode::Erase), box);
  EXPECT_EQ(countSet(mask), 0u);
}

TEST(MaskEditing, DiskOnASagittalSliceUsesTheSliceSpacing) {
  Mask mask(pelvisLikeGrid(), 0);
  // Normal to i: the disk spans j (1 mm) and k (3 mm); radius 6 mm reaches k +-2 slices.
  paintDisk(mask, {0.2, 0, 0}, 6, 0, PaintMode::Add);
  EXPECT_EQ(mask.at({50, 50, 12}), 1);
  EXPECT_EQ(mask.at({50, 50, 13}), 0);
  EXPECT_EQ(mask.at({50, 56, 10}), 1);
  EXPECT_EQ(mask.at({51, 50, 10}), 0);
  // Rows k = 8..12 hold 2*floor(sqrt(36 - (3 dk)^2)) + 1 voxels: 1 + 11 + 13 + 11 + 1.
  EXPECT_EQ(countSet(mask), 37u);
}

TEST(MaskEditing, TinyDiskPaintsTheVoxelUnderItsCentre) {
  Mask mask(pelvisLikeGrid(), 0);
  paintDisk(mask, {0.4, 0.3, 0}, 0.1, 2, PaintMode::Add);
  EXPECT_EQ(countSet(mask), 1u);
  EXPECT_EQ(mask.at({50, 50, 10}), 1);
}

TEST(MaskEditing, DiskOffTheGridChangesNothing) {
  Mask mask(pelvisLikeGrid(), 0);
  EXPECT_TRUE(paintDisk(mask, {0, 0, 100}, 5, 2, PaintMode::Add).empty());
  EXPECT_EQ(countSet(mask), 0u);
  // Partly off the edge in-plane: clipped, no out-of-range writes.
  paintDisk(mask, {-50, -50, 0}, 3, 2, PaintMode::Add);
  EXPECT_GT(countSet(mask), 0u);
}

TEST(MaskEditing, PolygonFillsTheCentresInsideASquare) {
  Mask mask(pelvisLikeGrid(), 0);
  // Square from -5 to +5 mm: centres -5..4 are inside (half-open), 10 x 10 voxels.
  const std::vector<Point3<Patient>> square = {{-5, -5, 3}, {5, -5, 3}, {5, 5, 3}, {-5, 5, 3}};
  const VoxelBox box = fillPolygon(mask, square, 2, PaintMode::Add);
  EXPECT_EQ(box.lo.k, 11);
  EXPECT_EQ(countSet(mask), 100u);
  // A smaller square subtracted cuts a 4 x 4 hole.
  fillPolygon(mask, {{-2, -2, 3}, {2, -2, 3}, {2, 2, 3}, {-2, 2, 3}}, 2, PaintMode::Erase);
  EXPECT_EQ(countSet(mask), 84u);
  EXPECT_TRUE(fillPolygon(mask, {{0, 0, 3}, {1, 1, 3}}, 2, PaintMode::Add).empty());
}

TEST(MaskEditing, CopyPasteAndDifferingBoxRoundTrip) {
  Mask a(pelvisLikeGrid(), 0);
  Mask b = a;
  paintDisk(b, {0, 0, 0}, 4, 2, PaintMode::Add);
  const VoxelBox diff = differingBox(a, b, gridBox(a.geometry()));
  EXPECT_EQ(diff, (VoxelBox{{46, 46, 10}, {55, 55, 11}}));
  EXPECT_EQ(nonZeroBox(b), diff);
  EXPECT_TRUE(nonZeroBox(a).empty());
  pasteBox(a, diff, copyBox(b, diff));
  EXPECT_TRUE(std::equal(a.values().begin(), a.values().end(), b.values().begin()));
  EXPECT_TRUE(differingBox(a, b, gridBox(a.geometry())).empty());
}

TEST(MaskEditing, NearestGridAxisFollowsTheDirectionCosines) {
  EXPECT_EQ(nearestGridAxis(pelvisLikeGrid(), {0, 0, 1}), 2);
  EXPECT_EQ(nearestGridAxis(pelvisLikeGrid(), {0, -1, 0}), 1);
  Eigen::Matrix3d swapped;
  swapped << 0, 1, 0, 1, 0, 0, 0, 0, 1;  // i along y, j along x
  const core::VolumeGeometry grid({4, 4, 4}, {0, 0, 0}, {1, 1, 1}, swapped);
  EXPECT_EQ(nearestGridAxis(grid, {1, 0, 0}), 1);
}

}  // namespace
}  // namespace kerma::structure
