#include "field_in_field_dialog.h"

#include "ui_field_in_field_dialog.h"

namespace kerma::app {

FieldInFieldDialog::FieldInFieldDialog(QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::FieldInFieldDialog>()) {
  ui_->setupUi(this);
}

FieldInFieldDialog::~FieldInFieldDialog() = default;

plan::FieldInFieldOptions FieldInFieldDialog::options() const {
  return {ui_->fifLevelPercent->value(), ui_->fifMaxSubfields->value()};
}

}  // namespace kerma::app
