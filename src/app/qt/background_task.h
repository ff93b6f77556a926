#ifndef KERMA_APP_QT_BACKGROUND_TASK_H
#define KERMA_APP_QT_BACKGROUND_TASK_H

#include "kerma/core/error.h"

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <variant>

namespace kerma::app {

/// What work done off the GUI thread ended with: its value, or the kerma::Error it threw, with
/// its code (any other exception arrives as an Internal one).
template <class T>
using TaskOutcome = std::variant<T, Error>;

/// The workstation's one way to run long work: work runs on Qt's thread pool; the future holds
/// its value or the kerma::Error it threw. work must return a value.
template <class Work>
auto startTask(Work work) {
  using Value = std::invoke_result_t<Work>;
  static_assert(!std::is_void_v<Value>, "a background task returns what it made");
  return QtConcurrent::run([work = std::move(work)]() mutable -> TaskOutcome<Value> {
    try {
      return work();
    } catch (const Error& e) {
      return e;
    } catch (const std::exception& e) {
      return Error(ErrorCode::Internal, e.what());
    }
  });
}

/// startTask, then done runs on context's thread with the TaskOutcome (and not at all when
/// context is gone by then). Returns the future of done's result.
template <class Work, class Done>
auto runInBackground(QObject* context, Work work, Done done) {
  using Value = std::invoke_result_t<Work>;
  return startTask(std::move(work)).then(context, [done = std::move(done)](TaskOutcome<Value> outcome) mutable {
    return done(std::move(outcome));
  });
}

/// A window-modal progress dialog, with Cancel, for a task off the GUI thread.
class TaskProgress {
 public:
  /// Shows "text…" over parent at once; objectName lets tests find the dialog.
  TaskProgress(QWidget* parent, const QString& text, const QString& objectName);
  TaskProgress(const TaskProgress&) = delete;
  TaskProgress& operator=(const TaskProgress&) = delete;

  /// What the task calls, from any thread: shows fraction done and the step, returns false once
  /// Cancel was pressed. Stays valid after the dialog is gone (then it only answers).
  std::function<bool(double fraction, std::string_view step)> reporter() const;
  /// Closes the dialog: hidden now, deleted later (a modal setValue may be processing events).
  void finish();

 private:
  QPointer<QProgressDialog> dialog_;
  QString text_;
  std::shared_ptr<std::atomic<bool>> cancelled_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_BACKGROUND_TASK_H
