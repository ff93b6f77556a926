#include "boolean_dialog.h"

#include "ui_boolean_dialog.h"

#include <array>

namespace kerma::app {

namespace {
// The operations in the order of the form's menu.
constexpr std::array<structure::BooleanOperation, 4> OPERATIONS = {
    structure::BooleanOperation::Union, structure::BooleanOperation::Intersection,
    structure::BooleanOperation::Subtraction, structure::BooleanOperation::SymmetricDifference};
}  // namespace

BooleanDialog::BooleanDialog(const StructureSetModel& structures, QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::BooleanDialog>()) {
  ui_->setupUi(this);
  ui_->booleanResult->addItem("New structure");
  for (int n = 0; n < structures.count(); ++n) {
    const QString name = QString::fromStdString(structures.structure(n).name);
    ui_->booleanA->addItem(name);
    ui_->booleanB->addItem(name);
    ui_->booleanResult->addItem(name);
  }
  if (const auto active = structures.activeIndex()) ui_->booleanA->setCurrentIndex(*active);
  connect(ui_->booleanResult, &QComboBox::currentIndexChanged, this,
          [this](int index) { ui_->booleanName->setEnabled(index == 0); });
}

BooleanDialog::~BooleanDialog() = default;

BooleanSettings BooleanDialog::settings() const {
  BooleanSettings settings;
  settings.aIndex = std::max(ui_->booleanA->currentIndex(), 0);
  settings.bIndex = std::max(ui_->booleanB->currentIndex(), 0);
  settings.operation = OPERATIONS[std::size_t(std::max(ui_->booleanOperation->currentIndex(), 0))];
  if (ui_->booleanResult->currentIndex() > 0) settings.targetIndex = ui_->booleanResult->currentIndex() - 1;
  settings.newName = ui_->booleanName->text().trimmed().toStdString();
  return settings;
}

}  // namespace kerma::app
