#include "kerma/app/slice_viewport.h"

#include <gtest/gtest.h>

namespace kerma::app {
namespace {

using core::Patient;
using core::Point3;

constexpr double TOLERANCE_MM = 1e-9;
constexpr double TOLERANCE_PX = 1e-9;

// 4 x 3 x 5 voxels of 1 x 2 x 3 mm at (10, 20, 30): the voxel box spans x 9.5..13.5,
// y 19..25, z 28.5..43.5.
core::VolumeGeometry smallGrid() { return core::VolumeGeometry({4, 3, 5}, {10, 20, 30}, {1, 2, 3}); }

void expectPoint(const Point3<Patient>& actual, const Point3<Patient>& expected) {
  EXPECT_NEAR(actual.x, expected.x, TOLERANCE_MM);
  EXPECT_NEAR(actual.y, expected.y, TOLERANCE_MM);
  EXPECT_NEAR(actual.z, expected.z, TOLERANCE_MM);
}

TEST(ViewAxes, RadiologicalConventions) {
  // Axial from the feet: patient left (+x) on screen right, anterior (-y) up.
  const ViewAxes axial = viewAxes(ViewOrientation::Axial);
  EXPECT_EQ(axial.right, (core::Vector3<Patient>{1, 0, 0}));
  EXPECT_EQ(axial.up, (core::Vector3<Patient>{0, -1, 0}));
  // Coronal from the front: patient left on screen right, superior up.
  const ViewAxes coronal = viewAxes(ViewOrientation::Coronal);
  EXPECT_EQ(coronal.right, (core::Vector3<Patient>{1, 0, 0}));
  EXPECT_EQ(coronal.up, (core::Vector3<Patient>{0, 0, 1}));
  // Sagittal: anterior on screen left, so posterior (+y) right; superior up.
  const ViewAxes sagittal = viewAxes(ViewOrientation::Sagittal);
  EXPECT_EQ(sagittal.right, (core::Vector3<Patient>{0, 1, 0}));
  EXPECT_EQ(sagittal.up, (core::Vector3<Patient>{0, 0, 1}));
}

TEST(ViewAxes, TowardsViewerIsRightCrossUp) {
  for (const auto orientation :
       {ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal}) {
    const ViewAxes axes = viewAxes(orientation);
    EXPECT_EQ(axes.right.cross(axes.up), axes.towardsViewer) << viewName(orientation);
  }
  // The viewer of the axial view stands at the feet (inferior, -z).
  EXPECT_EQ(viewAxes(ViewOrientation::Axial).towardsViewer, (core::Vector3<Patient>{0, 0, -1}));
}

TEST(EdgeLabels, MatchViewAxes) {
  const EdgeLabels axial = edgeLabels(ViewOrientation::Axial);
  EXPECT_EQ(std::string({axial.left, axial.right, axial.top, axial.bottom}), "RLAP");
  const EdgeLabels sagittal = edgeLabels(ViewOrientation::Sagittal);
  EXPECT_EQ(std::string({sagittal.left, sagittal.right, sagittal.top, sagittal.bottom}), "APSI");
  const EdgeLabels coronal = edgeLabels(ViewOrientation::Coronal);
  EXPECT_EQ(std::string({coronal.left, coronal.right, coronal.top, coronal.bottom}), "RLSI");
}

TEST(SliceViewport, EachViewHasItsOwnSlot) {
  EXPECT_EQ(viewSlot(ViewOrientation::Axial), 0u);
  EXPECT_EQ(viewSlot(ViewOrientation::Sagittal), 1u);
  EXPECT_EQ(viewSlot(ViewOrientation::Coronal), 2u);
}

TEST(SliceViewport, AxialPixelToPatientHandComputed) {
  // Axial 80 x 60 px, no margin: x extent 4 mm / 80 px, y extent 6 mm / 60 px -> 0.1 mm/px.
  const SliceViewport viewport =
      fitVolume(ViewOrientation::Axial, 80, 60, smallGrid(), {12, 22, 36}, /*marginFraction=*/0);
  EXPECT_NEAR(viewport.mmPerPixel(), 0.1, TOLERANCE_MM);
  expectPoint(viewport.centreMm(), {11.5, 22, 36});
  // Centre of the top-left pixel: patient right (small x) and anterior (small y).
  expectPoint(viewport.patientFromPixel({0.5, 0.5}), {7.55, 19.05, 36});
  // The top-right corner of the view: patient left (large x), anterior edge of the box.
  expectPoint(viewport.patientFromPixel({80, 0}), {15.5, 19, 36});
  EXPECT_NEAR(viewport.halfHeightMm(), 3, TOLERANCE_MM);
}

TEST(SliceViewport, CoronalKeepsThreeMillimetreSlicesThreeTimesAsTall) {
  // Coronal 100 x 50 px: x extent 4 mm, z extent 15 mm -> 0.3 mm/px, limited by height.
  const SliceViewport viewport =
      fitVolume(ViewOrientation::Coronal, 100, 50, smallGrid(), {12, 22, 36}, 0);
  EXPECT_NEAR(viewport.mmPerPixel(), 0.3, TOLERANCE_MM);
  const ViewPixel k0 = viewport.pixelFromPatient({10, 22, 30});
  const ViewPixel k1 = viewport.pixelFromPatient({10, 22, 33});
  const ViewPixel i1 = viewport.pixelFromPatient({11, 22, 30});
  // One slice (3 mm) is 10 px tall; one column (1 mm) 10/3 px wide: square pixels in mm.
  EXPECT_NEAR(k0.y - k1.y, 10, TOLERANCE_PX);
  EXPECT_NEAR(i1.x - k0.x, 10.0 / 3, TOLERANCE_PX);
  // Superior is up: the top edge of the view is the top of the voxel box, z = 43.5.
  expectPoint(viewport.patientFromPixel({50, 0}), {11.5, 22, 43.5});
}

TEST(SliceViewport, SagittalPixelToPatientHandComputed) {
  const SliceViewport viewport =
      fitVolume(ViewOrientation::Sagittal, 100, 50, smallGrid(), {12, 22, 36}, 0);
  EXPECT_NEAR(viewport.mmPerPixel(), 0.3, TOLERANCE_MM);
  // Top-left pixel centre: anterior (small y) and superior.
  expectPoint(viewport.patientFromPixel({0.5, 0.5}), {12, 22 - 49.5 * 0.3, 36 + 24.5 * 0.3});
}

TEST(SliceViewport, PixelAndPatientRoundTrip) {
  const SliceViewport viewport =
      fitVolume(ViewOrientation::Sagittal, 333, 217, smallGrid(), {11, 21, 33});
  const ViewPixel pixel{123.25, 45.5};
  const ViewPixel back = viewport.pixelFromPatient(viewport.patientFromPixel(pixel));
  EXPECT_NEAR(back.x, pixel.x, TOLERANCE_PX);
  EXPECT_NEAR(back.y, pixel.y, TOLERANCE_PX);
}

TEST(SliceViewport, MarginLeavesSpaceAroundVolume) {
  const SliceViewport viewport =
      fitVolume(ViewOrientation::Axial, 80, 60, smallGrid(), {12, 22, 36}, 0.1);
  EXPECT_NEAR(viewport.mmPerPixel(), 0.1 / 0.8, TOLERANCE_MM);
}

}  // namespace
}  // namespace kerma::app
