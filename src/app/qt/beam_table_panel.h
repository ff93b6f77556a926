#ifndef KERMA_APP_QT_BEAM_TABLE_PANEL_H
#define KERMA_APP_QT_BEAM_TABLE_PANEL_H

#include "kerma/app/beam_plan_model.h"

#include <QWidget>

#include <array>

class QDoubleSpinBox;
class QLabel;
class QTableWidget;

namespace kerma::app {

/// The beam table: one row per beam with its name, gantry, collimator and couch angles (degrees,
/// IEC 61217), SSD (mm, read-only), energy, weight and monitor units (read-only: "—" until a
/// dose engine sets them through BeamPlanModel::setMonitorUnits). Name, angles, energy and
/// weight are edited in place through BeamPlanModel's editing API, so each edit is undoable and
/// checked against the machine; a refused edit shows the reason in a dialog. The selected row is
/// the selected beam, whose step-and-shoot segments (field-in-field) are listed under the table.
/// Buttons: New plan… (template on a target), Conform (the selected beam's MLC to the target
/// again), Delete, Shield…, Optimise weights, Field-in-field…. Under the table the plan's isocentre (LPS mm), editable
/// (BeamPlanModel::setIsocentre), with "At crosshair" and "Go to". refresh() re-reads the model.
class BeamTablePanel : public QWidget {
  Q_OBJECT

 public:
  enum Column { Name, Gantry, Collimator, Couch, Ssd, Energy, Weight, MonitorUnits, ColumnCount };
  enum SegmentColumn { SegmentName, SegmentShare, SegmentMonitorUnits, SegmentColumnCount };

  BeamTablePanel(BeamPlanModel& beams, QWidget* parent = nullptr);

  void refresh();
  QTableWidget* table() const { return table_; }
  /// The step-and-shoot segments of the selected beam (open field, subfields: share of the
  /// beam's MU and MU); hidden for a static beam.
  QTableWidget* segmentTable() const { return segments_; }
  /// The isocentre's x, y and z boxes.
  const std::array<QDoubleSpinBox*, 3>& isocentreBoxes() const { return isocentre_; }

 signals:
  /// The New plan… button was pressed.
  void newPlanRequested();
  /// "At crosshair": the isocentre is wanted where the views' crosshair is.
  void isocentreAtCrosshairRequested();
  /// "Go to": the views are wanted on the isocentre.
  void goToIsocentreRequested();
  /// "Optimise weights": the weights that lower the global maximum are wanted.
  void optimiseWeightsRequested();
  /// "Shield…": the selected beam's leaves are wanted closed over a structure.
  void shieldRequested();
  /// "Field-in-field…": subfields shielding the hot spots are wanted.
  void fieldInFieldRequested();

 private:
  void onCellChanged(int row, int column);
  void refreshSegments();
  void isocentreEdited();
  /// Runs an edit; a kerma::Error shows a dialog and the table re-reads the model.
  template <class Edit>
  void edit(Edit&& change);

  BeamPlanModel& beams_;
  QTableWidget* table_ = nullptr;
  QTableWidget* segments_ = nullptr;
  QLabel* summary_ = nullptr;
  std::array<QDoubleSpinBox*, 3> isocentre_{};
  bool refreshing_ = false;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_BEAM_TABLE_PANEL_H
