#include "template_plan_dialog.h"

#include "ui_template_plan_dialog.h"

#include <array>
#include <cassert>

namespace kerma::app {

namespace {
// The form's menus (ui/template_plan_dialog.ui), in order.
using beams::BeamTemplate;
using beams::LeafMode;
constexpr std::array<BeamTemplate, 6> TEMPLATES = {BeamTemplate::Box4,  BeamTemplate::Box3, BeamTemplate::LateralPair,
                                                   BeamTemplate::ApPa, BeamTemplate::Ap,   BeamTemplate::Pa};
constexpr std::array<LeafMode, 3> LEAF_MODES = {LeafMode::Outside, LeafMode::Middle, LeafMode::Inside};
}  // namespace

TemplatePlanDialog::TemplatePlanDialog(const StructureSetModel& structures, QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::TemplatePlanDialog>()) {
  ui_->setupUi(this);
  assert(ui_->planTemplate->count() == int(TEMPLATES.size()) && ui_->planLeafMode->count() == int(LEAF_MODES.size()) &&
         "the form's menus list the templates and leaf modes in this order");
  for (int n = 0; n < structures.count(); ++n)
    ui_->planTarget->addItem(QString::fromStdString(structures.structure(n).name));
  if (const auto target = defaultPlanTarget(structures)) ui_->planTarget->setCurrentIndex(*target);
}

TemplatePlanDialog::~TemplatePlanDialog() = default;

TemplatePlanSettings TemplatePlanDialog::settings() const {
  TemplatePlanSettings settings;
  settings.beamTemplate = TEMPLATES[std::size_t(ui_->planTemplate->currentIndex())];
  settings.targetIndex = ui_->planTarget->currentIndex();
  const double margin = ui_->planMargin->value();
  settings.options.marginsMm = {margin, margin, margin, margin};
  settings.options.leafMode = LEAF_MODES[std::size_t(ui_->planLeafMode->currentIndex())];
  settings.options.jawMarginMm = ui_->planJawMargin->value();
  return settings;
}

}  // namespace kerma::app
