#include "kerma/app/viewer_model.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace kerma::app {
namespace {

using core::Patient;
using core::Point3;

constexpr double TOLERANCE_MM = 1e-9;

// 4 x 3 x 5 voxels of 1 x 2 x 3 mm at (10, 20, 30), HU = 100 i + 10 j + k so that every voxel
// is recognisable. directions: the columns are the patient directions of i, j and k.
std::shared_ptr<const core::CtImage> smallCt(
    const Eigen::Matrix3d& directions = Eigen::Matrix3d::Identity()) {
  auto ct = std::make_shared<core::CtImage>();
  ct->identity.patientName = "KERMA^DEMO";
  ct->identity.patientId = "KD-001";
  ct->hu = core::CtVolume(core::VolumeGeometry({4, 3, 5}, {10, 20, 30}, {1, 2, 3}, directions));
  for (int k = 0; k < 5; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 4; ++i) ct->hu.at({i, j, k}) = std::int16_t(100 * i + 10 * j + k);
  return ct;
}

void expectPoint(const Point3<Patient>& actual, const Point3<Patient>& expected) {
  EXPECT_NEAR(actual.x, expected.x, TOLERANCE_MM);
  EXPECT_NEAR(actual.y, expected.y, TOLERANCE_MM);
  EXPECT_NEAR(actual.z, expected.z, TOLERANCE_MM);
}

TEST(ViewerModel, StartsAtCentralVoxelWithSoftTissueWindow) {
  const ViewerModel model(smallCt());
  expectPoint(model.crosshairMm(), {12, 22, 36});  // voxel (2, 1, 2)
  EXPECT_EQ(model.windowLevel(), (WindowLevel{400, 40}));
  EXPECT_EQ(model.sliceCount(ViewOrientation::Axial), 5);
  EXPECT_EQ(model.sliceCount(ViewOrientation::Sagittal), 4);
  EXPECT_EQ(model.sliceCount(ViewOrientation::Coronal), 3);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 2);
}

TEST(ViewerModel, SliceSteppingStopsAtFirstAndLastSlice) {
  ViewerModel model(smallCt());
  model.stepSlice(ViewOrientation::Axial, 1);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 3);
  expectPoint(model.crosshairMm(), {12, 22, 39});  // 3 mm further superior
  model.stepSlice(ViewOrientation::Axial, 10);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 4);
  expectPoint(model.crosshairMm(), {12, 22, 42});
  model.stepSlice(ViewOrientation::Axial, -100);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 0);
  expectPoint(model.crosshairMm(), {12, 22, 30});
  // The other views follow without changing their own slices.
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Sagittal), 2);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Coronal), 1);
}

TEST(ViewerModel, SlicesCountFromInferiorWhenVolumeIsStoredHeadFirst) {
  // k runs inferior (-z), as for a feet-first scan: slice 0 of the axial view is still the most
  // inferior, and +1 still moves superior.
  Eigen::Matrix3d directions = Eigen::Matrix3d::Identity();
  directions(2, 2) = -1;
  ViewerModel model(smallCt(directions));
  expectPoint(model.crosshairMm(), {12, 22, 24});  // voxel k = 2 at z = 30 - 2 * 3
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 2);
  model.stepSlice(ViewOrientation::Axial, 1);
  expectPoint(model.crosshairMm(), {12, 22, 27});
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 3);
  model.stepSlice(ViewOrientation::Axial, 10);
  expectPoint(model.crosshairMm(), {12, 22, 30});  // voxel k = 0 is the most superior
}

TEST(ViewerModel, CrosshairSnapsToVoxelCentresInsideVolume) {
  ViewerModel model(smallCt());
  model.setCrosshair({100, -5, 37.6});
  expectPoint(model.crosshairMm(), {13, 20, 39});
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Sagittal), 3);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Coronal), 0);
}

TEST(ViewerModel, ClickInAxialViewMovesTheOtherViews) {
  ViewerModel model(smallCt());
  model.setViewSize(ViewOrientation::Axial, 80, 60);
  // The fitted axial view has a 4 % margin: 6 mm / (60 px * 0.92) per pixel, centred at
  // (11.5, 22). Ask for the pixel that shows voxel (3, 2, k).
  const SliceViewport viewport = model.viewport(ViewOrientation::Axial);
  const ViewPixel pixel = viewport.pixelFromPatient({13.2, 23.9, 36});
  model.setCrosshairFromPixel(ViewOrientation::Axial, pixel);
  expectPoint(model.crosshairMm(), {13, 24, 36});
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Sagittal), 3);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Coronal), 2);
  EXPECT_EQ(model.sliceIndex(ViewOrientation::Axial), 2);
}

TEST(ViewerModel, ViewportPassesThroughCrosshair) {
  ViewerModel model(smallCt());
  model.setViewSize(ViewOrientation::Coronal, 200, 100);
  model.stepSlice(ViewOrientation::Coronal, 1);
  EXPECT_NEAR(model.viewport(ViewOrientation::Coronal).centreMm().y, 24, TOLERANCE_MM);
}

// Zoom about a pixel keeps the patient point under it; linked views share the scale; a pan
// moves the image with the hand; fit restores the fitted viewport.
TEST(ViewerModel, ZoomKeepsThePointUnderTheCursorAndPanMovesWithTheHand) {
  ViewerModel model(smallCt());
  for (const auto orientation : {ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal})
    model.setViewSize(orientation, 200, 100);
  const SliceViewport fitted = model.viewport(ViewOrientation::Axial);
  const ViewPixel cursor{150, 30};
  const Point3<Patient> held = fitted.patientFromPixel(cursor);
  model.zoomAt(ViewOrientation::Axial, cursor, 2);
  const SliceViewport zoomed = model.viewport(ViewOrientation::Axial);
  EXPECT_NEAR(zoomed.mmPerPixel(), fitted.mmPerPixel() / 2, TOLERANCE_MM);
  expectPoint(zoomed.patientFromPixel(cursor), held);
  EXPECT_DOUBLE_EQ(model.zoom(ViewOrientation::Coronal), 2) << "linked by default";
  // The plane still passes through the crosshair.
  EXPECT_NEAR(zoomed.centreMm().z, model.crosshairMm().z, TOLERANCE_MM);

  const ViewPixel grabbed{100, 50};
  const Point3<Patient> under = zoomed.patientFromPixel(grabbed);
  model.pan(ViewOrientation::Axial, 12, -7);
  expectPoint(model.viewport(ViewOrientation::Axial).patientFromPixel({grabbed.x + 12, grabbed.y - 7}), under);

  model.zoomAt(ViewOrientation::Axial, cursor, 1000);
  EXPECT_DOUBLE_EQ(model.zoom(ViewOrientation::Axial), ViewerModel::MAX_ZOOM);
  model.setZoomLinked(false);
  model.zoomAt(ViewOrientation::Sagittal, {100, 50}, 0.001);
  EXPECT_DOUBLE_EQ(model.zoom(ViewOrientation::Sagittal), ViewerModel::MIN_ZOOM);
  EXPECT_DOUBLE_EQ(model.zoom(ViewOrientation::Axial), ViewerModel::MAX_ZOOM) << "unlinked views keep their zoom";

  model.fitAll();
  const SliceViewport again = model.viewport(ViewOrientation::Axial);
  EXPECT_NEAR(again.mmPerPixel(), fitted.mmPerPixel(), TOLERANCE_MM);
  expectPoint(again.centreMm(), fitted.centreMm());
}

TEST(ViewerModel, CentreOnPutsThePointInTheMiddleOfEveryView) {
  ViewerModel model(smallCt());
  for (const auto orientation : {ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal})
    model.setViewSize(orientation, 120, 90);
  model.zoomAt(ViewOrientation::Axial, {60, 45}, 3);
  model.centreOn({11, 22, 39});
  for (const auto orientation : {ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal}) {
    const ViewPixel middle = model.viewport(orientation).pixelFromPatient({11, 22, 39});
    EXPECT_NEAR(middle.x, 60, 1e-6) << viewName(orientation);
    EXPECT_NEAR(middle.y, 45, 1e-6) << viewName(orientation);
  }
  expectPoint(model.crosshairMm(), {11, 22, 39});
}

TEST(ViewerModel, TheFittedImageLeavesTheLabelBandsFree) {
  ViewerModel model(smallCt());
  model.setViewSize(ViewOrientation::Coronal, 300, 200);
  model.setViewInsets({40, 30, 20, 20});
  const ViewRect image = volumeRect(model.viewport(ViewOrientation::Coronal), model.ct().hu.geometry());
  EXPECT_GE(image.top, 40 - 1e-9);
  EXPECT_LE(image.bottom, 200 - 30 + 1e-9);
  EXPECT_GE(image.left, 20 - 1e-9);
  EXPECT_LE(image.right, 300 - 20 + 1e-9);
}

TEST(ViewerModel, ProbeReadsNearestVoxel) {
  const ViewerModel model(smallCt());
  const auto inside = model.probe({12.4, 23.1, 32.0});
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->ijk, (core::VoxelIndex{2, 2, 1}));
  EXPECT_EQ(inside->hu, 221);
  // Edges of the voxel box: half a voxel beyond the outer centres.
  EXPECT_TRUE(model.probe({9.6, 19.1, 28.6}));
  EXPECT_FALSE(model.probe({9.4, 20, 30}));
  EXPECT_FALSE(model.probe({10, 20, 43.6}));
}

TEST(ViewerModel, ProbeTextGivesPositionVoxelAndHu) {
  const ViewerModel model(smallCt());
  EXPECT_EQ(model.probeText({12.4, 23.1, 32.0}),
            "LPS (12.4, 23.1, 32.0) mm   voxel (2, 2, 1)   221 HU");
  EXPECT_EQ(model.probeText({0, 0, 0}), "LPS (0.0, 0.0, 0.0) mm   outside the CT");
}

TEST(ViewerModel, PatientLabelShowsNameAndId) {
  EXPECT_EQ(ViewerModel(smallCt()).patientLabel(), "KERMA, DEMO   ID KD-001");
  auto anonymous = std::make_shared<core::CtImage>(*smallCt());
  anonymous->identity = {};
  EXPECT_EQ(ViewerModel(anonymous).patientLabel(), "(no name)   ID (no ID)");
}

TEST(ViewerModel, WindowIsNeverNarrowerThanMinimum) {
  ViewerModel model(smallCt());
  model.setWindowLevel({-5, 100});
  EXPECT_EQ(model.windowLevel(), (WindowLevel{MIN_WINDOW_HU, 100}));
}

}  // namespace
}  // namespace kerma::app
