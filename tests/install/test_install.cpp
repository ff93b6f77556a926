// Kerma installed like real software runs from anywhere: `cmake --install` (stripped) into a
// temporary prefix, then the installed kerma-cli writes the demo patient and plans on it, and the
// installed kerma takes a screenshot, with $KERMA_RESOURCES unset and the current folder
// elsewhere, so that only the installed data files can serve them; no installed program names
// the source or build tree; CPack makes a Debian package with the programs, the data files, the
// desktop entry and the icon.

#include "run_process.h"
#include "synthetic_ct.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace kerma {
namespace {

namespace fs = std::filesystem;
using testing::runProcess;

// The installed prefix, made once for the tests of this file.
const fs::path& installed() {
  static const fs::path prefix = [] {
    const fs::path p = testing::makeTemporaryFolder("install") / "prefix";
    const auto run = runProcess(KERMA_CMAKE, {"--install", KERMA_BUILD_DIR, "--prefix", p.string(), "--strip"});
    EXPECT_EQ(run.exitStatus, 0) << run.out << run.err;
    return p;
  }();
  return prefix;
}

// Runs an installed program with $KERMA_RESOURCES unset, from a folder outside both trees, with
// the variables of environment ("NAME=VALUE") set.
testing::ProcessResult runInstalled(const std::string& program, std::vector<std::string> arguments,
                                    const std::vector<std::string>& environment = {}) {
  std::vector<std::string> command = {"-u", "KERMA_RESOURCES", "-C", fs::temp_directory_path().string()};
  command.insert(command.end(), environment.begin(), environment.end());
  command.push_back((installed() / "bin" / program).string());
  command.insert(command.end(), arguments.begin(), arguments.end());
  return runProcess("/usr/bin/env", command);
}

TEST(Install, TheInstalledCliPlansFromAnywhereWithItsOwnDataFiles) {
  ASSERT_TRUE(fs::is_regular_file(installed() / "share/kerma/machines/generic-6mv/machine.json"));
  ASSERT_TRUE(fs::is_regular_file(installed() / "share/kerma/constraints/aapm_tg101_sbrt.json"));
  const fs::path work = testing::makeTemporaryFolder("install-run");
  const auto phantom = runInstalled("kerma-cli", {"phantom", "--out", (work / "demo").string(), "--json"});
  ASSERT_EQ(phantom.exitStatus, 0) << phantom.err;
  fs::path rtstruct;
  for (const auto& entry : fs::directory_iterator(work / "demo"))
    if (entry.path().filename().string().rfind("RS", 0) == 0) rtstruct = entry.path();
  const auto plan = runInstalled(
      "kerma-cli", {"plan", "--ct", (work / "demo").string(), "--rtstruct", rtstruct.string(), "--target", "GTV_Met",
                    "--template", "ap-pa", "--rx", "20Gy/5", "--grid-mm", "5", "--out", (work / "plan").string(),
                    "--report", (work / "plan.pdf").string(), "--json"});
  ASSERT_EQ(plan.exitStatus, 0) << plan.err;
  EXPECT_NE(plan.out.find("\"rtplan\""), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("\"checksum\""), std::string::npos) << "the installed machine: " << plan.out;
  EXPECT_TRUE(fs::file_size(work / "plan.pdf") > 10000) << "the report, without a display or a QGuiApplication";
}

TEST(Install, TheInstalledWorkstationTakesAScreenshot) {
  if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "no X display; run under xvfb-run";
  const fs::path png = testing::makeTemporaryFolder("install-shot") / "kerma.png";
  // Under the sanitizers the workstation keeps Mesa's driver loaded to its end, as in the GUI
  // tests (tests/CMakeLists.txt); empty otherwise.
  const std::string preload = KERMA_WORKSTATION_PRELOAD;
  const auto run = runInstalled("kerma", {"--screenshot", png.string()},
                                preload.empty() ? std::vector<std::string>{} : std::vector{"LD_PRELOAD=" + preload});
  ASSERT_EQ(run.exitStatus, 0) << run.out << run.err;
  EXPECT_GT(fs::file_size(png), 50000u);
}

TEST(Install, NoInstalledProgramNamesTheSourceOrBuildTree) {
  for (const char* program : {"kerma", "kerma-cli"}) {
    const auto run = runProcess("/usr/bin/strings", {"-a", (installed() / "bin" / program).string()});
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    EXPECT_EQ(run.out.find(KERMA_SOURCE_DIR), std::string::npos) << program << " names the source tree";
    EXPECT_EQ(run.out.find(KERMA_BUILD_DIR), std::string::npos) << program << " names the build tree";
  }
}

TEST(Install, CpackMakesADebianPackageOfEverythingInstalled) {
  const fs::path out = testing::makeTemporaryFolder("install-deb");
  const auto pack = runProcess(KERMA_CPACK, {"--config", std::string(KERMA_BUILD_DIR) + "/CPackConfig.cmake", "-B",
                                             out.string()});
  ASSERT_EQ(pack.exitStatus, 0) << pack.out << pack.err;
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(out))
    if (entry.path().extension() == ".deb") deb = entry.path();
  ASSERT_FALSE(deb.empty()) << pack.out;
  const auto contents = runProcess("/usr/bin/dpkg-deb", {"--contents", deb.string()});
  ASSERT_EQ(contents.exitStatus, 0) << contents.err;
  for (const char* file : {"./usr/bin/kerma", "./usr/bin/kerma-cli", "./usr/share/kerma/machines/generic-6mv/machine.json",
                           "./usr/share/kerma/ct-density/generic-120kvp.csv", "./usr/share/applications/kerma.desktop",
                           "./usr/share/icons/hicolor/scalable/apps/kerma.svg"})
    EXPECT_NE(contents.out.find(file), std::string::npos) << file << " not in " << deb;
  const auto depends = runProcess("/usr/bin/dpkg-deb", {"--field", deb.string(), "Depends"});
  EXPECT_NE(depends.out.find("libqt6"), std::string::npos) << "Depends: " << depends.out;
  EXPECT_NE(depends.out.find("libdcmtk"), std::string::npos) << "Depends: " << depends.out;
}

}  // namespace
}  // namespace kerma
