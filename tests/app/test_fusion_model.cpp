// The fusion review without Qt: the prior CT drawn on the current CT's slices through the map
// (checked voxel by voxel against the CT's own values and a shift of one voxel), the checkerboard,
// and the model's rules: moves by hand compose as rigid maps, change the description, withdraw an
// acceptance; nothing unregistered is accepted; stale results are dropped.

#include "kerma/app/fusion_model.h"

#include "kerma/core/error.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace kerma::app {
namespace {

const core::VolumeGeometry GRID({20, 16, 6}, {-20, -16, -9}, {2, 2, 3});
// From -1000 to 1550 HU: one grey level per 10 HU.
const WindowLevel WINDOW{2550, 275};

std::shared_ptr<const core::CtImage> ct(std::string frame, const core::VolumeGeometry& grid = GRID) {
  core::CtImage image;
  image.identity.patientId = "FUSION";
  image.identity.frameOfReferenceUid = std::move(frame);
  image.hu = core::CtVolume(grid, 0);
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) image.hu.at({i, j, k}) = std::int16_t(-1000 + 10 * (i + 7 * j + 3 * k));
  return std::make_shared<const core::CtImage>(std::move(image));
}

std::uint32_t greyOf(int hu) {
  const auto g = std::uint32_t(std::lround(255 * std::clamp((hu + 1000) / 2550.0, 0.0, 1.0)));
  return 0xff000000u | g << 16 | g << 8 | g;
}

registration::RigidTransform shifted(double xMm) {
  return registration::RigidTransform(Eigen::Affine3d(Eigen::Translation3d(xMm, 0, 0)));
}

TEST(FusionSlice, TheSameCtThroughTheIdentityShowsItsOwnVoxels) {
  const auto image = ct("1.1");
  const SliceOverlay axial = renderFusionSlice(image->hu, {}, GRID, {2, 3}, WINDOW, {});
  ASSERT_EQ(axial.width, 20);
  ASSERT_EQ(axial.height, 16);
  for (const auto& [u, v] : {std::pair{0, 0}, {7, 5}, {19, 15}}) EXPECT_EQ(axial.at(u, v), greyOf(image->hu.at({u, v, 3})));
  // A sagittal slice: u along j, v along k.
  const SliceOverlay sagittal = renderFusionSlice(image->hu, {}, GRID, {0, 4}, WINDOW, {});
  ASSERT_EQ(sagittal.uAxis, 1);
  ASSERT_EQ(sagittal.vAxis, 2);
  EXPECT_EQ(sagittal.at(9, 2), greyOf(image->hu.at({4, 9, 2})));
}

TEST(FusionSlice, APriorMovedByOneVoxelShowsItsNeighbourAndNothingBeyondItsEdge) {
  const auto image = ct("1.1");
  // fixedFromMoving moves the prior 2 mm (one voxel) towards +x: the current point p shows the
  // prior at p - 2 mm, the voxel before.
  const SliceOverlay overlay = renderFusionSlice(image->hu, shifted(2).inverse(), GRID, {2, 1}, WINDOW, {});
  EXPECT_EQ(overlay.at(5, 4), greyOf(image->hu.at({4, 4, 1})));
  EXPECT_EQ(overlay.at(19, 4), greyOf(image->hu.at({18, 4, 1})));
  EXPECT_EQ(overlay.at(0, 4), 0u) << "the prior CT has no data there: transparent";
}

TEST(FusionSlice, TheCheckerboardLeavesEveryOtherSquareToTheCurrentCt) {
  const auto image = ct("1.1");
  FusionDisplay display;
  display.mode = FusionMode::Checkerboard;
  display.checkerMm = 8;  // 4 voxels of 2 mm
  const SliceOverlay overlay = renderFusionSlice(image->hu, {}, GRID, {2, 0}, WINDOW, display);
  EXPECT_NE(overlay.at(3, 3), 0u);
  EXPECT_EQ(overlay.at(4, 3), 0u);
  EXPECT_EQ(overlay.at(3, 4), 0u);
  EXPECT_NE(overlay.at(4, 4), 0u);
  EXPECT_NE(overlay.at(8, 0), 0u);
}

TEST(PriorStructures, AreMappedThroughTheRegistrationNamedByTheirYear) {
  structure::Structure body{"BODY", structure::RoiType::External, {0, 255, 0}, structure::Mask(GRID, 1), {}};
  structure::Structure box{"Rectum", structure::RoiType::Organ, {150, 80, 20}, structure::Mask(GRID, 0), {}};
  for (int k = 1; k < 4; ++k)
    for (int j = 3; j < 8; ++j)
      for (int i = 4; i < 9; ++i) box.mask.at({i, j, k}) = 1;
  structure::Structure outside{"Far", structure::RoiType::Organ, {}, structure::Mask(GRID, 0), {}};
  outside.mask.at({19, 15, 5}) = 1;
  // The prior patient lies 2 mm (one voxel) further +x on the current CT.
  const core::FrameRegistration shiftedPrior{"1.1", "2.2", shifted(2), nullptr};
  const auto mapped = mapPriorStructures({body, box, outside}, "2012", GRID, shiftedPrior);
  ASSERT_EQ(mapped.size(), 1u) << "the outline is the current CT's own; what maps off the grid is left out";
  EXPECT_EQ(mapped[0].name, "Rectum 2012");
  EXPECT_EQ(mapped[0].colour, box.colour);
  EXPECT_EQ(mapped[0].type, structure::RoiType::Organ);
  for (int k = 0; k < 6; ++k)
    for (int j = 0; j < 16; ++j)
      for (int i = 0; i < 20; ++i)
        EXPECT_EQ(mapped[0].mask.at({i, j, k}), i >= 5 && i < 10 && j >= 3 && j < 8 && k >= 1 && k < 4 ? 1 : 0)
            << i << " " << j << " " << k;

  // Through a deformation that holds the same shift: the same voxels.
  core::FrameRegistration deformed = shiftedPrior;
  auto field = std::make_shared<core::DisplacementField>();
  field->grid = GRID;
  field->displacementMm = {core::Volume<float>(GRID, -2.f), core::Volume<float>(GRID, 0.f), core::Volume<float>(GRID, 0.f)};
  deformed.deformation = field;
  const auto throughField = mapPriorStructures({box}, "2012", GRID, deformed);
  ASSERT_EQ(throughField.size(), 1u);
  EXPECT_TRUE(std::ranges::equal(throughField[0].mask.values(), mapped[0].mask.values()));

  core::SeriesIdentity identity;
  identity.studyDate = "20121203";
  EXPECT_EQ(priorLabel(identity), "2012");
  EXPECT_EQ(priorLabel({}), "prior");
}

TEST(FusionModel, APriorOnAnotherFrameIsNotRegisteredAndCannotBeAccepted) {
  FusionModel model(ct("1.1"), ct("2.2"), "course1");
  EXPECT_EQ(model.method(), "not registered");
  EXPECT_FALSE(model.registered());
  EXPECT_THROW(model.accept("PHYSICIST^ANNA", "2026-12-07T20:00:00Z"), Error);
  EXPECT_FALSE(model.prepareRegistration(true).options.initial.has_value()) << "from the patients' centres";
  EXPECT_TRUE(model.prepareRegistration(true).options.boneOnly);

  FusionModel same(ct("1.1"), ct("1.1"), "other series");
  EXPECT_NO_THROW(same.accept("PHYSICIST^ANNA", "2026-12-07T20:00:00Z"));
}

TEST(FusionModel, ReadsThePriorCtOutThroughTheMap) {
  const auto prior = ct("2.2");
  FusionModel model(ct("1.1"), prior, "course1");
  model.translate({2, 0, 0});  // the current point p shows the prior at p - 2 mm
  const core::Point3<core::Patient> p = GRID.patientPoint({5, 4, 2});
  EXPECT_EQ(model.probeText(p), "prior CT " + std::to_string(prior->hu.at({4, 4, 2})) + " HU");
  EXPECT_EQ(model.probeText(GRID.patientPoint({0, 4, 2})), "prior CT: no data");
}

TEST(FusionModel, MovesByHandComposeAndWithdrawTheAcceptance) {
  FusionModel model(ct("1.1"), ct("2.2"), "course1");
  model.translate({3, 0, 0});
  EXPECT_EQ(model.method(), "not registered, adjusted by hand");
  // A quarter turn about z through (10, 0, 0): the prior's origin, moved to (3, 0, 0), goes to (10, -7, 0).
  model.rotate({0, 0, 2}, 90, {10, 0, 0});
  const core::Point3<core::Patient> p = model.registration().fixedFromMoving(core::Point3<core::Patient>{0, 0, 0});
  EXPECT_NEAR(p.x, 10, 1e-9);
  EXPECT_NEAR(p.y, -7, 1e-9);
  EXPECT_NEAR(p.z, 0, 1e-9);
  EXPECT_NEAR(model.priorFromCurrent()(p).x, 0, 1e-9);
  EXPECT_EQ(model.method(), "not registered, adjusted by hand") << "said once";
  EXPECT_TRUE(model.prepareRegistration(false).options.initial.has_value()) << "the registration starts from the user's map";

  const FusionMetricRun measured = model.prepareMetric();
  const AcceptedRegistration accepted = model.accept("PHYSICIST^ANNA", "2026-12-07T20:00:00Z");
  EXPECT_EQ(accepted.registration.movingFrameOfReferenceUid, "2.2");
  EXPECT_EQ(accepted.registration.fixedFrameOfReferenceUid, "1.1");
  EXPECT_NE(accepted.origin.find("PHYSICIST^ANNA"), std::string::npos);
  EXPECT_NE(accepted.description.find("rotation about x, y, z 0.00, 0.00, 90.00 degrees"), std::string::npos)
      << accepted.description;
  ASSERT_TRUE(model.accepted().has_value());
  EXPECT_EQ(model.acceptedBy(), "PHYSICIST^ANNA");
  EXPECT_EQ(model.accepted()->sopInstanceUid, "") << "not saved yet";
  model.setSavedAs("1.2.3.4.5");
  EXPECT_EQ(model.accepted()->sopInstanceUid, "1.2.3.4.5");
  EXPECT_TRUE(model.setMeasuredMetric(measured, -0.5));
  model.translate({0, 0, 1});
  EXPECT_FALSE(model.accepted().has_value());
  EXPECT_FALSE(model.metric().has_value());
  EXPECT_FALSE(model.setMeasuredMetric(measured, -0.5)) << "measured on a map that moved since";
}

TEST(FusionModel, ARegistrationResultOfAnOlderMapIsDropped) {
  FusionModel model(ct("1.1"), ct("2.2"), "course1");
  const FusionRegistrationRun run = model.prepareRegistration(true);
  registration::RigidRegistration found{shifted(4), -0.7, 20, "converged"};
  model.translate({1, 0, 0});
  EXPECT_FALSE(model.setRegistered(run, found));
  const FusionRegistrationRun again = model.prepareRegistration(true);
  EXPECT_TRUE(model.setRegistered(again, found));
  EXPECT_EQ(model.method(), "image registration (rigid, Mattes mutual information on bone)");
  EXPECT_FALSE(model.adjustedByHand());
  EXPECT_FALSE(model.registeredMetric().has_value()) << "measured as every metric is, not the optimiser's own";
  EXPECT_TRUE(model.setMeasuredMetric(model.prepareMetric(), -0.6));
  EXPECT_EQ(model.registeredMetric(), -0.6);
  model.translate({1, 0, 0});
  EXPECT_TRUE(model.setMeasuredMetric(model.prepareMetric(), -0.5));
  EXPECT_EQ(model.registeredMetric(), -0.6) << "the map as registered stays the reference";
  EXPECT_EQ(model.metric(), -0.5);
  EXPECT_TRUE(model.metricOptions().boneOnly);
  EXPECT_FALSE(model.metricOptions().initial.has_value());
}

TEST(FusionModel, ARegistrationFileOfOtherFramesIsRefused) {
  FusionModel model(ct("1.1"), ct("2.2"), "course1");
  AcceptedRegistration read{{"1.1", "3.3", shifted(5), nullptr}, "REG.dcm", ""};
  EXPECT_THROW(model.setFromFile(read), Error);
  read.registration.movingFrameOfReferenceUid = "2.2";
  model.setFromFile(read);
  EXPECT_EQ(model.method(), "REG.dcm");
  EXPECT_NEAR(model.registration().fixedFromMoving.matrix().translation().x(), 5, 1e-12);
}

TEST(FusionModel, RefusesADisplayThatCannotBeDrawn) {
  FusionModel model(ct("1.1"), ct("2.2"), "course1");
  FusionDisplay display;
  display.opacity = 1.5;
  EXPECT_THROW(model.setDisplay(display), Error);
  display.opacity = 0.3;
  display.checkerMm = 0;
  EXPECT_THROW(model.setDisplay(display), Error);
  display.checkerMm = 10;
  model.setDisplay(display);
  EXPECT_EQ(model.display().opacity, 0.3);
}

}  // namespace
}  // namespace kerma::app
