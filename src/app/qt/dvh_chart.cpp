#include "dvh_chart.h"

#include <QMouseEvent>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkRenderer.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

namespace kerma::app {

namespace {
constexpr int AXIS_FONT_PT = 13;
// A structure colour this light in every channel would vanish on the white chart.
constexpr int NEAR_WHITE = 230;
constexpr unsigned char NEAR_WHITE_REPLACEMENT = 128;

bool nearWhite(const structure::Rgb& colour) {
  return colour.r > NEAR_WHITE && colour.g > NEAR_WHITE && colour.b > NEAR_WHITE;
}
}

DvhChart::DvhChart(QWidget* parent)
    : VtkGlWidget(parent),
      renderer_(vtkSmartPointer<vtkRenderer>::New()),
      actor_(vtkSmartPointer<vtkContextActor>::New()),
      chart_(vtkSmartPointer<vtkChartXY>::New()) {
  renderer_->SetBackground(1, 1, 1);
  renderWindow()->AddRenderer(renderer_);
  actor_->GetScene()->AddItem(chart_);
  actor_->GetScene()->SetRenderer(renderer_);
  renderer_->AddActor(actor_);
  chart_->SetShowLegend(true);
  // Outside the plot area, which shrinks to make room: a legend never hides a curve.
  chart_->GetLegend()->SetInline(false);
  chart_->GetLegend()->SetHorizontalAlignment(vtkChartLegend::RIGHT);
  chart_->GetLegend()->SetVerticalAlignment(vtkChartLegend::TOP);
  for (const int side : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {
    vtkAxis* axis = chart_->GetAxis(side);
    axis->GetTitleProperties()->SetFontSize(AXIS_FONT_PT);
    axis->GetLabelProperties()->SetFontSize(AXIS_FONT_PT - 1);
  }
  setMouseTracking(true);
  setMinimumSize(320, 240);
}

DvhChart::~DvhChart() = default;

void DvhChart::setPlot(const DvhPlot& plot) {
  chart_->ClearPlots();
  series_.clear();
  seriesView_.clear();
  for (const DvhCurve& curve : plot.curves) {
    auto dose = vtkSmartPointer<vtkDoubleArray>::New();
    dose->SetName(plot.doseAxisTitle.c_str());
    auto volume = vtkSmartPointer<vtkDoubleArray>::New();
    volume->SetName(curve.name.c_str());  // the legend's label
    dose->SetNumberOfValues(vtkIdType(curve.points.size()));
    volume->SetNumberOfValues(vtkIdType(curve.points.size()));
    for (std::size_t n = 0; n < curve.points.size(); ++n) {
      dose->SetValue(vtkIdType(n), curve.points[n].dose);
      volume->SetValue(vtkIdType(n), curve.points[n].volume);
    }
    auto table = vtkSmartPointer<vtkTable>::New();
    table->AddColumn(dose);
    table->AddColumn(volume);
    vtkPlot* line = chart_->AddPlot(vtkChart::LINE);
    line->SetInputData(table, 0, 1);
    if (nearWhite(curve.colour))
      line->SetColor(NEAR_WHITE_REPLACEMENT, NEAR_WHITE_REPLACEMENT, NEAR_WHITE_REPLACEMENT, 255);
    else
      line->SetColor(curve.colour.r, curve.colour.g, curve.colour.b, 255);
    line->SetWidth(LINE_WIDTH_PX);
    line->GetPen()->SetLineType(curve.dashed ? vtkPen::DASH_LINE : vtkPen::SOLID_LINE);
    series_.push_back(table);
    seriesView_.push_back(table);
  }
  chart_->GetAxis(vtkAxis::BOTTOM)->SetTitle(plot.doseAxisTitle);
  chart_->GetAxis(vtkAxis::LEFT)->SetTitle(plot.volumeAxisTitle);
  chart_->RecalculateBounds();
  requestRender();
}

bool DvhChart::seriesDashed(std::size_t index) const {
  return chart_->GetPlot(vtkIdType(index))->GetPen()->GetLineType() == vtkPen::DASH_LINE;
}

std::optional<eval::DvhPoint> DvhChart::dataAt(const QPointF& position) const {
  // The scene's origin is the bottom left corner, in device pixels.
  const double ratio = devicePixelRatioF();
  const double sceneX = position.x() * ratio, sceneY = (height() - position.y()) * ratio;
  vtkAxis* bottom = chart_->GetAxis(vtkAxis::BOTTOM);
  vtkAxis* left = chart_->GetAxis(vtkAxis::LEFT);
  const float x0 = bottom->GetPoint1()[0], x1 = bottom->GetPoint2()[0];
  const float y0 = left->GetPoint1()[1], y1 = left->GetPoint2()[1];
  if (!(x1 > x0 && y1 > y0) || sceneX < x0 || sceneX > x1 || sceneY < y0 || sceneY > y1)
    return std::nullopt;
  const double dose =
      bottom->GetMinimum() + (sceneX - x0) / (x1 - x0) * (bottom->GetMaximum() - bottom->GetMinimum());
  const double volume =
      left->GetMinimum() + (sceneY - y0) / (y1 - y0) * (left->GetMaximum() - left->GetMinimum());
  return eval::DvhPoint{dose, volume};
}

std::optional<QPointF> DvhChart::positionOf(const eval::DvhPoint& point) const {
  vtkAxis* bottom = chart_->GetAxis(vtkAxis::BOTTOM);
  vtkAxis* left = chart_->GetAxis(vtkAxis::LEFT);
  const float x0 = bottom->GetPoint1()[0], x1 = bottom->GetPoint2()[0];
  const float y0 = left->GetPoint1()[1], y1 = left->GetPoint2()[1];
  const double doseRange = bottom->GetMaximum() - bottom->GetMinimum();
  const double volumeRange = left->GetMaximum() - left->GetMinimum();
  if (!(x1 > x0 && y1 > y0 && doseRange > 0 && volumeRange > 0)) return std::nullopt;
  const double sceneX = x0 + (point.dose - bottom->GetMinimum()) / doseRange * (x1 - x0);
  const double sceneY = y0 + (point.volume - left->GetMinimum()) / volumeRange * (y1 - y0);
  const double ratio = devicePixelRatioF();
  return QPointF(sceneX / ratio, height() - sceneY / ratio);
}

void DvhChart::mouseMoveEvent(QMouseEvent* event) {
  if (const auto point = dataAt(event->position()))
    emit cursorMoved(point->dose, point->volume);
  else
    emit cursorLeft();
}

void DvhChart::leaveEvent(QEvent*) { emit cursorLeft(); }

}  // namespace kerma::app
