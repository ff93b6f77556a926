#include "kerma/beams/beam_templates.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::beams {
namespace {

std::vector<std::string> names(const std::vector<dose::Beam>& beams) {
  std::vector<std::string> result;
  for (const auto& b : beams) result.push_back(b.name);
  return result;
}

TEST(BeamTemplates, GantryAnglesPerTemplate) {
  EXPECT_EQ(gantryAnglesDeg(beamTemplateFromName("ap")), std::vector<double>{0});
  EXPECT_EQ(gantryAnglesDeg(beamTemplateFromName("pa")), std::vector<double>{180});
  EXPECT_EQ(gantryAnglesDeg(beamTemplateFromName("ap-pa")), (std::vector<double>{0, 180}));
  EXPECT_EQ(gantryAnglesDeg(beamTemplateFromName("lateral-pair")), (std::vector<double>{90, 270}));
  EXPECT_EQ(gantryAnglesDeg(beamTemplateFromName("box3")), (std::vector<double>{0, 90, 270}));
  EXPECT_EQ(gantryAnglesDeg(beamTemplateFromName("box4")), (std::vector<double>{0, 90, 180, 270}));
  EXPECT_THROW(beamTemplateFromName("box5"), Error);
}

TEST(BeamTemplates, BeamsAreNamedAfterTheSideTheSourceFaces) {
  const core::Point3<core::Patient> iso{1, 2, 3};
  const auto hfs = beamsFromTemplate(BeamTemplate::Box4, iso);
  EXPECT_EQ(names(hfs), (std::vector<std::string>{"AP", "LLAT", "PA", "RLAT"}));
  EXPECT_EQ(hfs[1].isocenterMm, iso);
  EXPECT_EQ(hfs[1].collimatorAngleDeg, 0);
  const auto ffs = beamsFromTemplate(BeamTemplate::LateralPair, iso, core::PatientPosition::Ffs);
  EXPECT_EQ(names(ffs), (std::vector<std::string>{"RLAT", "LLAT"}));
  const auto hfp = beamsFromTemplate(BeamTemplate::ApPa, iso, core::PatientPosition::Hfp);
  EXPECT_EQ(names(hfp), (std::vector<std::string>{"PA", "AP"}));
  // HFS with the couch turned 90° counter-clockwise (seen from above): the head points to −Xf,
  // so the source at gantry 90 (+Xf) faces the feet; every beam carries the shared angles.
  const auto turned = beamsFromTemplate(BeamTemplate::Box4, iso, core::PatientPosition::Hfs, {15, 90});
  EXPECT_EQ(names(turned), (std::vector<std::string>{"AP", "INF", "PA", "SUP"}));
  for (const auto& beam : turned) {
    EXPECT_EQ(beam.collimatorAngleDeg, 15);
    EXPECT_EQ(beam.couchAngleDeg, 90);
  }
}

TEST(BeamTemplates, SetupBeamsAreOrthogonalSquareFieldsThroughTheIsocentre) {
  const core::Point3<core::Patient> iso{-4, 20, 7};
  const auto hfs = setupBeams(iso, core::PatientPosition::Hfs, 150);
  EXPECT_EQ(names(hfs), (std::vector<std::string>{"SETUP AP", "SETUP LLAT"}));
  ASSERT_EQ(hfs.size(), 2u);
  EXPECT_EQ(hfs[0].gantryAngleDeg, 0);
  EXPECT_EQ(hfs[1].gantryAngleDeg, 90);
  EXPECT_EQ(hfs[1].isocenterMm, iso);
  EXPECT_EQ(hfs[1].jawsMm, (dose::JawsMm{-75, 75, -75, 75}));
  EXPECT_FALSE(hfs[1].leaves.has_value());
  EXPECT_EQ(names(setupBeams(iso, core::PatientPosition::Ffs)), (std::vector<std::string>{"SETUP AP", "SETUP RLAT"}));
}

}  // namespace
}  // namespace kerma::beams
