#include "kerma/structure/contour_program.h"

#include "kerma/core/error.h"
#include "kerma/structure/boolean.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kerma::structure {
namespace {

using Kind = ContourStep::Kind;

std::string refusal(const std::vector<std::string>& args) {
  try {
    parseContourProgram(args);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted a wrong program";
  return {};
}

TEST(ContourProgram, ParsesTheIssuesExample) {
  const auto steps = parseContourProgram({"--body", "BODY", "--threshold", "Bone", "150", "3000", "--expand", "GTV_Met",
                                          "15", "--within", "Bone", "--as", "CTV", "--expand", "CTV", "5", "--as", "PTV",
                                          "--subtract", "Rectum", "PTV", "--as", "Rectum_minus_PTV"});
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].kind, Kind::Body);
  EXPECT_EQ(steps[1].kind, Kind::Threshold);
  EXPECT_EQ(steps[1].lowHu, 150);
  EXPECT_EQ(steps[1].highHu, 3000);
  EXPECT_EQ(steps[2].kind, Kind::Expand);
  EXPECT_TRUE(steps[2].margin.isIsotropic());
  EXPECT_EQ(steps[2].margin.left, 15);
  EXPECT_EQ(steps[2].within, "Bone");
  EXPECT_EQ(steps[2].as, "CTV");
  EXPECT_EQ(steps[4].operands, (std::vector<std::string>{"Rectum", "PTV"}));
  EXPECT_EQ(steps[4].as, "Rectum_minus_PTV");
}

TEST(ContourProgram, ParsesAnisotropicMarginsSeedsAndTypes) {
  const auto steps = parseContourProgram({"--contract", "A", "1,2,3,4,5,6", "--grow", "B", "1.5,-2,30", "-50", "50",
                                          "--grow-confidence", "C", "0,0,0", "--type", "C", "AVOIDANCE"});
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].margin.right, 1);
  EXPECT_EQ(steps[0].margin.inferior, 6);
  EXPECT_EQ(steps[1].seedMm, (core::Point3<core::Patient>{1.5, -2, 30}));
  EXPECT_EQ(steps[2].multiplier, 2.5);
  EXPECT_EQ(steps[3].type, RoiType::Avoidance);
}

TEST(ContourProgram, ErrorsNameTheOperationAndTheArgument) {
  EXPECT_NE(refusal({"--expand", "GTV"}).find("--expand (operation 1): needs 2 arguments"), std::string::npos);
  EXPECT_NE(refusal({"--body", "B", "--expand", "GTV", "ten"}).find("--expand (operation 2): the margin is 'ten'"),
            std::string::npos);
  EXPECT_NE(refusal({"--expand", "GTV", "1,2"}).find("needs 1 value or 6"), std::string::npos);
  EXPECT_NE(refusal({"--frobnicate", "X"}).find("'--frobnicate' (operation 1) is not a contouring operation"),
            std::string::npos);
  EXPECT_NE(refusal({"--as", "X"}).find("comes before any operation"), std::string::npos);
  EXPECT_NE(refusal({"--grow", "B", "1,2", "0", "1"}).find("needs 3 coordinates"), std::string::npos);
  EXPECT_NE(refusal({"--type", "B", "TUMOUR"}).find("not an RT ROI Interpreted Type"), std::string::npos);
  EXPECT_NE(refusal({}).find("no contouring operation"), std::string::npos);
}

// A 1 mm grid with a bone slab (x > 0, 500 HU) in soft tissue, and a GTV cube at the origin.
struct Scene {
  core::CtVolume ct;
  std::vector<Structure> structures;
};

Scene scene() {
  const core::VolumeGeometry grid({40, 40, 40}, {-19.5, -19.5, -19.5}, {1, 1, 1});
  Scene s{core::CtVolume(grid, std::int16_t(40)), {}};
  Mask gtv(grid, 0);
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 40; ++i) {
        const auto p = grid.patientPoint({i, j, k});
        if (p.x > 0) s.ct.at({i, j, k}) = 500;
        if (std::abs(p.x) < 3 && std::abs(p.y) < 3 && std::abs(p.z) < 3) gtv.at({i, j, k}) = 1;
      }
  s.structures.push_back({"GTV", RoiType::Gtv, {}, gtv, {}});
  return s;
}

TEST(ContourProgram, ExpandWithinBoneKeepsTheGtvThenExpandAgain) {
  Scene s = scene();
  const std::vector<std::string> notes =
      runContourProgram(parseContourProgram({"--threshold", "Bone", "150", "3000", "--expand", "GTV", "5", "--within",
                                             "Bone", "--as", "CTV", "--expand", "CTV", "3", "--as", "PTV"}),
                        s.ct, s.structures);
  ASSERT_EQ(s.structures.size(), 4u);
  const Structure& gtv = s.structures[0];
  const Structure& bone = s.structures[1];
  const Structure& ctv = s.structures[2];
  const Structure& ptv = s.structures[3];
  EXPECT_EQ(ctv.name, "CTV");
  EXPECT_EQ(ctv.type, RoiType::Ctv);
  EXPECT_EQ(ptv.type, RoiType::Ptv);
  // Half the GTV lies outside bone (x < 0): the CTV keeps it whole, grows only in bone (x > 0),
  // and the user is told; the PTV grows out of it, and both got contours.
  EXPECT_EQ(volumeCc(combine(gtv.mask, ctv.mask, BooleanOperation::Subtraction)), 0.0) << "the CTV lost part of the GTV";
  const Mask ctvOutsideBone = combine(ctv.mask, bone.mask, BooleanOperation::Subtraction);
  const Mask gtvOutsideBone = combine(gtv.mask, bone.mask, BooleanOperation::Subtraction);
  EXPECT_GT(volumeCc(gtvOutsideBone), 0.0);
  EXPECT_EQ(volumeCc(ctvOutsideBone), volumeCc(gtvOutsideBone)) << "outside bone the CTV is the GTV";
  EXPECT_GT(volumeCc(combine(ctv.mask, bone.mask, BooleanOperation::Intersection)),
            volumeCc(combine(gtv.mask, bone.mask, BooleanOperation::Intersection)));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("--expand (operation 2): GTV:"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("lie outside Bone and are kept in CTV"), std::string::npos) << notes[0];
  EXPECT_GT(volumeCc(combine(ptv.mask, bone.mask, BooleanOperation::Subtraction)), 0.0);
  // New structures take their role's colour and none another has.
  EXPECT_EQ(ctv.colour, (Rgb{255, 160, 0}));
  EXPECT_EQ(ptv.colour, (Rgb{255, 0, 0}));
  for (std::size_t a = 0; a < s.structures.size(); ++a)
    for (std::size_t b = a + 1; b < s.structures.size(); ++b)
      EXPECT_NE(s.structures[a].colour, s.structures[b].colour) << s.structures[a].name << ", " << s.structures[b].name;
  EXPECT_FALSE(ctv.contours.empty());
  EXPECT_FALSE(ptv.contours.empty());
  EXPECT_TRUE(s.structures[0].contours.empty());  // the GTV was not changed
}

TEST(ContourProgram, AStepOnAMissingStructureIsNamed) {
  Scene s = scene();
  try {
    runContourProgram(parseContourProgram({"--body", "BODY", "--expand", "Bladder", "5"}), s.ct, s.structures);
    ADD_FAILURE() << "expanded a structure that does not exist";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--expand (operation 2): no structure named 'Bladder'"), std::string::npos)
        << e.what();
  }
}

TEST(ContourProgram, RemoveAndRetype) {
  Scene s = scene();
  runContourProgram(parseContourProgram({"--expand", "GTV", "2", "--as", "Ring", "--subtract", "Ring", "GTV",
                                         "--type", "Ring", "AVOIDANCE", "--remove", "GTV"}),
                    s.ct, s.structures);
  ASSERT_EQ(s.structures.size(), 1u);
  EXPECT_EQ(s.structures[0].name, "Ring");
  EXPECT_EQ(s.structures[0].type, RoiType::Avoidance);
  EXPECT_EQ(s.structures[0].mask.at({20, 20, 20}), 0);  // the GTV was cut out of the ring
}

}  // namespace
}  // namespace kerma::structure
