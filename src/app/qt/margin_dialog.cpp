#include "margin_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>

namespace kerma::app {

namespace {
// A menu of the structures, optionally after a first entry that means "none".
void fillStructureMenu(QComboBox* menu, const StructureSetModel& structures, const QString& none) {
  if (!none.isEmpty()) menu->addItem(none);
  for (int n = 0; n < structures.count(); ++n)
    menu->addItem(QString::fromStdString(structures.structure(n).name));
}
// The structure index chosen in a menu with a "none" entry first.
std::optional<int> chosenOptional(const QComboBox* menu) {
  return menu->currentIndex() > 0 ? std::optional<int>(menu->currentIndex() - 1) : std::nullopt;
}
}  // namespace

MarginDialog::MarginDialog(const StructureSetModel& structures, QWidget* parent)
    : QDialog(parent), structures_(structures) {
  setWindowTitle("Margin");
  auto* form = new QFormLayout(this);
  source_ = new QComboBox(this);
  source_->setObjectName("marginSource");
  fillStructureMenu(source_, structures_, {});
  if (const auto active = structures_.activeIndex()) source_->setCurrentIndex(*active);
  form->addRow("Structure", source_);

  auto* direction = new QHBoxLayout;
  expand_ = new QRadioButton("Expand", this);
  contract_ = new QRadioButton("Contract", this);
  expand_->setChecked(true);
  direction->addWidget(expand_);
  direction->addWidget(contract_);
  form->addRow("Direction", direction);

  isotropic_ = new QCheckBox("Same margin in every direction", this);
  isotropic_->setChecked(true);
  form->addRow(isotropic_);
  auto* grid = new QGridLayout;
  const char* names[6] = {"Right", "Left", "Anterior", "Posterior", "Superior", "Inferior"};
  for (int n = 0; n < 6; ++n) {
    marginsMm_[std::size_t(n)] = new QDoubleSpinBox(this);
    marginsMm_[std::size_t(n)]->setObjectName(QString("marginMm%1").arg(n));
    marginsMm_[std::size_t(n)]->setRange(0, 100);
    marginsMm_[std::size_t(n)]->setDecimals(1);
    marginsMm_[std::size_t(n)]->setSuffix(" mm");
    marginsMm_[std::size_t(n)]->setValue(5);
    marginLabels_[std::size_t(n)] = new QLabel(names[n], this);
    grid->addWidget(marginLabels_[std::size_t(n)], n / 2, (n % 2) * 2);
    grid->addWidget(marginsMm_[std::size_t(n)], n / 2, (n % 2) * 2 + 1);
  }
  form->addRow(grid);
  // Isotropic: the first box drives the others.
  // Isotropic: one box, "Margin", drives the others, which are hidden.
  auto syncIsotropic = [this, names] {
    const bool isotropic = isotropic_->isChecked();
    marginLabels_[0]->setText(isotropic ? "Margin" : names[0]);
    for (int n = 1; n < 6; ++n) {
      marginsMm_[std::size_t(n)]->setVisible(!isotropic);
      marginLabels_[std::size_t(n)]->setVisible(!isotropic);
      if (isotropic) marginsMm_[std::size_t(n)]->setValue(marginsMm_[0]->value());
    }
  };
  connect(isotropic_, &QCheckBox::toggled, this, syncIsotropic);
  connect(marginsMm_[0], &QDoubleSpinBox::valueChanged, this, syncIsotropic);
  syncIsotropic();

  within_ = new QComboBox(this);
  within_->setObjectName("marginWithin");
  fillStructureMenu(within_, structures_, "(no limit)");
  form->addRow("Within", within_);
  auto* withinNote = new QLabel("An expansion within a structure keeps its source whole:\n"
                                "CTV = GTV ∪ ((GTV + margin) ∩ Within).", this);
  withinNote->setObjectName("withinNote");
  withinNote->setStyleSheet("color: gray;");
  form->addRow(withinNote);
  output_ = new QComboBox(this);
  output_->setObjectName("marginResult");
  fillStructureMenu(output_, structures_, "New structure");
  form->addRow("Result", output_);
  name_ = new QLineEdit(this);
  name_->setObjectName("marginName");
  name_->setPlaceholderText("default: e.g. Bladder+5mm");
  form->addRow("New name", name_);
  connect(output_, &QComboBox::currentIndexChanged, this,
          [this](int index) { name_->setEnabled(index == 0); });

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

MarginSettings MarginDialog::settings() const {
  MarginSettings settings;
  settings.sourceIndex = std::max(source_->currentIndex(), 0);
  auto mm = [&](int n) { return marginsMm_[std::size_t(n)]->value(); };
  settings.margin = {mm(0), mm(1), mm(2), mm(3), mm(4), mm(5)};
  settings.direction = contract_->isChecked() ? MarginDirection::Contract : MarginDirection::Expand;
  settings.withinIndex = chosenOptional(within_);
  settings.replaceIndex = chosenOptional(output_);
  settings.newName = name_->text().trimmed().toStdString();
  return settings;
}

void MarginDialog::setSettings(const MarginSettings& settings) {
  source_->setCurrentIndex(settings.sourceIndex);
  isotropic_->setChecked(settings.margin.isIsotropic());
  const double mm[6] = {settings.margin.right,     settings.margin.left,
                        settings.margin.anterior,  settings.margin.posterior,
                        settings.margin.superior,  settings.margin.inferior};
  for (int n = 0; n < 6; ++n) marginsMm_[std::size_t(n)]->setValue(mm[n]);
  (settings.direction == MarginDirection::Expand ? expand_ : contract_)->setChecked(true);
  within_->setCurrentIndex(settings.withinIndex ? *settings.withinIndex + 1 : 0);
  output_->setCurrentIndex(settings.replaceIndex ? *settings.replaceIndex + 1 : 0);
  name_->setText(QString::fromStdString(settings.newName));
}

}  // namespace kerma::app
