#ifndef KERMA_APP_QT_CONSTRAINT_PANEL_H
#define KERMA_APP_QT_CONSTRAINT_PANEL_H

#include "kerma/app/evaluation_model.h"
#include "kerma/eval/constraints.h"

#include <QTableWidget>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;

namespace kerma::app {

/// Constraint results as rows: structure, metric, limit, measured value (with units) and the
/// outcome, coloured pass green, warn amber, fail red.
class ConstraintTable : public QTableWidget {
  Q_OBJECT

 public:
  explicit ConstraintTable(QWidget* parent = nullptr);
  void showResults(const std::vector<eval::ConstraintResult>& results);
  /// Column of the outcome ("pass", "warn", "fail", "not evaluated").
  static constexpr int OUTCOME_COLUMN = 4;
};

/// The constraint check: a template chosen in a combo box (resources/constraints/), the number
/// of fractions that picks its set, the template's source, and a ConstraintTable of
/// EvaluationModel::constraintResults().
class ConstraintPanel : public QWidget {
  Q_OBJECT

 public:
  /// model must outlive the panel; its templates are offered.
  explicit ConstraintPanel(EvaluationModel& model, QWidget* parent = nullptr);

  ConstraintTable* table() const { return table_; }
  /// Re-reads the model's results.
  void refresh();
  /// Picks template index and the fractions, as the controls do.
  void choose(int templateIndex, int fractions);

 private:
  EvaluationModel& model_;
  QComboBox* templateBox_ = nullptr;
  QSpinBox* fractionsBox_ = nullptr;
  QLabel* source_ = nullptr;
  ConstraintTable* table_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_CONSTRAINT_PANEL_H
