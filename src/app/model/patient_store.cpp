#include "kerma/app/patient_store.h"

#include "kerma/core/atomic_file.h"
#include "kerma/core/error.h"
#include "kerma/core/sha256.h"
#include "kerma/dicom/object_summary.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace kerma::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* INDEX_FILE = "index.sqlite";
constexpr const char* OBJECTS_FOLDER = "objects";
constexpr const char* RECOVERY_FOLDER = "recovery";
constexpr const char* STAGING_FOLDER = "staging";
constexpr const char* RECOVERY_SUFFIX = ".kerma-recovery";

// The index. A new column or table raises user_version and adds a migration here.
constexpr const char* SCHEMA = R"(
CREATE TABLE patients (
  patient_id TEXT PRIMARY KEY, patient_name TEXT NOT NULL, birth_date TEXT NOT NULL, sex TEXT NOT NULL);
CREATE TABLE studies (
  study_uid TEXT PRIMARY KEY, patient_id TEXT NOT NULL REFERENCES patients,
  study_date TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE series (
  series_uid TEXT PRIMARY KEY, study_uid TEXT NOT NULL REFERENCES studies, modality TEXT NOT NULL,
  description TEXT NOT NULL, frame_of_reference_uid TEXT NOT NULL);
CREATE TABLE objects (
  sop_instance_uid TEXT PRIMARY KEY, series_uid TEXT NOT NULL REFERENCES series,
  sop_class_uid TEXT NOT NULL, file TEXT NOT NULL UNIQUE, bytes INTEGER NOT NULL);
CREATE TABLE plans (
  sop_instance_uid TEXT PRIMARY KEY REFERENCES objects, label TEXT NOT NULL,
  approval_status TEXT NOT NULL, reviewer_name TEXT NOT NULL, review_date TEXT NOT NULL);
PRAGMA user_version = 1;
)";

const char* approvalTerm(dicom::ApprovalStatus status) {
  switch (status) {
    case dicom::ApprovalStatus::Approved: return "APPROVED";
    case dicom::ApprovalStatus::Rejected: return "REJECTED";
    case dicom::ApprovalStatus::Unapproved: break;
  }
  return "UNAPPROVED";
}

// A file or folder name made of an identifier from a file Kerma did not write: only characters
// that are safe in a path, never "." or "..", and distinct identifiers stay distinct.
std::string safeName(const std::string& identifier) {
  std::string name;
  bool changed = false;
  for (const char c : identifier) {
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    name += safe ? c : '_';
    changed |= !safe;
  }
  if (changed || name.empty() || name.find_first_not_of('.') == std::string::npos || name.size() > 80)
    name = name.substr(0, 40) + "-" + core::sha256Hex(identifier).substr(0, 16);
  return name;
}

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return lower;
}

}  // namespace

// The SQLite connection and the few statements the store runs.
struct PatientStore::Index {
  sqlite3* db = nullptr;
  fs::path file;

  ~Index() { sqlite3_close(db); }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorCode::Io, file.string() + ": " + what + ": " + sqlite3_errmsg(db));
  }

  void execute(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw Error(ErrorCode::Io, file.string() + ": " + text);
    }
  }

  class Statement {
   public:
    Statement(const Index& index, const char* sql) : index_(index) {
      if (sqlite3_prepare_v2(index.db, sql, -1, &statement_, nullptr) != SQLITE_OK) index.fail("cannot prepare");
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(std::initializer_list<std::string_view> values) {
      sqlite3_reset(statement_);
      int n = 1;
      for (const std::string_view value : values)
        sqlite3_bind_text(statement_, n++, value.data(), int(value.size()), SQLITE_TRANSIENT);
      return *this;
    }
    Statement& bindInt(int n, sqlite3_int64 value) {
      sqlite3_bind_int64(statement_, n, value);
      return *this;
    }
    // Steps once; true while rows come.
    bool step() {
      const int status = sqlite3_step(statement_);
      if (status == SQLITE_ROW) return true;
      if (status != SQLITE_DONE) index_.fail("query failed");
      return false;
    }
    void run() {
      while (step()) {
      }
    }
    std::string text(int column) const {
      const auto* value = sqlite3_column_text(statement_, column);
      return value ? reinterpret_cast<const char*>(value) : "";
    }
    int integer(int column) const { return sqlite3_column_int(statement_, column); }

   private:
    const Index& index_;
    sqlite3_stmt* statement_ = nullptr;
  };
};

PatientStore::PatientStore(const fs::path& folder) : folder_(folder), index_(std::make_unique<Index>()) {
  core::createFoldersDurably(folder_ / OBJECTS_FOLDER);
  core::createFoldersDurably(folder_ / RECOVERY_FOLDER);
  index_->file = folder_ / INDEX_FILE;
  if (sqlite3_open_v2(index_->file.c_str(), &index_->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK)
    index_->fail("cannot open the patient database");
  // A rollback journal with a full sync at every commit: a transaction is on disk before
  // COMMIT returns, and one cut short is rolled back when the store next opens.
  index_->execute("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
  {
    Index::Statement check(*index_, "PRAGMA integrity_check");
    std::string result;
    while (check.step()) result += (result.empty() ? "" : "; ") + check.text(0);
    if (result != "ok") throw Error(ErrorCode::Io, index_->file.string() + ": damaged patient database: " + result);
  }
  Index::Statement version(*index_, "PRAGMA user_version");
  version.step();
  if (version.integer(0) == 0) index_->execute((std::string("BEGIN;") + SCHEMA + "COMMIT;").c_str());
  removeUnfinishedWork();
}

PatientStore::~PatientStore() = default;

void PatientStore::removeUnfinishedWork() {
  std::set<fs::path> indexed;
  {
    Index::Statement files(*index_, "SELECT file FROM objects");
    while (files.step()) indexed.insert(folder_ / files.text(0));
  }
  std::vector<fs::path> unwanted;
  for (const char* sub : {OBJECTS_FOLDER, RECOVERY_FOLDER, STAGING_FOLDER}) {
    if (!fs::exists(folder_ / sub)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(folder_ / sub)) {
      if (!entry.is_regular_file()) continue;
      if (core::isUnfinishedAtomicWrite(entry.path())) {
        unwanted.push_back(entry.path());
        ++cleanup_.unfinishedWrites;
      } else if (sub == std::string_view(STAGING_FOLDER) ||
                 (sub == std::string_view(OBJECTS_FOLDER) && !indexed.contains(entry.path()))) {
        unwanted.push_back(entry.path());
        ++cleanup_.unindexedFiles;
      }
    }
  }
  for (const fs::path& file : unwanted) fs::remove(file);
  fs::remove_all(folder_ / STAGING_FOLDER);
}

fs::path PatientStore::newStagingFolder() const {
  for (int n = 0;; ++n) {
    const fs::path folder = folder_ / STAGING_FOLDER / std::to_string(n);
    fs::create_directories(folder.parent_path());
    if (fs::create_directory(folder)) return folder;
  }
}

ImportResult PatientStore::importFolder(const fs::path& folder, const FileObserver& observer) {
  if (!fs::is_directory(folder)) throw Error(ErrorCode::BadInput, folder.string() + ": no such folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return importFiles(files, observer);
}

ImportResult PatientStore::importFiles(const std::vector<fs::path>& files, const FileObserver& observer) {
  ImportResult result;
  struct Pending {
    fs::path source;
    dicom::DicomObjectSummary summary;
    fs::path relative;
  };
  std::vector<Pending> pending;
  std::set<std::string> seen;
  // Who each Patient ID and study stands for: the store's, then this import's.
  std::map<std::string, std::pair<core::SeriesIdentity, fs::path>> patients;
  std::map<std::string, std::pair<std::string, fs::path>> studies;
  Index::Statement storedObject(*index_, "SELECT 1 FROM objects WHERE sop_instance_uid = ?");
  Index::Statement storedPatient(*index_, "SELECT patient_name, birth_date FROM patients WHERE patient_id = ?");
  Index::Statement storedStudy(*index_, "SELECT patient_id FROM studies WHERE study_uid = ?");
  for (const fs::path& file : files) {
    auto summary = dicom::readObjectSummary(file);
    if (!summary) {
      result.skipped.push_back(file.string() + ": not DICOM");
      continue;
    }
    const core::SeriesIdentity& id = summary->identity;
    if (!seen.insert(summary->sopInstanceUid).second ||
        storedObject.bind({summary->sopInstanceUid}).step()) {
      ++result.alreadyStored;
      continue;
    }
    if (!patients.contains(id.patientId) && storedPatient.bind({id.patientId}).step()) {
      core::SeriesIdentity stored;
      stored.patientName = storedPatient.text(0);
      stored.patientBirthDate = storedPatient.text(1);
      patients[id.patientId] = {stored, folder_ / INDEX_FILE};
    }
    const auto [patient, newPatient] = patients.try_emplace(id.patientId, id, file);
    const core::SeriesIdentity& known = patient->second.first;
    if (!newPatient && (known.patientName != id.patientName || known.patientBirthDate != id.patientBirthDate))
      throw Error(ErrorCode::BadInput,
                  file.string() + ": Patient ID '" + id.patientId + "' names '" + id.patientName + "' born '" +
                      id.patientBirthDate + "', but " + patient->second.second.string() + " has '" +
                      known.patientName + "' born '" + known.patientBirthDate +
                      "' under that ID; nothing was imported");
    if (!studies.contains(id.studyInstanceUid) && storedStudy.bind({id.studyInstanceUid}).step())
      studies[id.studyInstanceUid] = {storedStudy.text(0), folder_ / INDEX_FILE};
    const auto [study, newStudy] = studies.try_emplace(id.studyInstanceUid, id.patientId, file);
    if (!newStudy && study->second.first != id.patientId)
      throw Error(ErrorCode::BadInput, file.string() + ": study " + id.studyInstanceUid + " belongs to Patient ID '" +
                                           id.patientId + "', but " + study->second.second.string() +
                                           " has it under '" + study->second.first + "'; nothing was imported");
    const fs::path relative = fs::path(OBJECTS_FOLDER) / safeName(id.patientId) / safeName(id.seriesInstanceUid) /
                              (safeName(id.modality) + "." + safeName(summary->sopInstanceUid) + ".dcm");
    pending.push_back({file, std::move(*summary), relative});
  }

  // Files first, each durable before the index names it.
  std::vector<fs::path> copied;
  const auto removeCopies = [&] {
    for (const fs::path& file : copied) fs::remove(file);
  };
  try {
    for (std::size_t n = 0; n < pending.size(); ++n) {
      if (observer && !observer(int(n), int(pending.size()))) {
        removeCopies();
        result.cancelled = true;
        return result;
      }
      const fs::path target = folder_ / pending[n].relative;
      core::createFoldersDurably(target.parent_path());
      core::replaceFileAtomically(target, [&](const fs::path& temporary) {
        fs::copy_file(pending[n].source, temporary, fs::copy_options::overwrite_existing);
      });
      copied.push_back(target);
    }
  } catch (...) {
    removeCopies();
    throw;
  }

  // Then the index, in one transaction: after a crash the store holds all of this import or none.
  try {
    index_->execute("BEGIN IMMEDIATE");
    Index::Statement patient(*index_, "INSERT OR IGNORE INTO patients VALUES (?, ?, ?, ?)");
    Index::Statement study(*index_, "INSERT OR IGNORE INTO studies VALUES (?, ?, ?, ?)");
    Index::Statement series(*index_, "INSERT OR IGNORE INTO series VALUES (?, ?, ?, ?, ?)");
    Index::Statement object(*index_, "INSERT INTO objects VALUES (?, ?, ?, ?, ?)");
    Index::Statement plan(*index_, "INSERT INTO plans VALUES (?, ?, ?, ?, ?)");
    for (const Pending& p : pending) {
      const core::SeriesIdentity& id = p.summary.identity;
      patient.bind({id.patientId, id.patientName, id.patientBirthDate, id.patientSex}).run();
      study.bind({id.studyInstanceUid, id.patientId, id.studyDate, id.studyDescription}).run();
      series.bind({id.seriesInstanceUid, id.studyInstanceUid, id.modality, id.seriesDescription,
                   id.frameOfReferenceUid})
          .run();
      object.bind({p.summary.sopInstanceUid, id.seriesInstanceUid, p.summary.sopClassUid, p.relative.string()})
          .bindInt(5, sqlite3_int64(fs::file_size(folder_ / p.relative)))
          .run();
      if (id.modality == "RTPLAN")
        plan.bind({p.summary.sopInstanceUid, p.summary.planLabel, approvalTerm(p.summary.approval.status),
                   p.summary.approval.reviewerName, p.summary.approval.reviewDate})
            .run();
    }
    index_->execute("COMMIT");
  } catch (...) {
    sqlite3_exec(index_->db, "ROLLBACK", nullptr, nullptr, nullptr);
    removeCopies();
    throw;
  }
  result.added = int(pending.size());
  if (observer) observer(int(pending.size()), int(pending.size()));
  return result;
}

std::vector<StoredPatient> PatientStore::findPatients(std::string_view text) const {
  Index::Statement query(*index_,
                         "SELECT patient_id, patient_name, birth_date, sex FROM patients ORDER BY patient_name, patient_id");
  const std::string wanted = lowerCase(text);
  std::vector<StoredPatient> found;
  while (query.step()) {
    StoredPatient patient{query.text(0), query.text(1), query.text(2), query.text(3)};
    // Matched here rather than with LIKE, whose case folding is ASCII-only and whose % and _
    // would have to be escaped.
    if (lowerCase(patient.patientId).find(wanted) != std::string::npos ||
        lowerCase(patient.patientName).find(wanted) != std::string::npos)
      found.push_back(std::move(patient));
  }
  return found;
}

std::vector<StoredStudy> PatientStore::studies(const std::string& patientId) const {
  Index::Statement query(*index_,
                         "SELECT study_uid, patient_id, study_date, description FROM studies WHERE patient_id = ? "
                         "ORDER BY study_date, study_uid");
  query.bind({patientId});
  std::vector<StoredStudy> found;
  while (query.step()) found.push_back({query.text(0), query.text(1), query.text(2), query.text(3)});
  return found;
}

std::vector<StoredSeries> PatientStore::series(const std::string& studyInstanceUid) const {
  Index::Statement query(*index_,
                         "SELECT s.series_uid, s.study_uid, s.modality, s.description, s.frame_of_reference_uid, "
                         "(SELECT COUNT(*) FROM objects o WHERE o.series_uid = s.series_uid) "
                         "FROM series s WHERE s.study_uid = ? ORDER BY s.modality, s.series_uid");
  query.bind({studyInstanceUid});
  std::vector<StoredSeries> found;
  while (query.step())
    found.push_back({query.text(0), query.text(1), query.text(2), query.text(3), query.text(4), query.integer(5)});
  return found;
}

std::vector<StoredPlan> PatientStore::plans(const std::string& patientId) const {
  Index::Statement query(*index_,
                         "SELECT p.sop_instance_uid, o.series_uid, p.label, p.approval_status, p.reviewer_name, "
                         "p.review_date FROM plans p JOIN objects o USING (sop_instance_uid) "
                         "JOIN series s USING (series_uid) JOIN studies t USING (study_uid) "
                         "WHERE t.patient_id = ? ORDER BY p.label, p.sop_instance_uid");
  query.bind({patientId});
  std::vector<StoredPlan> found;
  while (query.step())
    found.push_back({query.text(0), query.text(1), query.text(2), query.text(3), query.text(4), query.text(5)});
  return found;
}

std::vector<fs::path> PatientStore::patientFiles(const std::string& patientId) const {
  Index::Statement query(*index_,
                         "SELECT o.file FROM objects o JOIN series s USING (series_uid) JOIN studies t "
                         "USING (study_uid) WHERE t.patient_id = ? ORDER BY o.series_uid, o.sop_instance_uid");
  query.bind({patientId});
  std::vector<fs::path> files;
  while (query.step()) files.push_back(folder_ / query.text(0));
  return files;
}

fs::path PatientStore::patientFolder(const std::string& patientId) const {
  return folder_ / OBJECTS_FOLDER / safeName(patientId);
}

int PatientStore::objectCount() const {
  Index::Statement query(*index_, "SELECT COUNT(*) FROM objects");
  query.step();
  return query.integer(0);
}

std::optional<std::vector<fs::path>> PatientStore::exportPatient(const std::string& patientId, const fs::path& folder,
                                                                 const FileObserver& observer) const {
  const std::vector<fs::path> files = patientFiles(patientId);
  if (files.empty()) throw Error(ErrorCode::BadInput, folder_.string() + ": no patient with ID '" + patientId + "'");
  const core::StagingFolder staging(folder);
  std::vector<fs::path> written;
  for (std::size_t n = 0; n < files.size(); ++n) {
    if (observer && !observer(int(n), int(files.size()))) return std::nullopt;
    const fs::path staged = staging.path() / files[n].filename();
    std::error_code error;
    fs::copy_file(files[n], staged, error);
    if (error) throw Error(ErrorCode::Io, staged.string() + ": cannot copy " + files[n].string() + ": " + error.message());
    written.push_back(staging.destination(staged));
  }
  if (observer && !observer(int(files.size()), int(files.size()))) return std::nullopt;
  staging.moveIn();
  return written;
}

fs::path PatientStore::recoveryFile(const std::string& patientId) const {
  return folder_ / RECOVERY_FOLDER / (safeName(patientId) + RECOVERY_SUFFIX);
}

void PatientStore::writeRecovery(const std::string& patientId, std::string_view bytes) {
  core::writeFileAtomically(recoveryFile(patientId), bytes);
}

std::optional<std::string> PatientStore::readRecovery(const std::string& patientId) const {
  std::ifstream in(recoveryFile(patientId), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void PatientStore::discardRecovery(const std::string& patientId) { fs::remove(recoveryFile(patientId)); }

fs::path defaultStoreFolder() {
  if (const char* store = std::getenv("KERMA_STORE"); store && *store) return store;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return fs::path(data) / "kerma" / "store";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".local" / "share" / "kerma" / "store";
}

}  // namespace kerma::app
