#ifndef KERMA_APP_QT_MARGIN_DIALOG_H
#define KERMA_APP_QT_MARGIN_DIALOG_H

#include "kerma/app/margin_model.h"

#include <QDialog>

#include <array>
#include <memory>

class QDoubleSpinBox;

namespace Ui {
class MarginDialog;
}

namespace kerma::app {

/// Asks for MarginSettings: source, isotropic margin or six values (R, L, A, P, S, I), expand or
/// contract, an optional "within" structure, and a new structure (name) or one to replace. The
/// caller applies settings() with applyMargin.
class MarginDialog : public QDialog {
  Q_OBJECT

 public:
  MarginDialog(const StructureSetModel& structures, QWidget* parent = nullptr);
  ~MarginDialog() override;

  MarginSettings settings() const;
  void setSettings(const MarginSettings& settings);

 private:
  const StructureSetModel& structures_;
  std::unique_ptr<Ui::MarginDialog> ui_;  // ui/margin_dialog.ui
  std::array<QDoubleSpinBox*, 6> marginsMm_{};  // R, L, A, P, S, I
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_MARGIN_DIALOG_H
