#include "kerma/core/atomic_file.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace kerma::core {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("kerma-atomic-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  static std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }
  std::size_t filesInFolder() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()));
  }

  fs::path folder_;
};

TEST_F(AtomicFile, CreatesAndReplacesWithoutLeavingTemporaryFiles) {
  const fs::path target = folder_ / "plan.json";
  writeFileAtomically(target, "first");
  EXPECT_EQ(read(target), "first");
  writeFileAtomically(target, "the second, longer content");
  EXPECT_EQ(read(target), "the second, longer content");
  EXPECT_EQ(filesInFolder(), 1u);
}

TEST_F(AtomicFile, AFailedWriteLeavesThePreviousFileAndNoTemporary) {
  const fs::path target = folder_ / "structures.dcm";
  writeFileAtomically(target, "previous");
  EXPECT_THROW(replaceFileAtomically(target,
                                     [](const fs::path& temporary) {
                                       std::ofstream(temporary) << "half of it";
                                       throw std::runtime_error("disk full");
                                     }),
               std::runtime_error);
  EXPECT_EQ(read(target), "previous");
  EXPECT_EQ(filesInFolder(), 1u);
}

TEST_F(AtomicFile, AMissingFolderIsAnIoErrorNamingTheTarget) {
  const fs::path target = folder_ / "no-such-folder" / "plan.json";
  try {
    writeFileAtomically(target, "x");
    FAIL() << "expected kerma::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::Io);
    EXPECT_NE(std::string(error.what()).find(target.string()), std::string::npos) << error.what();
  }
}

TEST_F(AtomicFile, RecognisesOnlyItsOwnTemporaryFiles) {
  const fs::path target = folder_ / "plan.json";
  fs::path seen;
  replaceFileAtomically(target, [&](const fs::path& temporary) {
    seen = temporary;
    std::ofstream(temporary) << "x";
  });
  EXPECT_EQ(seen.parent_path(), folder_);  // same file system, so the rename is atomic
  EXPECT_TRUE(isUnfinishedAtomicWrite(seen));
  EXPECT_FALSE(isUnfinishedAtomicWrite(target));
  EXPECT_FALSE(isUnfinishedAtomicWrite(folder_ / ".hidden"));
}

// A process killed (SIGKILL) at arbitrary moments while it rewrites the same file over and over
// leaves that file always whole: one of the complete versions, never a mix or a truncation.
TEST_F(AtomicFile, SurvivesKillNineAtAnyMoment) {
  const fs::path target = folder_ / "autosave.txt";
  auto version = [](int n) { return "version " + std::to_string(n) + " " + std::string(20000 + 37 * (n % 97), 'a' + n % 26) + " end"; };
  writeFileAtomically(target, version(0));
  for (int kill = 0; kill < 20; ++kill) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (int n = 1;; ++n) writeFileAtomically(target, version(n));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(2000 + 1500 * kill));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    const std::string content = read(target);
    ASSERT_GE(content.size(), 12u);
    const int n = std::stoi(content.substr(8));
    EXPECT_EQ(content, version(n)) << "after kill " << kill;
  }
  for (const auto& entry : fs::directory_iterator(folder_)) {
    if (entry.path() == target) continue;
    EXPECT_TRUE(isUnfinishedAtomicWrite(entry.path())) << entry.path();
  }
}

}  // namespace
}  // namespace kerma::core
