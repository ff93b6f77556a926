#ifndef KERMA_APP_QT_STATISTICS_TABLE_H
#define KERMA_APP_QT_STATISTICS_TABLE_H

#include "kerma/app/evaluation_model.h"

#include <QTableWidget>

namespace kerma::app {

/// Read-only table of dose statistics (EvaluationModel::statisticsTable()): one row per
/// structure, headers with units.
class StatisticsTable : public QTableWidget {
  Q_OBJECT

 public:
  explicit StatisticsTable(QWidget* parent = nullptr);
  /// Replaces the table's contents by table.
  void showTable(const TextTable& table);
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_STATISTICS_TABLE_H
