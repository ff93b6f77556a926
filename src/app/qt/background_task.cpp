#include "background_task.h"

#include <algorithm>
#include <cmath>

namespace kerma::app {

namespace {
// The progress bar counts in thousandths.
constexpr int PROGRESS_STEPS = 1000;
}  // namespace

TaskProgress::TaskProgress(QWidget* parent, const QString& text, const QString& objectName)
    : dialog_(new QProgressDialog(text + "…", "Cancel", 0, PROGRESS_STEPS, parent)),
      text_(text),
      cancelled_(std::make_shared<std::atomic<bool>>(false)) {
  dialog_->setObjectName(objectName);
  dialog_->setWindowModality(Qt::WindowModal);
  dialog_->setMinimumDuration(0);
  dialog_->setValue(0);
  QObject::connect(dialog_, &QProgressDialog::canceled, dialog_, [cancelled = cancelled_] { *cancelled = true; });
}

std::function<bool(double, std::string_view)> TaskProgress::reporter() const {
  return [shown = dialog_, text = text_, cancelled = cancelled_](double fraction, std::string_view step) {
    QMetaObject::invokeMethod(
        shown.data(),
        [shown, text, value = int(std::lround(fraction * PROGRESS_STEPS)),
         stepText = QString::fromUtf8(step.data(), qsizetype(step.size()))] {
          if (!shown) return;
          shown->setLabelText(text + ": " + stepText);
          shown->setValue(std::min(value, PROGRESS_STEPS - 1));
        },
        Qt::QueuedConnection);
    return !*cancelled;
  };
}

void TaskProgress::finish() {
  if (!dialog_) return;
  dialog_->hide();
  dialog_->deleteLater();
}

}  // namespace kerma::app
