#ifndef KERMA_APP_QT_DVH_CHART_H
#define KERMA_APP_QT_DVH_CHART_H

#include "vtk_gl_widget.h"

#include "kerma/app/evaluation_model.h"

#include <QPointF>

#include <optional>
#include <vector>

class vtkChartXY;
class vtkContextActor;
class vtkRenderer;
class vtkTable;

namespace kerma::app {

/// A DVH chart: VTK's vtkChartXY in a vtkContextActor, drawn through Kerma's VtkGlWidget bridge.
/// One line per curve of a DvhPlot in the structure's colour (grey for a white one, which would
/// vanish on the white background), axis titles with units, a legend;
/// the mouse position is reported in the plot's units.
class DvhChart : public VtkGlWidget {
  Q_OBJECT

 public:
  explicit DvhChart(QWidget* parent = nullptr);
  ~DvhChart() override;

  /// Replaces the curves and axis titles and schedules a render.
  void setPlot(const DvhPlot& plot);
  /// The data the chart plots: one table per curve, column 0 the dose, column 1 the volume, in
  /// the plot's units (what a test compares with eval's results).
  const std::vector<vtkTable*>& series() const { return seriesView_; }
  /// Whether series index is drawn dashed (DvhCurve::dashed).
  bool seriesDashed(std::size_t index) const;
  /// Chart coordinates (dose, volume, in the plot's units) of a widget point; nullopt outside
  /// the axes.
  std::optional<eval::DvhPoint> dataAt(const QPointF& position) const;
  /// Where the chart draws a point given in the plot's units, widget coordinates, with the axes
  /// as last rendered (setPlot lays them out anew at the next render); nullopt before the first
  /// render. Inverse of dataAt.
  std::optional<QPointF> positionOf(const eval::DvhPoint& point) const;
  /// Line width of the curves, device pixels.
  static constexpr float LINE_WIDTH_PX = 3;

 signals:
  /// The mouse is over the plot area at this dose and volume (plot units).
  void cursorMoved(double dose, double volume);
  void cursorLeft();

 protected:
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkContextActor> actor_;
  vtkSmartPointer<vtkChartXY> chart_;
  std::vector<vtkSmartPointer<vtkTable>> series_;
  std::vector<vtkTable*> seriesView_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_DVH_CHART_H
