#include "statistics_table.h"

#include <QHeaderView>

namespace kerma::app {

StatisticsTable::StatisticsTable(QWidget* parent) : QTableWidget(parent) {
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  verticalHeader()->hide();
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  // Sixteen columns in a dock beside the views: a point smaller, so that they fit its width.
  QFont compact = font();
  compact.setPointSizeF(compact.pointSizeF() - 1);
  setFont(compact);
  horizontalHeader()->setFont(compact);
  horizontalHeader()->setMinimumSectionSize(24);
}

void StatisticsTable::showTable(const TextTable& table) {
  clear();
  setColumnCount(int(table.headers.size()));
  setRowCount(int(table.rows.size()));
  QStringList headers;
  // Units on a second line: the table then fits the dock without scrolling sideways.
  for (const auto& header : table.headers) headers << QString::fromStdString(header).replace(" (", "\n(");
  setHorizontalHeaderLabels(headers);
  for (int row = 0; row < int(table.rows.size()); ++row)
    for (int column = 0; column < int(table.rows[std::size_t(row)].size()); ++column) {
      auto* item = new QTableWidgetItem(QString::fromStdString(table.rows[std::size_t(row)][std::size_t(column)]));
      if (column > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      setItem(row, column, item);
    }
}

}  // namespace kerma::app
