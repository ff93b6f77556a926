#ifndef KERMA_APP_QT_DVH_PANEL_H
#define KERMA_APP_QT_DVH_PANEL_H

#include "kerma/app/evaluation_model.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;

namespace kerma::app {

class DvhChart;

/// The DVH panel: the chart of EvaluationModel::plot(), a check box per structure (in its colour)
/// to show or hide its curve, the volume unit (% or cm³), the prescription that adds the % dose
/// axis, the cursor read-out, and PNG and CSV export. Edits go to the model; refresh() redraws.
class DvhPanel : public QWidget {
  Q_OBJECT

 public:
  /// model must outlive the panel.
  explicit DvhPanel(EvaluationModel& model, QWidget* parent = nullptr);

  DvhChart* chart() const { return chart_; }
  /// Redraws the chart and the structure list from the model.
  void refresh();
  /// Saves what the chart shows as PNG / the plot as CSV (dvhCsv); false when it cannot be written.
  bool exportPng(const QString& file) const;
  bool exportCsv(const QString& file) const;
  /// Shows or hides structure index's curve, as its check box does.
  void setStructureShown(int index, bool shown);
  /// Sets the prescription (0: none), as its spin box does.
  void setPrescriptionGy(double prescriptionGy);
  /// Says under the chart why the DVHs could not be computed.
  void showProblem(const QString& text);

 signals:
  /// A display choice changed (volume unit, prescription): the statistics must be redrawn.
  void displayChanged();

 private:
  void showReadout(double dose, double volume);
  // The structures of the model, each with its colour, check box and whether it has a DVH.
  void refreshStructureList();

  EvaluationModel& model_;
  DvhChart* chart_ = nullptr;
  QListWidget* structureList_ = nullptr;
  QComboBox* volumeUnitBox_ = nullptr;
  QDoubleSpinBox* prescriptionBox_ = nullptr;
  QLabel* readout_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_DVH_PANEL_H
