#include "kerma/app/patient_files.h"

#include "kerma/core/error.h"
#include "kerma/structure/structure.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/mask_editing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

// Relative volume agreement after export and re-import: contours are extracted at the 0.5 level
// between voxel centres and simplified by 0.2 mm, so the round trip moves each boundary by less
// than a fraction of a voxel (the CLI's RT Structure Set test finds 1 % for the demo patient).
constexpr double ROUND_TRIP_VOLUME_TOLERANCE = 0.01;

fs::path freshFolder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("kerma_app_" + name);
  fs::remove_all(folder);
  return folder;
}

TEST(PatientFiles, DemoPatientSavesWithItsCtAndReopensWithItsEditedStructures) {
  OpenedPatient demo = openPatient(std::nullopt);
  ASSERT_EQ(demo.structures.size(), 6u);
  EXPECT_TRUE(demo.ctSopInstanceUids.empty());
  // An edit: a 10 mm disk added to the bladder, its contours now stale.
  auto& bladder = demo.structures[1];
  ASSERT_EQ(bladder.name, "Bladder");
  const auto centre = structure::centroidMm(bladder.mask);
  structure::paintDisk(bladder.mask, {centre->x + 40, centre->y, centre->z}, 10, 2,
                       structure::PaintMode::Add);
  std::vector<bool> stale(demo.structures.size(), false);
  stale[1] = true;
  const fs::path folder = freshFolder("demo_save");
  const SavedStructureSet saved =
      saveStructureSet(*demo.ct, demo.structures, stale, {}, folder);
  EXPECT_TRUE(saved.wroteCt);
  EXPECT_EQ(saved.ctSopInstanceUids.size(), std::size_t(demo.ct->hu.geometry().size()[2]));
  EXPECT_TRUE(fs::exists(saved.rtStructFile));
  ASSERT_EQ(saved.contours.size(), 6u);

  const OpenedPatient reopened = openPatient(folder);
  EXPECT_TRUE(reopened.problems.empty());
  ASSERT_TRUE(reopened.structureSetFile);
  ASSERT_EQ(reopened.structures.size(), 6u);
  for (std::size_t n = 0; n < 6; ++n) {
    const double expected = structure::volumeCc(demo.structures[n].mask);
    EXPECT_NEAR(structure::volumeCc(reopened.structures[n].mask), expected,
                ROUND_TRIP_VOLUME_TOLERANCE * expected)
        << demo.structures[n].name;
  }
  fs::remove_all(folder);
}

TEST(PatientFiles, TheNewestOfSeveralSavedStructureSetsIsOpened) {
  OpenedPatient demo = openPatient(std::nullopt);
  const fs::path folder = freshFolder("two_saves");
  const std::vector<bool> fresh(demo.structures.size(), false);
  const SavedStructureSet first = saveStructureSet(*demo.ct, demo.structures, fresh, {}, folder);
  // The older set's file name sorts first (names say nothing about age).
  const fs::path older = folder / "RS.0-older.dcm";
  fs::rename(first.rtStructFile, older);
  // A second save moments later, with the bladder grown: it is what reopening must show.
  auto& bladder = demo.structures[1];
  ASSERT_EQ(bladder.name, "Bladder");
  const auto centre = structure::centroidMm(bladder.mask);
  structure::paintDisk(bladder.mask, {centre->x + 40, centre->y, centre->z}, 10, 2, structure::PaintMode::Add);
  std::vector<bool> stale = fresh;
  stale[1] = true;
  const SavedStructureSet second = saveStructureSet(*demo.ct, demo.structures, stale, first.ctSopInstanceUids, folder);
  const OpenedPatient reopened = openPatient(folder);
  ASSERT_TRUE(reopened.structureSetFile);
  EXPECT_EQ(*reopened.structureSetFile, second.rtStructFile);
  const double grown = structure::volumeCc(bladder.mask);
  EXPECT_NEAR(structure::volumeCc(reopened.structures[1].mask), grown, ROUND_TRIP_VOLUME_TOLERANCE * grown);
  ASSERT_EQ(reopened.problems.size(), 1u);
  EXPECT_NE(reopened.problems[0].find(older.string() + ": an older RT Structure Set"), std::string::npos)
      << reopened.problems[0];
  fs::remove_all(folder);
}

TEST(PatientFiles, StructureSetOnAnotherFrameOfReferenceIsAProblemNotAFailure) {
  OpenedPatient demo = openPatient(std::nullopt);
  const fs::path folder = freshFolder("for_mismatch");
  const SavedStructureSet saved =
      saveStructureSet(*demo.ct, demo.structures, std::vector<bool>(6, false), {}, folder);
  // Rewrite the CT with another Frame of Reference over the old files.
  core::CtImage other = *demo.ct;
  other.identity.frameOfReferenceUid += ".9";
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().starts_with("CT.")) fs::remove(entry.path());
  dicom::writeCtSeries(other, folder);
  const OpenedPatient reopened = openPatient(folder);
  EXPECT_TRUE(reopened.structures.empty());
  ASSERT_EQ(reopened.problems.size(), 1u);
  EXPECT_NE(reopened.problems[0].find(saved.rtStructFile.filename().string()), std::string::npos)
      << reopened.problems[0];
  fs::remove_all(folder);
}

TEST(PatientFiles, ACorruptedContourVertexIsLeftOutAndSaid) {
  OpenedPatient demo = openPatient(std::nullopt);
  std::vector<structure::Structure> damaged = demo.structures;
  structure::refreshContours(damaged, std::vector<bool>(damaged.size(), true));
  const std::size_t bladder = 1;
  ASSERT_EQ(damaged[bladder].name, "Bladder");
  damaged[bladder].contours[2].pointsMm[5].x = 1e30;  // one corrupted coordinate
  const fs::path folder = freshFolder("stray_vertex");
  saveStructureSet(*demo.ct, damaged, std::vector<bool>(damaged.size(), false), {}, folder);
  const OpenedPatient reopened = openPatient(folder);
  EXPECT_TRUE(reopened.problems.empty());
  ASSERT_EQ(reopened.repairs.size(), 1u);
  EXPECT_NE(reopened.repairs[0].find(": ROI 'Bladder' contour 3: vertex 6 at (1e+30, "), std::string::npos)
      << reopened.repairs[0];
  ASSERT_EQ(reopened.structures.size(), demo.structures.size());
  EXPECT_NEAR(structure::volumeCc(reopened.structures[bladder].mask), structure::volumeCc(demo.structures[bladder].mask),
              ROUND_TRIP_VOLUME_TOLERANCE * structure::volumeCc(demo.structures[bladder].mask));
  fs::remove_all(folder);
}

TEST(PatientFiles, LungCaseOpensWithItsStructureSetInColour) {
  const fs::path folder = fs::path(KERMA_SHARED_DIR) / "data" / "lung1-001";
  if (!fs::exists(folder)) GTEST_SKIP() << folder << " is absent";
  const OpenedPatient lung = openPatient(folder);
  EXPECT_TRUE(lung.problems.empty());
  ASSERT_TRUE(lung.structureSetFile);
  ASSERT_EQ(lung.structures.size(), 4u);
  // The set has no ROI Display Color: the structures get the default colours, not white.
  for (std::size_t n = 0; n < lung.structures.size(); ++n)
    EXPECT_NE(lung.structures[n].colour, (structure::Rgb{255, 255, 255})) << lung.structures[n].name;
  EXPECT_EQ(lung.ctSopInstanceUids.size(), std::size_t(lung.ct->hu.geometry().size()[2]));
}

TEST(PatientFiles, FolderWithoutCtThrowsNamingIt) {
  const fs::path folder = freshFolder("empty");
  fs::create_directories(folder);
  try {
    openPatient(folder);
    FAIL() << "an empty folder was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(folder.string()), std::string::npos) << e.what();
  }
  fs::remove_all(folder);
}

}  // namespace
}  // namespace kerma::app
