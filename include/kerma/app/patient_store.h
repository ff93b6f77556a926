#ifndef KERMA_APP_PATIENT_STORE_H
#define KERMA_APP_PATIENT_STORE_H

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::app {

struct StoredPatient {
  std::string patientId;
  std::string patientName;  ///< DICOM PN form, e.g. "KERMA^DEMO"
  std::string birthDate;    ///< YYYYMMDD or empty
  std::string sex;
};

struct StoredStudy {
  std::string studyInstanceUid;
  std::string patientId;
  std::string studyDate;
  std::string description;
};

struct StoredSeries {
  std::string seriesInstanceUid;
  std::string studyInstanceUid;
  std::string modality;  ///< CT, RTSTRUCT, RTPLAN, RTDOSE, ...
  std::string description;
  std::string frameOfReferenceUid;
  int objectCount = 0;
};

/// An RT Plan the store holds, with the approval its file records.
struct StoredPlan {
  std::string sopInstanceUid;
  std::string seriesInstanceUid;
  std::string label;
  std::string approvalStatus;  ///< APPROVED, UNAPPROVED or REJECTED
  std::string reviewerName;
  std::string reviewDate;
};

/// What the store removed when it opened: what an interrupted import or save left behind.
struct StoreCleanup {
  int unfinishedWrites = 0;  ///< temporaries of atomic writes that never reached their rename
  int unindexedFiles = 0;    ///< complete copies whose import died before its index transaction,
                             ///< and files a save left in its staging folder
};

/// Told of each file an import or export handles (done of total); returning false cancels it,
/// which then removes what it copied and leaves the store (the export's folder) as it was.
using FileObserver = std::function<bool(int done, int total)>;

struct ImportResult {
  int added = 0;          ///< objects copied and indexed
  int alreadyStored = 0;  ///< objects whose SOP Instance UID the store held already
  std::vector<std::string> skipped;  ///< files that are not DICOM, one line each naming the file
  bool cancelled = false;            ///< nothing was added
};

/// The local patient database: DICOM files in a managed folder plus an SQLite index of patients,
/// studies, series, objects and RT Plans with their approval, and the workstation's recovery
/// records. Every file is written with core::replaceFileAtomically and indexed in one SQLite
/// transaction (rollback journal, synchronous=FULL) only once all of an import's files are on
/// disk, so a process killed at any moment leaves each object either complete and indexed or
/// absent: opening removes unfinished temporaries and files the index does not name, and checks
/// the index (PRAGMA integrity_check). Layout: FOLDER/index.sqlite,
/// FOLDER/objects/<patient>/<series>/<modality>.<SOP Instance UID>.dcm, FOLDER/recovery/, FOLDER/staging/. Qt-free;
/// one PatientStore per folder and process, used from one thread at a time.
class PatientStore {
 public:
  /// Opens the store in folder, creating it when absent. Throws kerma::Error (Io) naming the
  /// folder when it cannot be created or the index fails its integrity check.
  explicit PatientStore(const std::filesystem::path& folder);
  ~PatientStore();
  PatientStore(const PatientStore&) = delete;
  PatientStore& operator=(const PatientStore&) = delete;

  const std::filesystem::path& folder() const { return folder_; }
  const StoreCleanup& cleanupOnOpen() const { return cleanup_; }

  /// Copies the DICOM objects among files into the store and indexes them. Before anything is
  /// copied, throws kerma::Error (BadInput, naming the file and both values) when a Patient ID
  /// would stand for two patients (another name or birth date, in the store or among files) or
  /// a study for two patients, and when a DICOM file lacks an identifier
  /// (dicom::readObjectSummary).
  ImportResult importFiles(const std::vector<std::filesystem::path>& files,
                           const FileObserver& observer = {});
  /// importFiles of every regular file under folder (recursively).
  ImportResult importFolder(const std::filesystem::path& folder, const FileObserver& observer = {});

  /// Patients whose name or ID contains text (case-insensitive; every patient for empty text),
  /// ordered by name.
  std::vector<StoredPatient> findPatients(std::string_view text = {}) const;
  std::vector<StoredStudy> studies(const std::string& patientId) const;
  std::vector<StoredSeries> series(const std::string& studyInstanceUid) const;
  std::vector<StoredPlan> plans(const std::string& patientId) const;
  /// The stored files of a patient's objects, in series and SOP Instance UID order.
  std::vector<std::filesystem::path> patientFiles(const std::string& patientId) const;
  /// The folder holding a patient's files (what openPatient reads).
  std::filesystem::path patientFolder(const std::string& patientId) const;
  int objectCount() const;

  /// Copies a patient's files into folder (created if absent), keeping their names, all or
  /// nothing: into a staging folder inside folder, moved in once every file is there
  /// (core::StagingFolder), so that a cancel or an error leaves folder as it was. Returns the
  /// files written; nullopt when observer cancelled. Throws kerma::Error (BadInput) for an
  /// unknown patient, (Io) naming the path that cannot be written.
  std::optional<std::vector<std::filesystem::path>> exportPatient(const std::string& patientId,
                                                                  const std::filesystem::path& folder,
                                                                  const FileObserver& observer = {}) const;

  /// A new empty folder inside the store for files on their way in (a save writes its files
  /// there, then imports them); whatever is left there is removed when the store next opens.
  std::filesystem::path newStagingFolder() const;

  /// The recovery record of a patient's unsaved work (see working_state.h): written atomically,
  /// so a reader finds the previous or the new record, never a part.
  void writeRecovery(const std::string& patientId, std::string_view bytes);
  std::optional<std::string> readRecovery(const std::string& patientId) const;
  /// Called once the work is saved explicitly.
  void discardRecovery(const std::string& patientId);
  /// Where a patient's recovery record lives. The recovery functions touch only this file, not
  /// the index, so an autosave may write it from a worker thread.
  std::filesystem::path recoveryFile(const std::string& patientId) const;

 private:
  struct Index;
  void removeUnfinishedWork();

  std::filesystem::path folder_;
  std::unique_ptr<Index> index_;
  StoreCleanup cleanup_;
};

/// The store the workstation uses: $KERMA_STORE, else $XDG_DATA_HOME/kerma/store, else
/// ~/.local/share/kerma/store.
std::filesystem::path defaultStoreFolder();

}  // namespace kerma::app

#endif  // KERMA_APP_PATIENT_STORE_H
