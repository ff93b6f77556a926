#ifndef KERMA_APP_QT_TEMPLATE_PLAN_DIALOG_H
#define KERMA_APP_QT_TEMPLATE_PLAN_DIALOG_H

#include "kerma/app/beam_plan_model.h"

#include <QDialog>

#include <memory>

namespace Ui {
class TemplatePlanDialog;
}

namespace kerma::app {

/// Asks for TemplatePlanSettings: the beam arrangement (single AP or PA, AP/PA, lateral pair,
/// 3-field, 4-field box), the target structure (defaultPlanTarget first), the margin around
/// its beam's-eye view (default 7 mm), the leaf mode and the jaw margin. The caller hands
/// settings() to BeamPlanModel::createFromTemplate.
class TemplatePlanDialog : public QDialog {
  Q_OBJECT

 public:
  TemplatePlanDialog(const StructureSetModel& structures, QWidget* parent = nullptr);
  ~TemplatePlanDialog() override;

  TemplatePlanSettings settings() const;

 private:
  std::unique_ptr<Ui::TemplatePlanDialog> ui_;  // ui/template_plan_dialog.ui
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_TEMPLATE_PLAN_DIALOG_H
