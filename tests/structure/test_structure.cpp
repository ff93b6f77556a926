#include "kerma/structure/structure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kerma::structure {
namespace {

constexpr double EXACT_MM = 1e-9;

TEST(DicomTerm, RoundTripsEveryDefinedTerm) {
  for (const RoiType type : {RoiType::External, RoiType::Ptv, RoiType::Ctv, RoiType::Gtv,
                             RoiType::Organ, RoiType::Avoidance, RoiType::Bolus,
                             RoiType::Support, RoiType::Marker, RoiType::Control}) {
    EXPECT_FALSE(dicomTerm(type).empty());
    EXPECT_EQ(roiTypeFromDicomTerm(dicomTerm(type)), type) << dicomTerm(type);
  }
  EXPECT_EQ(dicomTerm(RoiType::External), "EXTERNAL");
  EXPECT_EQ(dicomTerm(RoiType::Gtv), "GTV");
}

TEST(DicomTerm, OtherHasNoTermAndUnknownTermsAreOther) {
  EXPECT_EQ(dicomTerm(RoiType::Other), "");
  EXPECT_EQ(roiTypeFromDicomTerm("CAVITY"), RoiType::Other);
  EXPECT_EQ(roiTypeFromDicomTerm("organ"), RoiType::Other);  // defined terms are upper case
  EXPECT_EQ(roiTypeFromDicomTerm(""), RoiType::Other);
}

TEST(VolumeCc, CountsVoxelsTimesVoxelVolume) {
  Mask mask(core::VolumeGeometry({10, 10, 10}, {0, 0, 0}, {2.0, 2.0, 3.0}), 0);
  for (int i = 0; i < 6; ++i) mask.at({i, 1, 2}) = 1;
  EXPECT_DOUBLE_EQ(volumeCc(mask), 6 * 2.0 * 2.0 * 3.0 / 1000.0);  // 0.072 cm³
  mask.at({9, 9, 9}) = 255;  // any non-zero value is inside
  EXPECT_DOUBLE_EQ(volumeCc(mask), 7 * 12.0 / 1000.0);
}

TEST(VolumeCc, EmptyMaskIsZero) {
  EXPECT_EQ(volumeCc(Mask(core::VolumeGeometry({3, 3, 3}, {0, 0, 0}, {1, 1, 1}), 0)), 0.0);
}

TEST(CentroidMm, MapsTheMeanIndexThroughTheGeometry) {
  // i runs towards -y (anterior), j towards +x, k towards +z.
  Eigen::Matrix3d directions;
  directions << 0, 1, 0, -1, 0, 0, 0, 0, 1;
  Mask mask(core::VolumeGeometry({5, 4, 3}, {10, -20, 30}, {2, 3, 4}, directions), 0);
  mask.at({0, 0, 0}) = 1;
  mask.at({2, 0, 0}) = 1;
  mask.at({1, 2, 2}) = 1;
  mask.at({1, 2, 1}) = 1;
  // Mean index (1, 1, 0.75): x = 10 + 1·3, y = −20 − 1·2, z = 30 + 0.75·4.
  const auto centroid = centroidMm(mask);
  ASSERT_TRUE(centroid.has_value());
  EXPECT_NEAR(centroid->x, 13.0, EXACT_MM);
  EXPECT_NEAR(centroid->y, -22.0, EXACT_MM);
  EXPECT_NEAR(centroid->z, 33.0, EXACT_MM);
}

TEST(TypeNamedBy, TargetsAndTheOutlineByTheirNamesOnly) {
  EXPECT_EQ(typeNamedBy("PTV_20Gy"), RoiType::Ptv);
  EXPECT_EQ(typeNamedBy("ctv"), RoiType::Ctv);
  EXPECT_EQ(typeNamedBy("GTV_Met"), RoiType::Gtv);
  EXPECT_EQ(typeNamedBy("BODY"), RoiType::External);
  EXPECT_EQ(typeNamedBy("External"), RoiType::External);
  EXPECT_FALSE(typeNamedBy("Rectum"));
  EXPECT_FALSE(typeNamedBy("Bladder+5mm"));
  EXPECT_FALSE(typeNamedBy(""));
}

TEST(NewStructureColour, RoleColoursWhileFreeThenNoColourInUse) {
  EXPECT_EQ(newStructureColour(RoiType::Ptv, {}), (Rgb{255, 0, 0}));
  EXPECT_EQ(newStructureColour(RoiType::Gtv, {}), (Rgb{255, 0, 255}));
  // The PTV's red is taken: another PTV gets a colour nobody has.
  std::vector<Rgb> inUse{{255, 0, 0}};
  const Rgb second = newStructureColour(RoiType::Ptv, inUse);
  EXPECT_NE(second, (Rgb{255, 0, 0}));
  // A hundred organs, each added in turn, never repeat a colour.
  for (int n = 0; n < 100; ++n) {
    const Rgb colour = newStructureColour(RoiType::Organ, inUse);
    ASSERT_EQ(std::count(inUse.begin(), inUse.end(), colour), 0) << "organ " << n;
    inUse.push_back(colour);
  }
}

TEST(CentroidMm, EmptyMaskHasNone) {
  EXPECT_FALSE(centroidMm(Mask(core::VolumeGeometry({3, 3, 3}, {0, 0, 0}, {1, 1, 1}), 0)));
}

}  // namespace
}  // namespace kerma::structure
