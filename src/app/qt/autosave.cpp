#include "autosave.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
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
  // The edit count written, or why the write failed.
  using Outcome = std::variant<int, std::string>;
  auto* watcher = new QFutureWatcher<Outcome>(this);
  connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
    watcher->deleteLater();
    running_ = false;
    const Outcome outcome = watcher->result();
    if (const auto* error = std::get_if<std::string>(&outcome)) emit failed(QString::fromStdString(*error));
    else emit saved(std::get<int>(outcome));
    if (pending_) start();
  });
  watcher->setFuture(QtConcurrent::run([store = store_, state = snapshot_()]() -> Outcome {
    try {
      store->writeRecovery(state.patientId, encodeWorkingState(state));
      return state.editCount;
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  }));
}

}  // namespace kerma::app
