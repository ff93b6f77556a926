// No lost work (docs/validation/reliability.md): the `kerma` workstation, contouring by script
// (--paint-strokes) into a throw-away patient store, is killed with SIGKILL once in the middle of
// contouring and once in the middle of File → Save to patient store; restarted with --recover, it
// shows every stroke up to the last autosave, and the store opens cleanly with every object
// complete and indexed or absent.

#include "gui_test_application.h"

#include "kerma/app/patient_store.h"
#include "kerma/dicom/object_summary.h"
#include "kerma/phantom/demo_patient.h"

#include <QProcess>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <tuple>
#include <map>
#include <memory>
#include <set>
#include <thread>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

constexpr int START_TIMEOUT_MS = 120000;
constexpr int LINE_TIMEOUT_MS = 60000;

// What the scripted workstation printed before it was killed.
struct ScriptLog {
  std::map<int, long> strokeVoxels;  // stroke n -> voxels painted
  int lastAutosavedEdit = 0;
  std::string text;
};

class AutosaveKillTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { application_.reset(startGuiTestApplication()); }
  static void TearDownTestSuite() { application_.reset(); }

  void SetUp() override {
    if (!application_) GTEST_SKIP() << NO_DISPLAY_MESSAGE;
    store_ = fs::temp_directory_path() /
             ("kerma-kill-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(store_);
  }
  void TearDown() override { fs::remove_all(store_); }

  // Starts kerma with arguments and reads its output until stop says so, then kills it with
  // SIGKILL (QProcess::kill).
  // waitBeforeKill, if given, runs between stop and the kill.
  ScriptLog runAndKill(const QStringList& arguments, const std::function<bool(const QString& line, const ScriptLog&)>& stop,
                       const std::function<void()>& waitBeforeKill = {}) {
    QProcess kerma;
    kerma.setProcessChannelMode(QProcess::SeparateChannels);
    kerma.start(KERMA_APP_PATH, QStringList{"--store", QString::fromStdString(store_.string())} + arguments);
    EXPECT_TRUE(kerma.waitForStarted(START_TIMEOUT_MS));
    ScriptLog log;
    const QRegularExpression stroke("^kerma: stroke (\\d+): (\\d+) voxels");
    const QRegularExpression autosaved("^kerma: autosaved edit (\\d+)");
    bool first = true;
    while (true) {
      if (!kerma.canReadLine() && !kerma.waitForReadyRead(first ? START_TIMEOUT_MS : LINE_TIMEOUT_MS)) {
        ADD_FAILURE() << "kerma stopped talking before the kill; output:\n"
                      << log.text << kerma.readAllStandardError().toStdString();
        break;
      }
      first = false;
      bool stopNow = false;
      while (kerma.canReadLine()) {
        const QString line = QString::fromUtf8(kerma.readLine()).trimmed();
        log.text += line.toStdString() + "\n";
        if (const auto m = stroke.match(line); m.hasMatch()) log.strokeVoxels[m.captured(1).toInt()] = m.captured(2).toLong();
        if (const auto m = autosaved.match(line); m.hasMatch())
          log.lastAutosavedEdit = std::max(log.lastAutosavedEdit, m.captured(1).toInt());
        if (stop(line, log)) {
          stopNow = true;
          break;
        }
      }
      if (stopNow) break;
    }
    if (waitBeforeKill) waitBeforeKill();
    kerma.kill();
    EXPECT_TRUE(kerma.waitForFinished(LINE_TIMEOUT_MS));
    EXPECT_EQ(kerma.exitStatus(), QProcess::CrashExit) << "kerma was not killed mid-way";
    return log;
  }

  // Restarts kerma on the store with --recover --list-structures: structure name -> voxels.
  std::map<std::string, long> restartAndListStructures(std::string& output) {
    QProcess kerma;
    kerma.start(KERMA_APP_PATH, {"--store", QString::fromStdString(store_.string()), "--recover", "--list-structures"});
    EXPECT_TRUE(kerma.waitForFinished(START_TIMEOUT_MS));
    EXPECT_EQ(kerma.exitCode(), 0) << kerma.readAllStandardError().toStdString();
    output = kerma.readAllStandardOutput().toStdString();
    std::map<std::string, long> structures;
    const QRegularExpression line("^structure '(.*)': (\\d+) voxels$", QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(QString::fromStdString(output)); it.hasNext();) {
      const auto m = it.next();
      structures[m.captured(1).toStdString()] = m.captured(2).toLong();
    }
    return structures;
  }

  // Every stroke committed by the last autosave (stroke n is edits 2n − 1 and 2n) is back with the
  // voxels it had; any later stroke that is back is whole too (a later autosave finished before the
  // kill) or, when only its "Add Stroke n" edit was saved, empty.
  void expectEveryAutosavedStroke(const ScriptLog& log) {
    std::string output;
    const auto structures = restartAndListStructures(output);
    ASSERT_GT(log.lastAutosavedEdit, 0) << log.text;
    EXPECT_NE(output.find("restored unsaved work"), std::string::npos) << output;
    const int savedStrokes = log.lastAutosavedEdit / 2;
    for (const auto& [n, voxels] : log.strokeVoxels) {
      const auto found = structures.find("Stroke " + std::to_string(n));
      if (n <= savedStrokes) {
        ASSERT_NE(found, structures.end()) << "stroke " << n << " lost; before the kill:\n" << log.text << "after:\n" << output;
        EXPECT_EQ(found->second, voxels) << "stroke " << n;
      } else if (found != structures.end()) {
        EXPECT_TRUE(found->second == voxels || found->second == 0) << "stroke " << n << ": " << found->second;
      }
    }
    std::cout << "killed after " << log.strokeVoxels.size() << " strokes, last autosave at edit "
              << log.lastAutosavedEdit << "; restored " << structures.size() << " structures\n";
  }

  // The store opens (its index passes the integrity check) and holds each object whole and
  // indexed, or not at all.
  void expectConsistentStore(int ctSlices) {
    PatientStore store(store_);
    std::cout << "store reopened: removed " << store.cleanupOnOpen().unfinishedWrites << " unfinished writes and "
              << store.cleanupOnOpen().unindexedFiles << " unindexed files; " << store.objectCount()
              << " objects indexed\n";
    const auto indexed = store.patientFiles("KERMA-DEMO-001");
    std::set<fs::path> onDisk;
    for (const auto& entry : fs::recursive_directory_iterator(store_ / "objects"))
      if (entry.is_regular_file()) onDisk.insert(entry.path());
    EXPECT_EQ(onDisk, std::set<fs::path>(indexed.begin(), indexed.end()));
    EXPECT_FALSE(fs::exists(store_ / "staging"));
    for (const fs::path& file : indexed) EXPECT_TRUE(dicom::readObjectSummary(file)) << file;
    // A save is one import: the CT with its structure set, or nothing.
    EXPECT_TRUE(indexed.empty() || int(indexed.size()) == ctSlices + 1) << indexed.size() << " objects";
  }

  static std::unique_ptr<QApplication> application_;
  fs::path store_;
};

std::unique_ptr<QApplication> AutosaveKillTest::application_;

TEST_F(AutosaveKillTest, KilledInTheMiddleOfContouringLosesNothingUpToTheLastAutosave) {
  // Killed after the third autosave that covers at least six strokes, while strokes go on.
  const ScriptLog log = runAndKill({"--paint-strokes", "60"}, [](const QString& line, const ScriptLog& sofar) {
    return line.startsWith("kerma: autosaved") && sofar.lastAutosavedEdit >= 12 && sofar.strokeVoxels.size() >= 8;
  });
  EXPECT_LT(log.strokeVoxels.size(), 60u) << "the script ended before the kill";
  expectEveryAutosavedStroke(log);
  expectConsistentStore(phantom::makeDemoPatient().ct.hu.geometry().size()[2]);
}

// Counts the files under folder (0 while it does not exist).
int filesUnder(const fs::path& folder) {
  int count = 0;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error))
    if (it->is_regular_file(error)) ++count;
  return count;
}

// Waits until files files are under folder (polling), at most LINE_TIMEOUT_MS.
void waitForFiles(const fs::path& folder, int files) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(LINE_TIMEOUT_MS);
  while (filesUnder(folder) < files && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

// Killed while the save writes the CT and structure set into its staging folder (half the slices
// written), and while it copies them into the store (the first copies in place, index not yet
// written).
TEST_F(AutosaveKillTest, KilledInTheMiddleOfASaveLeavesAConsistentStoreAndLosesNothing) {
  const int ctSlices = phantom::makeDemoPatient().ct.hu.geometry().size()[2];
  const auto saving = [](const QString& line, const ScriptLog&) { return line == "kerma: saving to the patient store"; };
  for (const auto& [phase, folder, files] :
       {std::tuple{"writing", store_ / "staging", ctSlices / 2}, std::tuple{"importing", store_ / "objects", 1}}) {
    SCOPED_TRACE(phase);
    fs::remove_all(store_);
    const ScriptLog log = runAndKill({"--paint-strokes", "20", "--save-after", "8"}, saving,
                                     [&] { waitForFiles(folder, files); });
    std::cout << "killed while " << phase << ": ";
    expectConsistentStore(ctSlices);
    expectEveryAutosavedStroke(log);
  }
}

// The output of program run with arguments (xdotool), trimmed; empty when it failed.
std::string run(const QString& program, const QStringList& arguments) {
  QProcess process;
  // The sanitizer job preloads its runtime into the GUI tests for kerma's sake (tests/CMakeLists.txt);
  // xdotool would be checked for leaks too and fail.
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.remove("LD_PRELOAD");
  process.setProcessEnvironment(environment);
  process.start(program, arguments);
  if (!process.waitForFinished(LINE_TIMEOUT_MS) || process.exitCode() != 0) return {};
  return process.readAllStandardOutput().trimmed().toStdString();
}

// Quitting normally after edits (real X key events through xdotool, as a user presses them):
// Ctrl+Q asks before quitting, Return takes its default, Save and quit; kerma exits 0 (it
// crashed in ~QUndoStack on every quit after an edit), the strokes are in the store, and the
// next start has nothing to restore.
TEST_F(AutosaveKillTest, QuitAfterEditsSavesWhenAskedExitsCleanlyAndLeavesNothingToRestore) {
  if (run("sh", {"-c", "command -v xdotool"}).empty()) GTEST_SKIP() << "xdotool is not installed";
  QProcess kerma;
  kerma.setProcessChannelMode(QProcess::SeparateChannels);
  kerma.start(KERMA_APP_PATH, {"--store", QString::fromStdString(store_.string()), "--paint-strokes", "2"});
  ASSERT_TRUE(kerma.waitForStarted(START_TIMEOUT_MS));
  std::string output;
  while (output.find("kerma: script done") == std::string::npos) {
    ASSERT_TRUE(kerma.waitForReadyRead(START_TIMEOUT_MS)) << output << kerma.readAllStandardError().toStdString();
    output += kerma.readAllStandardOutput().toStdString();
  }
  const QString pid = QString::number(kerma.processId());
  const std::string windows = run("xdotool", {"search", "--sync", "--onlyvisible", "--pid", pid});
  ASSERT_FALSE(windows.empty()) << "no window of kerma " << pid.toStdString();
  const QString window = QString::fromStdString(windows.substr(0, windows.find('\n')));
  // Ctrl+Q once the window has the keyboard focus; the question is up when a second visible
  // window of kerma appears. Qt takes the focus a moment after X gives it, so the key is sent
  // again while no question came.
  const auto questionShown = [&] {
    return run("xdotool", {"search", "--onlyvisible", "--pid", pid}).find('\n') != std::string::npos;
  };
  run("xdotool", {"windowfocus", "--sync", window});
  for (int attempt = 0; attempt < 10 && !questionShown(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    run("xdotool", {"key", "--clearmodifiers", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_TRUE(questionShown()) << "Ctrl+Q asked nothing";
  run("xdotool", {"key", "Return"});
  ASSERT_TRUE(kerma.waitForFinished(LINE_TIMEOUT_MS)) << "kerma did not quit";
  output += kerma.readAllStandardOutput().toStdString();
  EXPECT_EQ(kerma.exitStatus(), QProcess::NormalExit) << kerma.readAllStandardError().toStdString();
  EXPECT_EQ(kerma.exitCode(), 0) << output;

  std::string restarted;
  const auto structures = restartAndListStructures(restarted);
  EXPECT_EQ(restarted.find("restored unsaved work"), std::string::npos) << restarted;
  EXPECT_FALSE(structures.contains("Stroke 1")) << "the demo patient opens as built; the strokes are in the store";
  PatientStore reopened(store_);
  int structureSets = 0;
  for (const fs::path& file : reopened.patientFiles("KERMA-DEMO-001"))
    structureSets += file.filename().string().rfind("RTSTRUCT", 0) == 0;
  EXPECT_EQ(structureSets, 1) << "Save and quit wrote the structure set";
}

}  // namespace
}  // namespace kerma::app
