#ifndef KERMA_APP_QT_BOOLEAN_DIALOG_H
#define KERMA_APP_QT_BOOLEAN_DIALOG_H

#include "kerma/app/boolean_model.h"

#include <QDialog>

#include <memory>

namespace Ui {
class BooleanDialog;
}

namespace kerma::app {

/// Asks for BooleanSettings: structures A and B, the operation (union, intersection, A − B,
/// exclusive or) and a new structure (name) or an existing one as the result. The layout is
/// ui/boolean_dialog.ui. The caller applies settings() with applyBoolean.
class BooleanDialog : public QDialog {
  Q_OBJECT

 public:
  BooleanDialog(const StructureSetModel& structures, QWidget* parent = nullptr);
  ~BooleanDialog() override;

  BooleanSettings settings() const;

 private:
  std::unique_ptr<Ui::BooleanDialog> ui_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_BOOLEAN_DIALOG_H
