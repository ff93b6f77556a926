#include "autosave.h"

#include "kerma/core/error.h"

#include <QMessageBox>

#include <iostream>
#include <string>
#include <variant>

namespace kerma::app {

Autosave::Autosave(std::shared_ptr<PatientStore> store, std::function<WorkingState()> snapshot,
                   std::function<std::uint64_t()> revision, QObject* parent)
    : QObject(parent), store_(std::move(store)), snapshot_(std::move(snapshot)), revision_(std::move(revision)) {
  writtenRevision_ = revision_();
  timer_.setInterval(PERIOD_MS);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (revision_() != writtenRevision_) request();
  });
  timer_.start();
}

void Autosave::request() {
  if (running_) {
    pending_ = true;
    return;
  }
  start();
}

void Autosave::start() {
  running_ = true;
  pending_ = false;
  writtenRevision_ = revision_();
  writing_ = startTask([store = store_, state = snapshot_()] {
    store->writeRecovery(state.patientId, encodeWorkingState(state));
    return state.editCount;
  });
  writing_.then(this, [this](const TaskOutcome<int>& outcome) {
    running_ = false;
    if (const auto* error = std::get_if<Error>(&outcome)) emit failed(QString::fromUtf8(error->what()));
    else emit saved(std::get<int>(outcome));
    if (pending_) start();
  });
}

void Autosave::discardRecord(const std::string& patientId) {
  pending_ = false;
  writing_.waitForFinished();
  writtenRevision_ = revision_();
  store_->discardRecovery(patientId);
}

std::optional<WorkingState> offerRecoveredWork(const PatientStore& store, const core::CtImage& ct, bool accept,
                                               bool interactive) {
  try {
    auto work = readRecoveredWork(store, ct);
    if (!work) return std::nullopt;
    if (!accept && interactive)
      accept = QMessageBox::question(
                   nullptr, "Kerma: unsaved work",
                   QString("Kerma found work on patient %1 that was not saved: %2 structures and %3 beams, "
                           "autosaved at %4 UTC after %5 edits.\n\nRestore it? If not, it is kept only until "
                           "the next edit is autosaved.")
                       .arg(QString::fromStdString(ct.identity.patientId))
                       .arg(work->structures.size())
                       .arg(work->beams.beams.size())
                       .arg(QString::fromStdString(work->savedAtUtc))
                       .arg(work->editCount)) == QMessageBox::Yes;
    if (!accept) return std::nullopt;
    std::cout << "kerma: restored unsaved work autosaved at " << work->savedAtUtc << " after " << work->editCount
              << " edits\n";
    return work;
  } catch (const Error& e) {
    std::cerr << "kerma: unsaved work not restored: " << e.what() << "\n";
    if (interactive) QMessageBox::warning(nullptr, "Kerma: unsaved work not restored", QString::fromStdString(e.what()));
    return std::nullopt;
  }
}

}  // namespace kerma::app
