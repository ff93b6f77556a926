#ifndef KERMA_APP_QT_BOOLEAN_DIALOG_H
#define KERMA_APP_QT_BOOLEAN_DIALOG_H

#include "kerma/app/boolean_model.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace kerma::app {

/// Asks for BooleanSettings: structures A and B, the operation (union, intersection, A − B,
/// exclusive or) and a new structure (name) or an existing one as the result. The caller applies
/// settings() with applyBoolean.
class BooleanDialog : public QDialog {
  Q_OBJECT

 public:
  BooleanDialog(const StructureSetModel& structures, QWidget* parent = nullptr);

  BooleanSettings settings() const;

 private:
  QComboBox* a_ = nullptr;
  QComboBox* b_ = nullptr;
  QComboBox* operation_ = nullptr;
  QComboBox* output_ = nullptr;
  QLineEdit* name_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_BOOLEAN_DIALOG_H
