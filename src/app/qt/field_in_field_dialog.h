#ifndef KERMA_APP_QT_FIELD_IN_FIELD_DIALOG_H
#define KERMA_APP_QT_FIELD_IN_FIELD_DIALOG_H

#include "kerma/plan/field_in_field.h"

#include <QDialog>

#include <memory>

namespace Ui {
class FieldInFieldDialog;
}

namespace kerma::app {

/// *Field-in-field…*: the isodose level the subfields shield and how many a beam may get. The
/// layout is ui/field_in_field_dialog.ui.
class FieldInFieldDialog : public QDialog {
  Q_OBJECT

 public:
  explicit FieldInFieldDialog(QWidget* parent = nullptr);
  ~FieldInFieldDialog() override;

  plan::FieldInFieldOptions options() const;

 private:
  std::unique_ptr<Ui::FieldInFieldDialog> ui_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_FIELD_IN_FIELD_DIALOG_H
