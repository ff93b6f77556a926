#ifndef KERMA_APP_QT_TEMPLATE_PLAN_DIALOG_H
#define KERMA_APP_QT_TEMPLATE_PLAN_DIALOG_H

#include "kerma/app/beam_plan_model.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;

namespace kerma::app {

/// Asks for TemplatePlanSettings: the beam arrangement (single AP or PA, AP/PA, lateral pair,
/// 3-field, 4-field box), the target structure (defaultPlanTarget first), the margin around
/// its beam's-eye view (default 7 mm), the leaf mode and the jaw margin. The caller hands
/// settings() to BeamPlanModel::createFromTemplate.
class TemplatePlanDialog : public QDialog {
  Q_OBJECT

 public:
  TemplatePlanDialog(const StructureSetModel& structures, QWidget* parent = nullptr);

  TemplatePlanSettings settings() const;

 private:
  QComboBox* template_ = nullptr;
  QComboBox* target_ = nullptr;
  QDoubleSpinBox* marginMm_ = nullptr;
  QComboBox* leafMode_ = nullptr;
  QDoubleSpinBox* jawMarginMm_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_TEMPLATE_PLAN_DIALOG_H
