#include "approval_dialog.h"

#include "ui_approval_dialog.h"

#include <QPushButton>

namespace kerma::app {

ApprovalDialog::ApprovalDialog(const QString& summary, const QStringList& warnings, QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::ApprovalDialog>()) {
  ui_->setupUi(this);
  ui_->planSummary->setText(summary);
  ui_->approvalWarnings->setText(warnings.join("\n"));
  ui_->approvalWarnings->setVisible(!warnings.isEmpty());
  connect(ui_->reviewerName, &QLineEdit::textChanged, this, &ApprovalDialog::updateOk);
  connect(ui_->reviewed, &QCheckBox::toggled, this, &ApprovalDialog::updateOk);
  updateOk();
}

ApprovalDialog::~ApprovalDialog() = default;

QString ApprovalDialog::reviewer() const { return ui_->reviewerName->text().trimmed(); }

void ApprovalDialog::updateOk() {
  ui_->buttons->button(QDialogButtonBox::Ok)->setEnabled(!reviewer().isEmpty() && ui_->reviewed->isChecked());
}

}  // namespace kerma::app
