// The local patient database (docs/validation/reliability.md, "No lost work"): import, re-open,
// search, approval from the RT Plan files, refusal of one Patient ID for two patients, cleaning of
// what an interrupted import leaves, cancel, and SIGKILL at many moments of an import.

#include "kerma/app/pacs_import.h"
#include "kerma/app/patient_store.h"

#include "kerma/core/atomic_file.h"
#include "kerma/core/error.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/network.h"
#include "kerma/dicom/object_summary.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/structure/contour_extraction.h"
#include "orthanc_server.h"
#include "shared_data.h"
#include "small_patient.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace kerma::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* PATIENT_ID = "STORE-TEST-1";
constexpr int CT_SLICES = 10;  // smallCt()

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::set<fs::path> filesUnder(const fs::path& folder) {
  std::set<fs::path> files;
  if (!fs::exists(folder)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) files.insert(entry.path());
  return files;
}

// smallCt() of the test patient in study number `study` (its own study, series, frame of
// reference and so instance UIDs).
core::CtImage smallPatientCt(const std::string& patientName, int study = 1) {
  core::CtImage ct = *testing::smallCt();
  ct.identity.patientId = PATIENT_ID;
  ct.identity.patientName = patientName;
  ct.identity.patientBirthDate = "19600101";
  const std::string root = "1.2.826.0.1.3680043.9.7777." + std::to_string(study);
  ct.identity.studyInstanceUid = root + ".1";
  ct.identity.seriesInstanceUid = root + ".2";
  ct.identity.frameOfReferenceUid = root + ".3";
  ct.identity.modality = "CT";
  return ct;
}

// smallPatientCt() written as 10 CT slices and an RT Structure Set holding the cube, plus a text
// file that is not DICOM.
void writeSmallPatient(const fs::path& folder, const std::string& patientName) {
  const core::CtImage ct = smallPatientCt(patientName);
  const auto series = dicom::writeCtSeries(ct, folder, {dicom::InstanceUids::Reproducible, ""});
  auto cube = testing::cubeStructure(ct.hu.geometry());
  cube.contours = structure::extractContours(cube.mask);
  dicom::RtStructExportOptions options;
  options.uids = dicom::InstanceUids::Reproducible;
  dicom::writeRtStruct({cube}, ct, series.sopInstanceUids, folder, options);
  std::ofstream(folder / "README.txt") << "not DICOM\n";
}

class PatientStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("kerma-store-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    writeSmallPatient(root_ / "incoming", "TEST^STORE");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path storeFolder() const { return root_ / "store"; }
  fs::path incoming() const { return root_ / "incoming"; }

  fs::path root_;
};

TEST_F(PatientStoreTest, ImportsAFolderAndShowsEveryObjectAfterReopening) {
  {
    PatientStore store(storeFolder());
    const ImportResult result = store.importFolder(incoming());
    EXPECT_EQ(result.added, CT_SLICES + 1);
    EXPECT_EQ(result.alreadyStored, 0);
    ASSERT_EQ(result.skipped.size(), 1u);
    EXPECT_NE(result.skipped[0].find("README.txt"), std::string::npos);
  }
  PatientStore store(storeFolder());
  EXPECT_EQ(store.cleanupOnOpen().unfinishedWrites, 0);
  EXPECT_EQ(store.cleanupOnOpen().unindexedFiles, 0);
  const auto patients = store.findPatients();
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0].patientId, PATIENT_ID);
  EXPECT_EQ(patients[0].patientName, "TEST^STORE");
  EXPECT_EQ(patients[0].birthDate, "19600101");
  const auto studies = store.studies(PATIENT_ID);
  ASSERT_EQ(studies.size(), 1u);
  const auto series = store.series(studies[0].studyInstanceUid);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].modality, "CT");
  EXPECT_EQ(series[0].objectCount, CT_SLICES);
  EXPECT_EQ(series[1].modality, "RTSTRUCT");
  EXPECT_EQ(series[1].objectCount, 1);

  // Every stored file is a byte-for-byte copy of one imported file.
  std::set<std::string> sources;
  for (const fs::path& file : filesUnder(incoming())) sources.insert(read(file));
  const auto stored = store.patientFiles(PATIENT_ID);
  ASSERT_EQ(stored.size(), std::size_t(CT_SLICES + 1));
  for (const fs::path& file : stored) EXPECT_TRUE(sources.contains(read(file))) << file;

  const ImportResult again = store.importFolder(incoming());
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.alreadyStored, CT_SLICES + 1);
  EXPECT_EQ(store.objectCount(), CT_SLICES + 1);

  const auto exported = store.exportPatient(PATIENT_ID, root_ / "export");
  ASSERT_TRUE(exported);
  ASSERT_EQ(exported->size(), stored.size());
  for (std::size_t n = 0; n < stored.size(); ++n) EXPECT_EQ(read((*exported)[n]), read(stored[n]));
  // Exactly those files: the staging folder is gone.
  EXPECT_EQ(filesUnder(root_ / "export").size(), stored.size());
  EXPECT_EQ(std::distance(fs::directory_iterator(root_ / "export"), fs::directory_iterator()), std::ptrdiff_t(stored.size()));
}

TEST_F(PatientStoreTest, FindsPatientsByNameOrIdIgnoringCase) {
  PatientStore store(storeFolder());
  KERMA_REQUIRE_SHARED("data/rt-samples");
  store.importFolder(incoming());
  const fs::path samples = kerma::testing::sharedPath("data/rt-samples");
  store.importFolder(samples / "dicompyler-breast");
  store.importFiles({samples / "pydicom" / "rtplan.dcm"});
  EXPECT_EQ(store.findPatients().size(), 3u);
  const auto byName = store.findPatients("test^st");
  ASSERT_EQ(byName.size(), 1u);
  EXPECT_EQ(byName[0].patientId, PATIENT_ID);
  const auto byId = store.findPatients("3456");
  ASSERT_EQ(byId.size(), 1u);
  EXPECT_EQ(byId[0].patientId, "123456");
  EXPECT_TRUE(store.findPatients("nobody").empty());
}

TEST_F(PatientStoreTest, IndexesTheApprovalThatEachPlanFileRecords) {
  KERMA_REQUIRE_SHARED("data/rt-samples/pydicom/rtplan.dcm");
  const fs::path plan = kerma::testing::sharedPath("data/rt-samples/pydicom/rtplan.dcm");
  // The same plan approved: another SOP Instance, APPROVED with reviewer and date.
  DcmFileFormat format;
  ASSERT_TRUE(format.loadFile(plan.c_str()).good());
  DcmDataset& ds = *format.getDataset();
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.9.7777.99");
  ds.putAndInsertString(DCM_RTPlanLabel, "Approved");
  ds.putAndInsertString(DCM_ApprovalStatus, "APPROVED");
  ds.putAndInsertString(DCM_ReviewerName, "PHYSICIST^ANNA");
  ds.putAndInsertString(DCM_ReviewDate, "20261127");
  const fs::path approved = root_ / "approved.dcm";
  ASSERT_TRUE(format.saveFile(approved.c_str()).good());

  PatientStore store(storeFolder());
  EXPECT_EQ(store.importFiles({plan, approved}).added, 2);
  const auto plans = store.plans("id00001");
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].label, "Approved");
  EXPECT_EQ(plans[0].approvalStatus, "APPROVED");
  EXPECT_EQ(plans[0].reviewerName, "PHYSICIST^ANNA");
  EXPECT_EQ(plans[0].reviewDate, "20261127");
  EXPECT_EQ(plans[1].label, "Plan1");
  EXPECT_EQ(plans[1].approvalStatus, "UNAPPROVED");
}

TEST_F(PatientStoreTest, RefusesOnePatientIdForTwoPatientsAndImportsNothing) {
  PatientStore store(storeFolder());
  store.importFolder(incoming());
  const auto before = filesUnder(storeFolder() / "objects");
  // The same Patient ID on another patient's CT (another name, new UIDs).
  fs::remove_all(incoming());
  core::CtImage ct = *testing::smallCt();
  ct.identity = {PATIENT_ID, "OTHER^PERSON", "19600101", "", "1.2.826.0.1.3680043.9.7777.11", "", "", "", "", "",
                 "", "1.2.826.0.1.3680043.9.7777.12", "", 1, "1.2.826.0.1.3680043.9.7777.13", "CT", "HFS"};
  dicom::writeCtSeries(ct, incoming());
  try {
    store.importFolder(incoming());
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    const std::string message = e.what();
    EXPECT_NE(message.find("OTHER^PERSON"), std::string::npos) << message;
    EXPECT_NE(message.find("TEST^STORE"), std::string::npos) << message;
  }
  EXPECT_EQ(store.objectCount(), CT_SLICES + 1);
  EXPECT_EQ(filesUnder(storeFolder() / "objects"), before);
}

TEST_F(PatientStoreTest, ACancelledImportLeavesTheStoreAsBefore) {
  PatientStore store(storeFolder());
  const ImportResult result = store.importFolder(incoming(), [](int done, int) { return done < 5; });
  EXPECT_TRUE(result.cancelled);
  EXPECT_EQ(result.added, 0);
  EXPECT_EQ(store.objectCount(), 0);
  EXPECT_TRUE(store.findPatients().empty());
  EXPECT_TRUE(filesUnder(storeFolder() / "objects").empty());
}

// An export cancelled after 5 of the 11 files leaves the folder as it was: its own file, no
// exported file and no staging folder.
TEST_F(PatientStoreTest, ACancelledExportLeavesTheFolderAsBefore) {
  PatientStore store(storeFolder());
  store.importFolder(incoming());
  const fs::path folder = root_ / "export";
  fs::create_directories(folder);
  std::ofstream(folder / "notes.txt") << "already here";
  int lastTold = -1;
  const auto exported = store.exportPatient(PATIENT_ID, folder, [&](int done, int total) {
    EXPECT_EQ(total, CT_SLICES + 1);
    lastTold = done;
    return done < 5;
  });
  EXPECT_FALSE(exported);
  EXPECT_EQ(lastTold, 5);
  ASSERT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1);
  EXPECT_EQ(read(folder / "notes.txt"), "already here");
}

// What a crash leaves: a temporary of a write killed before its rename (made here by a child that
// SIGKILLs itself inside replaceFileAtomically) and a complete copy that no index row names.
TEST_F(PatientStoreTest, OpeningRemovesAnUnfinishedWriteAndAnUnindexedFile) {
  fs::path indexedFile;
  {
    PatientStore store(storeFolder());
    store.importFolder(incoming());
    indexedFile = store.patientFiles(PATIENT_ID).front();
  }
  const fs::path seriesFolder = indexedFile.parent_path();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    core::replaceFileAtomically(seriesFolder / "CT.half.dcm", [](const fs::path& temporary) {
      std::ofstream(temporary) << "half a slice";
      ::raise(SIGKILL);
    });
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  fs::copy_file(indexedFile, seriesFolder / "CT.orphan.dcm");
  ASSERT_EQ(filesUnder(seriesFolder).size(), std::size_t(CT_SLICES + 2));

  PatientStore store(storeFolder());
  EXPECT_EQ(store.cleanupOnOpen().unfinishedWrites, 1);
  EXPECT_EQ(store.cleanupOnOpen().unindexedFiles, 1);
  EXPECT_EQ(filesUnder(seriesFolder).size(), std::size_t(CT_SLICES));
  EXPECT_EQ(store.objectCount(), CT_SLICES + 1);
}

TEST_F(PatientStoreTest, ADamagedIndexIsAnErrorNamingTheStore) {
  { PatientStore store(storeFolder()); }
  std::ofstream(storeFolder() / "index.sqlite", std::ios::binary | std::ios::trunc) << std::string(4096, 'x');
  try {
    PatientStore store(storeFolder());
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_NE(std::string(e.what()).find("index.sqlite"), std::string::npos) << e.what();
  }
}

TEST_F(PatientStoreTest, RecoveryRecordsAreReplacedWholeAndDiscarded) {
  PatientStore store(storeFolder());
  EXPECT_FALSE(store.readRecovery(PATIENT_ID));
  store.writeRecovery(PATIENT_ID, "first");
  store.writeRecovery(PATIENT_ID, "second");
  EXPECT_EQ(store.readRecovery(PATIENT_ID), "second");
  EXPECT_FALSE(store.readRecovery("someone else"));
  store.discardRecovery(PATIENT_ID);
  EXPECT_FALSE(store.readRecovery(PATIENT_ID));
}

// Import from PACS: a real Orthanc on 127.0.0.1 holding two studies of the small patient (the CT
// with its structure set, and a second CT). A cancel while the studies are retrieved or while
// their files are imported leaves the store as it was; then the browser's C-FIND + C-GET brings
// every object of both studies into the store.
TEST_F(PatientStoreTest, ImportsAPatientFromAPacsAllOrNothing) {
  if (!fs::exists("/usr/sbin/Orthanc")) GTEST_SKIP() << "Orthanc is not installed (Debian package orthanc)";
  kerma::testing::OrthancServer pacs("KERMAPACS");
  ASSERT_TRUE(pacs.started()) << "Orthanc did not answer C-ECHO";
  dicom::writeCtSeries(smallPatientCt("TEST^STORE", 2), root_ / "second study", {dicom::InstanceUids::Reproducible, ""});
  std::vector<fs::path> dicomFiles;
  for (const fs::path& folder : {incoming(), root_ / "second study"})
    for (const fs::path& file : filesUnder(folder))
      if (file.extension() == ".dcm") dicomFiles.push_back(file);
  ASSERT_EQ(dicomFiles.size(), std::size_t(2 * CT_SLICES + 1));
  const PacsNode node{"127.0.0.1", pacs.port(), "KERMA", pacs.aeTitle(), 30};
  dicom::DicomNode peer;
  peer.port = pacs.port();
  peer.calledAeTitle = pacs.aeTitle();
  for (const auto& outcome : dicom::store(peer, dicomFiles))
    ASSERT_TRUE(outcome.stored) << outcome.file << ": " << outcome.status;

  PatientStore store(storeFolder());
  // The observer is told the 2 studies retrieved (0 of 2, 1 of 2), then the 21 files imported.
  for (const int cancelAtCall : {1, 2, 12}) {
    int calls = 0;
    const ImportResult cancelled =
        importPatientFromPacs(store, node, PATIENT_ID, [&](int, int) { return ++calls <= cancelAtCall; });
    EXPECT_TRUE(cancelled.cancelled) << "cancelled at call " << cancelAtCall;
    EXPECT_EQ(calls, cancelAtCall + 1);
    EXPECT_EQ(cancelled.added, 0);
    EXPECT_EQ(store.objectCount(), 0) << "cancelled at call " << cancelAtCall;
    EXPECT_TRUE(filesUnder(storeFolder() / "objects").empty()) << "cancelled at call " << cancelAtCall;
    EXPECT_TRUE(filesUnder(storeFolder() / "staging").empty()) << "cancelled at call " << cancelAtCall;
  }

  std::vector<std::pair<int, int>> told;
  const ImportResult result =
      importPatientFromPacs(store, node, PATIENT_ID, [&](int done, int total) { told.emplace_back(done, total); return true; });
  EXPECT_FALSE(result.cancelled);
  EXPECT_EQ(result.added, 2 * CT_SLICES + 1);
  ASSERT_GE(told.size(), 2u);
  EXPECT_EQ(told[0], std::make_pair(0, 2));
  EXPECT_EQ(told[1], std::make_pair(1, 2));
  EXPECT_EQ(told.back().second, 2 * CT_SLICES + 1);
  EXPECT_TRUE(filesUnder(storeFolder() / "staging").empty());
  const auto patients = store.findPatients();
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0].patientName, "TEST^STORE");
  EXPECT_EQ(store.studies(PATIENT_ID).size(), 2u);
  const auto uids = [](const std::vector<fs::path>& files) {
    std::set<std::string> found;
    for (const fs::path& file : files) found.insert(dicom::readObjectSummary(file)->sopInstanceUid);
    return found;
  };
  EXPECT_EQ(uids(store.patientFiles(PATIENT_ID)), uids(dicomFiles));

  try {
    importPatientFromPacs(store, node, "NOBODY");
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("NOBODY"), std::string::npos) << e.what();
  }
}

// An import killed (SIGKILL) at moments spread over its whole duration: after each, the store opens
// (the index passes its integrity check) and holds the import whole or not at all, with no file
// the index does not name and every indexed file equal to its source.
TEST_F(PatientStoreTest, AnImportKilledAtAnyMomentLeavesEveryObjectCompleteAndIndexedOrAbsent) {
  std::set<std::string> sources;
  for (const fs::path& file : filesUnder(incoming())) sources.insert(read(file));
  // How long one import takes here, to spread the kills over it (not asserted).
  const auto start = std::chrono::steady_clock::now();
  PatientStore(root_ / "timing").importFolder(incoming());
  const auto importUs =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();

  constexpr int KILLS = 24;
  int whole = 0, none = 0;
  for (int kill = 0; kill <= KILLS; ++kill) {
    const fs::path folder = root_ / ("store-" + std::to_string(kill));
    int imported[2];
    ASSERT_EQ(::pipe(imported), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      PatientStore store(folder);
      store.importFolder(incoming());
      const char done = 1;
      [[maybe_unused]] const auto written = ::write(imported[1], &done, 1);
      ::pause();  // killed here when the kill comes after the import
      ::_exit(0);
    }
    ::close(imported[1]);
    if (kill < KILLS) {
      std::this_thread::sleep_for(std::chrono::microseconds(importUs * kill * 5 / (4 * KILLS)));
    } else {
      // The last kill after the import finished: everything must be there.
      char done = 0;
      ASSERT_EQ(::read(imported[0], &done, 1), 1);
    }
    ::close(imported[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));

    PatientStore store(folder);
    const int count = store.objectCount();
    EXPECT_TRUE(count == 0 || count == CT_SLICES + 1) << "kill " << kill << ": " << count << " objects";
    if (kill == KILLS) {
      EXPECT_EQ(count, CT_SLICES + 1);
    }
    (count == 0 ? none : whole) += 1;
    const auto indexed = store.patientFiles(PATIENT_ID);
    EXPECT_EQ(filesUnder(folder / "objects"), std::set<fs::path>(indexed.begin(), indexed.end())) << "kill " << kill;
    for (const fs::path& file : indexed) EXPECT_TRUE(sources.contains(read(file))) << "kill " << kill << ": " << file;
  }
  std::cout << "import of " << CT_SLICES + 1 << " objects took " << importUs << " us; " << KILLS + 1
            << " kills left " << whole << " stores whole and " << none << " empty\n";
  EXPECT_GT(none, 0);
}

}  // namespace
}  // namespace kerma::app
