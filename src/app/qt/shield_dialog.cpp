#include "shield_dialog.h"

#include "ui_shield_dialog.h"

namespace kerma::app {

ShieldDialog::ShieldDialog(const QStringList& organs, QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::ShieldDialog>()) {
  ui_->setupUi(this);
  ui_->shieldOrgan->addItems(organs);
}

ShieldDialog::~ShieldDialog() = default;

QString ShieldDialog::organ() const { return ui_->shieldOrgan->currentText(); }

beams::ShieldingOptions ShieldDialog::options() const {
  beams::ShieldingOptions options;
  options.organMarginMm = ui_->shieldMarginMm->value();
  options.rule = ui_->shieldRule->currentIndex() == 0 ? beams::OverlapRule::TargetFirst : beams::OverlapRule::OrganFirst;
  return options;
}

}  // namespace kerma::app
