#include "template_plan_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>

#include <array>
#include <utility>

namespace kerma::app {

namespace {
using plan::BeamTemplate;
using plan::LeafMode;
constexpr std::array<std::pair<BeamTemplate, const char*>, 6> TEMPLATES = {{
    {BeamTemplate::Box4, "4-field box (0, 90, 180, 270°)"},
    {BeamTemplate::Box3, "3-field (0, 90, 270°)"},
    {BeamTemplate::LateralPair, "Lateral pair (90, 270°)"},
    {BeamTemplate::ApPa, "AP/PA (0, 180°)"},
    {BeamTemplate::Ap, "Single AP (0°)"},
    {BeamTemplate::Pa, "Single PA (180°)"},
}};
constexpr std::array<std::pair<LeafMode, const char*>, 3> LEAF_MODES = {{
    {LeafMode::Outside, "outside (leaf edge outside the target)"},
    {LeafMode::Middle, "middle (target crosses the leaf centre)"},
    {LeafMode::Inside, "inside (leaf edge inside the target)"},
}};
constexpr double DEFAULT_MARGIN_MM = 7, MAXIMUM_MARGIN_MM = 50;
}  // namespace

TemplatePlanDialog::TemplatePlanDialog(const StructureSetModel& structures, QWidget* parent) : QDialog(parent) {
  setWindowTitle("New plan from template");
  auto* form = new QFormLayout(this);
  template_ = new QComboBox(this);
  template_->setObjectName("planTemplate");
  for (const auto& [value, label] : TEMPLATES) template_->addItem(label);
  form->addRow("Beams", template_);
  target_ = new QComboBox(this);
  target_->setObjectName("planTarget");
  for (int n = 0; n < structures.count(); ++n) target_->addItem(QString::fromStdString(structures.structure(n).name));
  if (const auto target = defaultPlanTarget(structures)) target_->setCurrentIndex(*target);
  form->addRow("Target", target_);
  marginMm_ = new QDoubleSpinBox(this);
  marginMm_->setObjectName("planMargin");
  marginMm_->setRange(0, MAXIMUM_MARGIN_MM);
  marginMm_->setDecimals(1);
  marginMm_->setSuffix(" mm");
  marginMm_->setValue(DEFAULT_MARGIN_MM);
  form->addRow("MLC margin", marginMm_);
  leafMode_ = new QComboBox(this);
  for (const auto& [value, label] : LEAF_MODES) leafMode_->addItem(label);
  form->addRow("Partly covered leaves", leafMode_);
  jawMarginMm_ = new QDoubleSpinBox(this);
  jawMarginMm_->setRange(0, MAXIMUM_MARGIN_MM);
  jawMarginMm_->setDecimals(1);
  jawMarginMm_->setSuffix(" mm");
  form->addRow("Jaw margin", jawMarginMm_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

TemplatePlanSettings TemplatePlanDialog::settings() const {
  TemplatePlanSettings settings;
  settings.beamTemplate = TEMPLATES[std::size_t(template_->currentIndex())].first;
  settings.targetIndex = target_->currentIndex();
  const double margin = marginMm_->value();
  settings.options.marginsMm = {margin, margin, margin, margin};
  settings.options.leafMode = LEAF_MODES[std::size_t(leafMode_->currentIndex())].first;
  settings.options.jawMarginMm = jawMarginMm_->value();
  return settings;
}

}  // namespace kerma::app
