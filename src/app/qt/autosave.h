#ifndef KERMA_APP_QT_AUTOSAVE_H
#define KERMA_APP_QT_AUTOSAVE_H

#include "kerma/app/patient_store.h"
#include "kerma/app/working_state.h"

#include "background_task.h"

#include <QFuture>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kerma::app {

/// Keeps the open patient's unsaved work in the patient store's recovery record
/// (docs/validation/reliability.md, "No lost work"): after every committed edit and undo (the
/// undo stack's index moves) and, for work not yet committed such as a long brush stroke, at
/// most every 60 s while anything changed. The snapshot is taken on the GUI thread; encoding and
/// the atomic write run on a worker thread, one at a time, and edits made during a write are
/// written by the next one.
class Autosave : public QObject {
  Q_OBJECT

 public:
  static constexpr int PERIOD_MS = 60000;

  /// snapshot takes the working state; revision increases with every change it would see.
  Autosave(std::shared_ptr<PatientStore> store, std::function<WorkingState()> snapshot,
           std::function<std::uint64_t()> revision, QObject* parent = nullptr);

  /// Writes as soon as the write in progress (if any) has finished.
  void request();
  /// Removes the recovery record of patientId, after the write in progress (so that it cannot
  /// bring the record back); the state as it is now counts as written. For work that was saved or
  /// that the user chose to drop.
  void discardRecord(const std::string& patientId);
  /// Whether a write is running or waiting.
  bool busy() const { return running_ || pending_; }

 signals:
  /// A record of state with editCount committed edits is on disk.
  void saved(int editCount);
  void failed(const QString& message);

 private:
  void start();

  std::shared_ptr<PatientStore> store_;
  std::function<WorkingState()> snapshot_;
  std::function<std::uint64_t()> revision_;
  std::uint64_t writtenRevision_ = 0;
  // The latest write: the edit count written, or why it failed.
  QFuture<TaskOutcome<int>> writing_;
  QTimer timer_;
  bool running_ = false;
  bool pending_ = false;
};

/// The patient's unsaved work that store keeps for ct (readRecoveredWork), when it is wanted back:
/// with accept at once, else when interactive after asking the user (never otherwise). Prints
/// what was restored; a damaged record is reported (stderr, and a dialog when interactive) and
/// not restored.
std::optional<WorkingState> offerRecoveredWork(const PatientStore& store, const core::CtImage& ct, bool accept,
                                               bool interactive);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_AUTOSAVE_H
