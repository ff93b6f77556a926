// The patient browser on a store holding a small patient and the shared RT samples: the tree lists
// patients, studies, series and plans with their approval, the search narrows it, and a screenshot
// is saved for review (build/screenshots/patient_browser.png). Export… is all or nothing: cancelled
// mid-way it leaves the folder as it was (build/screenshots/patient_browser_export.png), and an
// import cancelled from the same dialog leaves the store as it was.

#include "gui_test_application.h"
#include "patient_browser.h"

#include "kerma/dicom/ct_export.h"
#include "shared_data.h"
#include "small_patient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPixmap>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QTreeWidget>
#include <QWindow>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

// Every row text of the tree, depth first, columns joined by " | ".
QStringList rows(const QTreeWidget& tree) {
  QStringList all;
  std::function<void(const QTreeWidgetItem*)> visit = [&](const QTreeWidgetItem* item) {
    QStringList columns;
    for (int c = 0; c < item->columnCount(); ++c) columns << item->text(c);
    all << columns.join(" | ");
    for (int n = 0; n < item->childCount(); ++n) visit(item->child(n));
  };
  for (int n = 0; n < tree.topLevelItemCount(); ++n) visit(tree.topLevelItem(n));
  return all;
}

// The small CT as patient BROWSER-<number>'s series (10 slices) in folder.
void writeSmallPatient(const fs::path& folder, int number = 1) {
  core::CtImage ct = *testing::smallCt();
  const std::string n = std::to_string(number), uid = "1.2.826.0.1.3680043.9.7777." + n;
  ct.identity.patientId = "BROWSER-" + n;
  ct.identity.patientName = "PHANTOM^CUBE";
  ct.identity.studyInstanceUid = uid + ".1";
  ct.identity.studyDescription = "Pelvis planning";
  ct.identity.studyDate = "20261127";
  ct.identity.seriesInstanceUid = uid + ".2";
  ct.identity.seriesDescription = "Planning CT";
  ct.identity.frameOfReferenceUid = uid + ".3";
  ct.identity.modality = "CT";
  dicom::writeCtSeries(ct, folder);
}

// Processes events until running finishes (at most a minute), then closes the summary box as a
// user would.
void finish(const QFuture<void>& running) {
  QElapsedTimer timer;
  timer.start();
  while (!running.isFinished() && timer.elapsed() < 60000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  ASSERT_TRUE(running.isFinished());
  QCoreApplication::processEvents();
  for (QWidget* widget : QApplication::topLevelWidgets())
    if (widget->inherits("QMessageBox")) widget->close();
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The names in folder (not recursive), sorted.
std::vector<std::string> entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(PatientBrowserTest, ACancelledExportLeavesTheFolderAsItWasAndACompleteOneHoldsEveryFile) {
  std::unique_ptr<QApplication> application(startGuiTestApplication());
  if (!application) GTEST_SKIP() << NO_DISPLAY_MESSAGE;
  const fs::path root = fs::temp_directory_path() / "kerma-browser-export-test";
  fs::remove_all(root);
  writeSmallPatient(root / "incoming");
  auto store = std::make_shared<PatientStore>(root / "store");
  ASSERT_EQ(store->importFolder(root / "incoming").added, 10);
  const std::string patientId = "BROWSER-1";
  const fs::path folder = root / "export";
  fs::create_directories(folder);
  std::ofstream(folder / "notes.txt") << "already here";

  PatientBrowser browser(store);
  browser.show();
  // Cancel clicked while the dialog shows the 4th file of 10.
  QFuture<void> cancelled = browser.exportPatient(patientId, QString::fromStdString(folder.string()));
  auto* progress = browser.findChildren<QProgressDialog*>("browserProgress").last();
  auto* bar = progress->findChild<QProgressBar*>();
  auto* cancel = progress->findChild<QPushButton*>();
  ASSERT_TRUE(bar && cancel);
  int cancelledAt = -1;
  QObject::connect(bar, &QProgressBar::valueChanged, progress, [&](int value) {
    if (value != 4 || cancelledAt >= 0) return;
    cancelledAt = value;
    QDir().mkpath(KERMA_SCREENSHOT_DIR);
    EXPECT_TRUE(progress->grab().save(KERMA_SCREENSHOT_DIR "/patient_browser_export.png", "PNG"));
    // Mid-way: the files before are in the staging folder, none in the folder itself.
    EXPECT_EQ(entries(folder).size(), 2u);
    EXPECT_TRUE(cancel->isEnabled());
    cancel->click();
  });
  finish(cancelled);
  EXPECT_EQ(cancelledAt, 4);
  EXPECT_EQ(entries(folder), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(read(folder / "notes.txt"), "already here");
  EXPECT_TRUE(browser.isEnabled());

  // The same Cancel stops an import: a second patient's import cancelled at its 4th file adds
  // nothing to the store.
  writeSmallPatient(root / "second", 2);
  QFuture<void> importing = browser.importFolder(QString::fromStdString((root / "second").string()));
  auto* importProgress = browser.findChildren<QProgressDialog*>("browserProgress").last();
  QObject::connect(importProgress->findChild<QProgressBar*>(), &QProgressBar::valueChanged, importProgress, [&](int value) {
    if (value == 4) importProgress->findChild<QPushButton*>()->click();
  });
  finish(importing);
  EXPECT_EQ(store->objectCount(), 10);
  EXPECT_EQ(store->findPatients().size(), 1u);

  // Not cancelled: every stored file, byte for byte, and nothing else.
  finish(browser.exportPatient(patientId, QString::fromStdString(folder.string())));
  std::vector<std::string> expected{"notes.txt"};
  for (const fs::path& file : store->patientFiles(patientId)) {
    expected.push_back(file.filename().string());
    EXPECT_EQ(read(folder / file.filename()), read(file)) << file;
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(entries(folder), expected);
  browser.close();
  fs::remove_all(root);
}

TEST(PatientBrowserTest, ListsSearchesAndShowsApproval) {
  std::unique_ptr<QApplication> application(startGuiTestApplication());
  if (!application) GTEST_SKIP() << NO_DISPLAY_MESSAGE;
  KERMA_REQUIRE_SHARED("data/rt-samples/dicompyler-breast");
  const fs::path root = fs::temp_directory_path() / "kerma-browser-test";
  fs::remove_all(root);
  writeSmallPatient(root / "incoming");

  auto store = std::make_shared<PatientStore>(root / "store");
  PatientBrowser browser(store);
  // Imported through the browser, as Import folder… does: on a worker thread.
  for (const fs::path& folder : {root / "incoming", kerma::testing::sharedPath("data/rt-samples/dicompyler-breast")}) {
    QFuture<void> done = browser.importFolder(QString::fromStdString(folder.string()));
    QElapsedTimer timer;
    timer.start();
    while (!done.isFinished() && timer.elapsed() < 60000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    ASSERT_TRUE(done.isFinished());
    // The summary box is modal; close it as a user would.
    QCoreApplication::processEvents();
    for (QWidget* widget : QApplication::topLevelWidgets())
      if (widget->inherits("QMessageBox")) widget->close();
  }
  EXPECT_EQ(store->findPatients().size(), 2u);

  const QStringList all = rows(*browser.tree());
  EXPECT_TRUE(all.contains("PHANTOM, CUBE | BROWSER-1 |  | 1 studies")) << all.join("\n").toStdString();
  EXPECT_TRUE(all.contains("Planning CT | CT |  | 10")) << all.join("\n").toStdString();
  EXPECT_TRUE(all.filter("Plan B1 | RTPLAN |  | UNAPPROVED").size() == 1) << all.join("\n").toStdString();

  browser.setSearchText("cube");
  ASSERT_EQ(browser.tree()->topLevelItemCount(), 1);
  EXPECT_EQ(browser.tree()->topLevelItem(0)->text(1), "BROWSER-1");
  browser.setSearchText("");
  ASSERT_EQ(browser.tree()->topLevelItemCount(), 2);

  browser.resize(960, 560);
  browser.show();
  QElapsedTimer timer;
  timer.start();
  while (!(browser.windowHandle() && browser.windowHandle()->isExposed()) && timer.elapsed() < 10000)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  QCoreApplication::processEvents();
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  EXPECT_TRUE(browser.grab().save(KERMA_SCREENSHOT_DIR "/patient_browser.png", "PNG"));
  browser.close();
  fs::remove_all(root);
}

}  // namespace
}  // namespace kerma::app
