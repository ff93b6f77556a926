#include "approval_dialog.h"

#include "ui_approval_dialog.h"

#include <QPushButton>

#include <cmath>

namespace kerma::app {

ApprovalDialog::ApprovalDialog(const QString& summary, const QStringList& warnings,
                               const std::optional<HotSpot>& hotSpot, QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::ApprovalDialog>()), hotSpot_(hotSpot) {
  ui_->setupUi(this);
  if (hotSpot_) {
    ui_->acceptHotSpot->setText(QString("I accept the %1 (%2 %)").arg(hotSpot_->text).arg(std::round(hotSpot_->percent), 0, 'f', 0));
    ui_->acceptHotSpot->setVisible(true);
  }
  connect(ui_->acceptHotSpot, &QCheckBox::toggled, this, &ApprovalDialog::updateOk);
  ui_->planSummary->setText(summary);
  ui_->approvalWarnings->setText(warnings.join("\n"));
  ui_->approvalWarnings->setVisible(!warnings.isEmpty());
  connect(ui_->reviewerName, &QLineEdit::textChanged, this, &ApprovalDialog::updateOk);
  connect(ui_->reviewed, &QCheckBox::toggled, this, &ApprovalDialog::updateOk);
  updateOk();
}

ApprovalDialog::~ApprovalDialog() = default;

QString ApprovalDialog::reviewer() const { return ui_->reviewerName->text().trimmed(); }

std::optional<double> ApprovalDialog::acceptedGlobalMaxPercent() const {
  if (!hotSpot_ || !ui_->acceptHotSpot->isChecked()) return std::nullopt;
  return std::round(hotSpot_->percent);
}

void ApprovalDialog::updateOk() {
  ui_->buttons->button(QDialogButtonBox::Ok)->setEnabled(!reviewer().isEmpty() && ui_->reviewed->isChecked() &&
                                                         (!hotSpot_ || ui_->acceptHotSpot->isChecked()));
}

}  // namespace kerma::app
