#ifndef KERMA_APP_QT_STRUCTURE_LIST_PANEL_H
#define KERMA_APP_QT_STRUCTURE_LIST_PANEL_H

#include "kerma/app/structure_set_model.h"

#include <QWidget>

class QTableWidget;

namespace kerma::app {

/// The structure list: one row per structure with a visibility checkbox, a colour swatch
/// (double click: QColorDialog), the name (editable), the RT ROI type (a menu) and the volume in
/// cm³; the selected row is the active structure. Add, Delete and the edits of name, type and
/// colour go through StructureSetModel's editing API, so each is undoable. refresh() re-reads
/// the model.
class StructureListPanel : public QWidget {
  Q_OBJECT

 public:
  /// Column of the table, in display order.
  enum Column { Visible, Colour, Name, Type, Volume, ColumnCount };

  explicit StructureListPanel(StructureSetModel& structures, QWidget* parent = nullptr);

  /// Re-reads names, types, colours, volumes, visibility and the active row.
  void refresh();
  QTableWidget* table() const { return table_; }

 signals:
  /// The user selected structure index in the list.
  void structureChosen(int index);

 private:
  void onCellChanged(int row, int column);
  void onCellDoubleClicked(int row, int column);
  void addStructure();
  void deleteStructure();

  StructureSetModel& structures_;
  QTableWidget* table_ = nullptr;
  bool refreshing_ = false;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_STRUCTURE_LIST_PANEL_H
