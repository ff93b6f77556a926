#include "kerma/app/app_options.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kerma::app {
namespace {

AppOptions parse(std::vector<std::string> args) { return parseAppArguments(args); }

TEST(AppOptions, NoArgumentsOpensDemoPatientInteractively) {
  const AppOptions options = parse({});
  EXPECT_EQ(options.mode, AppMode::Interactive);
  EXPECT_FALSE(options.ctFolder);
}

TEST(AppOptions, FolderIsOpened) {
  const AppOptions options = parse({"/data/ct"});
  EXPECT_EQ(options.mode, AppMode::Interactive);
  ASSERT_TRUE(options.ctFolder);
  EXPECT_EQ(*options.ctFolder, "/data/ct");
}

TEST(AppOptions, ScreenshotTakesFileAndOptionalFolder) {
  const AppOptions demo = parse({"--screenshot", "/tmp/k.png"});
  EXPECT_EQ(demo.mode, AppMode::Screenshot);
  EXPECT_EQ(demo.screenshotPng, "/tmp/k.png");
  EXPECT_FALSE(demo.ctFolder);

  const AppOptions folder = parse({"/data/ct", "--screenshot", "k.png"});
  EXPECT_EQ(folder.mode, AppMode::Screenshot);
  ASSERT_TRUE(folder.ctFolder);
  EXPECT_EQ(*folder.ctFolder, "/data/ct");
}

TEST(AppOptions, TimingMode) { EXPECT_EQ(parse({"--timing"}).mode, AppMode::Timing); }

TEST(AppOptions, BadArgumentsAreRefusedWithTheirName) {
  EXPECT_THROW(parse({"--screenshot"}), Error);
  EXPECT_THROW(parse({"--screenshot", "--timing"}), Error);
  EXPECT_THROW(parse({"a", "b"}), Error);
  try {
    parse({"--bogus"});
    FAIL() << "an unknown option was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("--bogus"), std::string::npos);
  }
}

TEST(AppOptions, StoreRecoveryAndScriptedContouring) {
  const AppOptions options =
      parse({"--store", "/tmp/store", "--recover", "--paint-strokes", "5", "--save-after", "2", "--list-structures"});
  EXPECT_EQ(options.mode, AppMode::ListStructures);
  ASSERT_TRUE(options.storeFolder);
  EXPECT_EQ(*options.storeFolder, "/tmp/store");
  EXPECT_TRUE(options.acceptRecovery);
  EXPECT_EQ(options.paintStrokes, 5);
  EXPECT_EQ(options.saveAfterStroke, 2);
  EXPECT_FALSE(parse({}).storeFolder);
  EXPECT_FALSE(parse({}).acceptRecovery);
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"--store"}, {"--paint-strokes", "0"}, {"--paint-strokes", "3x"}, {"--save-after", "2"}}) {
    try {
      parse(bad);
      ADD_FAILURE() << bad[0] << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadInput);
      EXPECT_NE(std::string(e.what()).find(bad[0]), std::string::npos) << e.what();
    }
  }
}

TEST(AppOptions, PriorCoursesWithAndWithoutARegistration) {
  const AppOptions options =
      parse({"c2", "--prior-course", "RD_2012.dcm:3:REG.dcm", "--prior-course", "/old/RD.dcm:25"});
  ASSERT_EQ(options.priorCourses.size(), 2u);
  EXPECT_EQ(options.priorCourses[0].rtdose, "RD_2012.dcm");
  EXPECT_EQ(options.priorCourses[0].fractions, 3);
  EXPECT_EQ(options.priorCourses[0].registration, std::filesystem::path("REG.dcm"));
  EXPECT_EQ(options.priorCourses[1].rtdose, "/old/RD.dcm");
  EXPECT_EQ(options.priorCourses[1].fractions, 25);
  EXPECT_FALSE(options.priorCourses[1].registration);
  EXPECT_EQ(options.ctFolder, std::filesystem::path("c2"));
  for (const std::string bad : {"RD.dcm", "RD.dcm:0", "RD.dcm:3x", ":3", "RD.dcm:3:"}) {
    try {
      parse({"--prior-course", bad});
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--prior-course '" + bad + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(AppOptions, APriorCtToFuse) {
  const AppOptions options = parse({"--prior-ct", "course1", "course2"});
  EXPECT_EQ(options.priorCtFolder, std::filesystem::path("course1"));
  EXPECT_EQ(options.ctFolder, std::filesystem::path("course2"));
  EXPECT_THROW(parse({"course2", "--prior-ct"}), Error);
}

}  // namespace
}  // namespace kerma::app
