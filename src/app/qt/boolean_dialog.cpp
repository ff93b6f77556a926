#include "boolean_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>

namespace kerma::app {

BooleanDialog::BooleanDialog(const StructureSetModel& structures, QWidget* parent) : QDialog(parent) {
  setWindowTitle("Boolean");
  auto* form = new QFormLayout(this);
  a_ = new QComboBox(this);
  b_ = new QComboBox(this);
  output_ = new QComboBox(this);
  output_->addItem("New structure");
  for (int n = 0; n < structures.count(); ++n) {
    const QString name = QString::fromStdString(structures.structure(n).name);
    a_->addItem(name);
    b_->addItem(name);
    output_->addItem(name);
  }
  if (const auto active = structures.activeIndex()) a_->setCurrentIndex(*active);
  operation_ = new QComboBox(this);
  operation_->addItem("Union (A or B)", int(structure::BooleanOperation::Union));
  operation_->addItem("Intersection (A and B)", int(structure::BooleanOperation::Intersection));
  operation_->addItem("Subtraction (A − B)", int(structure::BooleanOperation::Subtraction));
  operation_->addItem("Exclusive or", int(structure::BooleanOperation::SymmetricDifference));
  name_ = new QLineEdit(this);
  name_->setPlaceholderText("default: e.g. Bladder|Rectum");
  form->addRow("A", a_);
  form->addRow("Operation", operation_);
  form->addRow("B", b_);
  form->addRow("Result", output_);
  form->addRow("New name", name_);
  connect(output_, &QComboBox::currentIndexChanged, this,
          [this](int index) { name_->setEnabled(index == 0); });
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

BooleanSettings BooleanDialog::settings() const {
  BooleanSettings settings;
  settings.aIndex = std::max(a_->currentIndex(), 0);
  settings.bIndex = std::max(b_->currentIndex(), 0);
  settings.operation = structure::BooleanOperation(operation_->currentData().toInt());
  if (output_->currentIndex() > 0) settings.targetIndex = output_->currentIndex() - 1;
  settings.newName = name_->text().trimmed().toStdString();
  return settings;
}

}  // namespace kerma::app
