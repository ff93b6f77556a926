#ifndef KERMA_APP_QT_SHIELD_DIALOG_H
#define KERMA_APP_QT_SHIELD_DIALOG_H

#include "kerma/beams/mlc_shielding.h"

#include <QDialog>
#include <QStringList>

#include <memory>

namespace Ui {
class ShieldDialog;
}

namespace kerma::app {

/// *Shield structure…* of a beam: which structure (of organs, the offered names), its margin and
/// the rule where it overlaps the target. The layout is ui/shield_dialog.ui.
class ShieldDialog : public QDialog {
  Q_OBJECT

 public:
  ShieldDialog(const QStringList& organs, QWidget* parent = nullptr);
  ~ShieldDialog() override;

  QString organ() const;
  /// Margin and rule; the target's margin is the plan's (BeamPlanModel::shieldStructure).
  beams::ShieldingOptions options() const;

 private:
  std::unique_ptr<Ui::ShieldDialog> ui_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_SHIELD_DIALOG_H
