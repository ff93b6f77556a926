#include "margin_dialog.h"

#include "ui_margin_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>

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
    : QDialog(parent), structures_(structures), ui_(std::make_unique<Ui::MarginDialog>()) {
  ui_->setupUi(this);
  marginsMm_ = {ui_->marginMm0, ui_->marginMm1, ui_->marginMm2, ui_->marginMm3, ui_->marginMm4, ui_->marginMm5};
  fillStructureMenu(ui_->marginSource, structures_, {});
  if (const auto active = structures_.activeIndex()) ui_->marginSource->setCurrentIndex(*active);
  fillStructureMenu(ui_->marginWithin, structures_, "(no limit)");
  fillStructureMenu(ui_->marginResult, structures_, "New structure");
  // Isotropic: one box, "Margin", drives the others, which are hidden.
  const QString right = ui_->marginLabel0->text();
  const std::array<QLabel*, 6> labels{ui_->marginLabel0, ui_->marginLabel1, ui_->marginLabel2,
                                      ui_->marginLabel3, ui_->marginLabel4, ui_->marginLabel5};
  auto syncIsotropic = [this, labels, right] {
    const bool isotropic = ui_->isotropic->isChecked();
    labels[0]->setText(isotropic ? "Margin" : right);
    for (std::size_t n = 1; n < 6; ++n) {
      marginsMm_[n]->setVisible(!isotropic);
      labels[n]->setVisible(!isotropic);
      if (isotropic) marginsMm_[n]->setValue(marginsMm_[0]->value());
    }
  };
  connect(ui_->isotropic, &QCheckBox::toggled, this, syncIsotropic);
  connect(marginsMm_[0], &QDoubleSpinBox::valueChanged, this, syncIsotropic);
  syncIsotropic();
  connect(ui_->marginResult, &QComboBox::currentIndexChanged, this,
          [this](int index) { ui_->marginName->setEnabled(index == 0); });
}

MarginDialog::~MarginDialog() = default;

MarginSettings MarginDialog::settings() const {
  MarginSettings settings;
  settings.sourceIndex = std::max(ui_->marginSource->currentIndex(), 0);
  auto mm = [&](int n) { return marginsMm_[std::size_t(n)]->value(); };
  settings.margin = {mm(0), mm(1), mm(2), mm(3), mm(4), mm(5)};
  settings.direction = ui_->contract->isChecked() ? MarginDirection::Contract : MarginDirection::Expand;
  settings.withinIndex = chosenOptional(ui_->marginWithin);
  settings.replaceIndex = chosenOptional(ui_->marginResult);
  settings.newName = ui_->marginName->text().trimmed().toStdString();
  return settings;
}

void MarginDialog::setSettings(const MarginSettings& settings) {
  ui_->marginSource->setCurrentIndex(settings.sourceIndex);
  ui_->isotropic->setChecked(settings.margin.isIsotropic());
  const double mm[6] = {settings.margin.right,     settings.margin.left,
                        settings.margin.anterior,  settings.margin.posterior,
                        settings.margin.superior,  settings.margin.inferior};
  for (int n = 0; n < 6; ++n) marginsMm_[std::size_t(n)]->setValue(mm[n]);
  (settings.direction == MarginDirection::Expand ? ui_->expand : ui_->contract)->setChecked(true);
  ui_->marginWithin->setCurrentIndex(settings.withinIndex ? *settings.withinIndex + 1 : 0);
  ui_->marginResult->setCurrentIndex(settings.replaceIndex ? *settings.replaceIndex + 1 : 0);
  ui_->marginName->setText(QString::fromStdString(settings.newName));
}

}  // namespace kerma::app
