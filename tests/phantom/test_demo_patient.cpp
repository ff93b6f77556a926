#include "kerma/phantom/demo_patient.h"

#include "kerma/structure/contour_rasterization.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace kerma::phantom {
namespace {

using core::Patient;
using core::Point3;

// One phantom for the whole suite: building it is the slow part.
const DemoPatient& demo() {
  static const DemoPatient patient = makeDemoPatient();
  return patient;
}

const structure::Structure& roi(const std::string& name) {
  const auto& rois = demo().structures;
  const auto it = std::find_if(rois.begin(), rois.end(), [&](const auto& s) { return s.name == name; });
  EXPECT_NE(it, rois.end()) << name;
  return *it;
}

int huAt(const Point3<Patient>& p) {
  const auto& ct = demo().ct.hu;
  const auto c = ct.geometry().voxelFromPatient()(p);
  return ct.at({std::lround(c.x), std::lround(c.y), std::lround(c.z)});
}

TEST(DemoPatient, GridIsAnAxialHfsPlanningCt) {
  const auto& grid = demo().ct.hu.geometry();
  EXPECT_EQ(grid.size()[0], 512);
  EXPECT_EQ(grid.size()[1], 512);
  EXPECT_GE(grid.size()[2], 80);
  EXPECT_NEAR(grid.spacingMm()[0], 0.977, 0.01);
  EXPECT_NEAR(grid.spacingMm()[1], 0.977, 0.01);
  EXPECT_DOUBLE_EQ(grid.spacingMm()[2], 3.0);
  EXPECT_TRUE(grid.directionCosines().isIdentity());
  // Centred: the middle of the grid is the patient origin.
  const auto centre = grid.patientFromVoxel()(
      Point3<core::Voxel>{(grid.size()[0] - 1) / 2.0, (grid.size()[1] - 1) / 2.0, (grid.size()[2] - 1) / 2.0});
  EXPECT_NEAR(centre.x, 0, 1e-9);
  EXPECT_NEAR(centre.y, 0, 1e-9);
  EXPECT_NEAR(centre.z, 0, 1e-9);
  const auto& identity = demo().ct.identity;
  EXPECT_EQ(identity.patientPosition, "HFS");
  EXPECT_EQ(identity.modality, "CT");
  EXPECT_EQ(identity.patientSex, "M");
  EXPECT_EQ(identity.patientId, "KERMA-DEMO-001");
  EXPECT_FALSE(identity.studyInstanceUid.empty());
  EXPECT_NE(identity.studyInstanceUid, identity.seriesInstanceUid);
  EXPECT_NE(identity.seriesInstanceUid, identity.frameOfReferenceUid);
}

TEST(DemoPatient, HounsfieldUnitsAtKnownPoints) {
  EXPECT_EQ(huAt({0, -240, 0}), -1000);                     // air in front of the patient
  EXPECT_GT(huAt({92, -8, -45}), 150);                      // left femoral-head centre: bone
  EXPECT_GT(huAt({-92, -8, -45}), 150);                     // right femoral-head centre: bone
  EXPECT_NEAR(huAt({0, -40, -15}), 10, 5);                  // bladder centre: urine
  EXPECT_LT(huAt({0, 8, -40}), -900);                       // rectal core: gas
  EXPECT_NEAR(huAt({0, -110, -15}), -100, 20);              // anterior subcutaneous fat
  EXPECT_NEAR(huAt({150, 0, -15}), 40, 20);                 // gluteal / hip muscle
  EXPECT_GT(huAt({15, -74, -70}), 150);                     // left pubic body
}

TEST(DemoPatient, StructuresAreTheExpectedSetWithPlausibleVolumes) {
  const std::vector<std::pair<std::string, structure::RoiType>> expected = {
      {"BODY", structure::RoiType::External},    {"Bladder", structure::RoiType::Organ},
      {"Rectum", structure::RoiType::Organ},     {"FemoralHead_L", structure::RoiType::Organ},
      {"FemoralHead_R", structure::RoiType::Organ}, {"GTV_Met", structure::RoiType::Gtv}};
  ASSERT_EQ(demo().structures.size(), expected.size());
  for (std::size_t n = 0; n < expected.size(); ++n) {
    EXPECT_EQ(demo().structures[n].name, expected[n].first);
    EXPECT_EQ(demo().structures[n].type, expected[n].second);
    EXPECT_TRUE(demo().structures[n].mask.geometry().sameGridAs(demo().ct.hu.geometry()));
  }
  EXPECT_NEAR(structure::volumeCc(roi("Bladder").mask), 250, 50);
  EXPECT_NEAR(structure::volumeCc(roi("Rectum").mask), 85, 35);
  const double headCc = 4.0 / 3.0 * 3.14159265 * 24 * 24 * 24 / 1000;  // 57.9 cm³
  EXPECT_NEAR(structure::volumeCc(roi("FemoralHead_L").mask), headCc, 0.05 * headCc);
  EXPECT_NEAR(structure::volumeCc(roi("FemoralHead_R").mask), headCc, 0.05 * headCc);
  EXPECT_NEAR(structure::volumeCc(roi("GTV_Met").mask), 5.5, 2.5);  // about 22 mm across
  EXPECT_GT(structure::volumeCc(roi("BODY").mask), 12000);
}

TEST(DemoPatient, MetastasisIsInTheLeftIschioPubicRamusWithinBone) {
  const auto centroid = structure::centroidMm(roi("GTV_Met").mask);
  ASSERT_TRUE(centroid.has_value());
  EXPECT_GT(centroid->x, 0);  // patient left
  EXPECT_LT(centroid->x, 40);  // near the symphysis
  EXPECT_LT(centroid->y, 0);   // anterior half
  // Every GTV voxel is bone or lesion: nothing in soft tissue or fat.
  const auto& mask = roi("GTV_Met").mask;
  const auto hu = demo().ct.hu.values();
  std::size_t inside = 0, boneOrLesion = 0;
  for (std::size_t n = 0; n < hu.size(); ++n) {
    if (!mask.values()[n]) continue;
    ++inside;
    boneOrLesion += hu[n] >= 45;
  }
  EXPECT_EQ(boneOrLesion, inside);
}

TEST(DemoPatient, MetastasisIsMixedMostlyLytic) {
  const auto& mask = roi("GTV_Met").mask;
  const auto hu = demo().ct.hu.values();
  std::size_t inside = 0, lytic = 0, sclerotic = 0;
  for (std::size_t n = 0; n < hu.size(); ++n) {
    if (!mask.values()[n]) continue;
    ++inside;
    lytic += hu[n] >= 40 && hu[n] <= 80;
    sclerotic += hu[n] >= 600 && hu[n] <= 700;
  }
  EXPECT_GT(double(lytic), 0.4 * double(inside));
  EXPECT_GT(sclerotic, 0u);
}

TEST(DemoPatient, ContoursReproduceTheMasks) {
  for (const auto& s : demo().structures) {
    ASSERT_FALSE(s.contours.empty()) << s.name;
    const auto reRasterised = structure::rasterizeContours(s.contours, s.mask.geometry());
    EXPECT_NEAR(structure::volumeCc(reRasterised), structure::volumeCc(s.mask), 0.01 * structure::volumeCc(s.mask))
        << s.name;
  }
}

TEST(DemoPatient, IsTheSameOnEveryCall) {
  const auto start = std::chrono::steady_clock::now();
  const DemoPatient again = makeDemoPatient();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "makeDemoPatient: " << seconds << " s\n";
  RecordProperty("buildSeconds", std::to_string(seconds));
  const auto a = demo().ct.hu.values(), b = again.ct.hu.values();
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  EXPECT_EQ(demo().ct.identity.studyInstanceUid, again.ct.identity.studyInstanceUid);
  EXPECT_EQ(demo().ct.identity.seriesInstanceUid, again.ct.identity.seriesInstanceUid);
  for (std::size_t n = 0; n < again.structures.size(); ++n) {
    const auto ma = demo().structures[n].mask.values(), mb = again.structures[n].mask.values();
    EXPECT_TRUE(std::equal(ma.begin(), ma.end(), mb.begin(), mb.end())) << again.structures[n].name;
  }
}

}  // namespace
}  // namespace kerma::phantom
