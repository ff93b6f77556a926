#include "contouring_panel.h"

#include "kerma/core/error.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <tuple>

namespace kerma::app {

namespace {
QDoubleSpinBox* huBox(double value, QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setRange(-1024, 4000);
  box->setDecimals(0);
  box->setSingleStep(10);
  box->setSuffix(" HU");
  box->setValue(value);
  return box;
}
}  // namespace

ContouringPanel::ContouringPanel(StructureSetModel& structures, BrushToolModel& brush,
                                 ThresholdToolModel& threshold, RegionGrowToolModel& grow,
                                 QWidget* parent)
    : QWidget(parent), structures_(structures), brush_(brush), threshold_(threshold), grow_(grow) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  // Tools.
  auto* toolBox = new QGroupBox("Tool (left button in a view)", this);
  auto* toolGrid = new QGridLayout(toolBox);
  tools_ = new QButtonGroup(this);
  const std::pair<ContouringTool, const char*> toolNames[] = {
      {ContouringTool::Navigate, "Navigate"}, {ContouringTool::Brush, "Brush"},
      {ContouringTool::Eraser, "Eraser"},     {ContouringTool::Polygon, "Polygon +"},
      {ContouringTool::PolygonCut, "Polygon −"}, {ContouringTool::RegionGrow, "Region grow"}};
  int slot = 0;
  for (const auto& [tool, name] : toolNames) {
    auto* button = new QPushButton(name, toolBox);
    button->setCheckable(true);
    button->setObjectName(QString("tool%1").arg(int(tool)));
    tools_->addButton(button, int(tool));
    toolGrid->addWidget(button, slot / 3, slot % 3);
    ++slot;
  }
  tools_->button(int(ContouringTool::Navigate))->setChecked(true);
  connect(tools_, &QButtonGroup::idClicked, this,
          [this](int id) { emit toolSelected(ContouringTool(id)); });
  auto* radius = brushRadius_ = new QDoubleSpinBox(toolBox);
  radius->setObjectName("brushRadius");
  radius->setRange(BrushToolModel::MIN_RADIUS_MM, BrushToolModel::MAX_RADIUS_MM);
  radius->setSuffix(" mm");
  radius->setDecimals(1);
  radius->setValue(brush_.radiusMm());
  connect(radius, &QDoubleSpinBox::valueChanged, this, [this](double mm) { brush_.setRadiusMm(mm); });
  toolGrid->addWidget(new QLabel("Brush radius", toolBox), 2, 0);
  toolGrid->addWidget(radius, 2, 1, 1, 2);
  toolGrid->addWidget(new QLabel("Polygon: click vertices or drag freehand, double click closes",
                                 toolBox), 3, 0, 1, 3);
  layout->addWidget(toolBox);

  // Threshold.
  auto* thresholdBox = new QGroupBox("Threshold into active structure", this);
  auto* thresholdForm = new QFormLayout(thresholdBox);
  thresholdLow_ = huBox(threshold_.lowHu(), thresholdBox);
  thresholdHigh_ = huBox(threshold_.highHu(), thresholdBox);
  auto* range = new QHBoxLayout;
  range->addWidget(thresholdLow_);
  range->addWidget(thresholdHigh_);
  thresholdForm->addRow("HU range", range);
  thresholdRegion_ = new QComboBox(thresholdBox);
  thresholdForm->addRow("Within", thresholdRegion_);
  thresholdPreview_ = new QCheckBox("Live preview", thresholdBox);
  thresholdPreview_->setObjectName("thresholdPreview");
  auto* thresholdApply = new QPushButton("Apply threshold", thresholdBox);
  thresholdApply->setObjectName("thresholdApply");
  auto* thresholdButtons = new QHBoxLayout;
  thresholdButtons->addWidget(thresholdPreview_);
  thresholdButtons->addWidget(thresholdApply);
  thresholdForm->addRow(thresholdButtons);
  layout->addWidget(thresholdBox);
  for (auto* box : {thresholdLow_, thresholdHigh_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &ContouringPanel::updateThresholdPreview);
  connect(thresholdRegion_, &QComboBox::activated, this, &ContouringPanel::updateThresholdPreview);
  connect(thresholdPreview_, &QCheckBox::toggled, this, [this](bool on) {
    if (on) updateThresholdPreview();
    else structures_.setPreview(nullptr);
  });
  connect(thresholdApply, &QPushButton::clicked, this, [this] {
    updateThresholdPreview();
    thresholdPreview_->setChecked(false);
    if (!threshold_.apply())
      QMessageBox::information(this, "Kerma: threshold", "Select the structure to add to first.");
  });

  // Region growing.
  auto* growBox = new QGroupBox("Region growing (click a seed)", this);
  auto* growForm = new QFormLayout(growBox);
  growMethod_ = new QComboBox(growBox);
  growMethod_->addItem("Confidence connected", int(GrowMethod::ConfidenceConnected));
  growMethod_->addItem("HU range", int(GrowMethod::HuRange));
  growForm->addRow("Method", growMethod_);
  growLow_ = huBox(grow_.settings().lowHu, growBox);
  growHigh_ = huBox(grow_.settings().highHu, growBox);
  auto* growRange = new QHBoxLayout;
  growRange->addWidget(growLow_);
  growRange->addWidget(growHigh_);
  growForm->addRow("HU range", growRange);
  growMultiplier_ = new QDoubleSpinBox(growBox);
  growMultiplier_->setRange(0.5, 10);
  growMultiplier_->setSingleStep(0.1);
  growMultiplier_->setValue(grow_.settings().multiplier);
  growForm->addRow("Multiplier (σ)", growMultiplier_);
  auto* growApply = new QPushButton("Apply region", growBox);
  auto* growClear = new QPushButton("Clear preview", growBox);
  auto* growButtons = new QHBoxLayout;
  growButtons->addWidget(growApply);
  growButtons->addWidget(growClear);
  growForm->addRow(growButtons);
  layout->addWidget(growBox);
  connect(growMethod_, &QComboBox::activated, this, &ContouringPanel::readGrowSettings);
  for (auto* box : {growLow_, growHigh_, growMultiplier_})
    connect(box, &QDoubleSpinBox::editingFinished, this, &ContouringPanel::readGrowSettings);
  connect(growApply, &QPushButton::clicked, this, [this] {
    if (!grow_.apply())
      QMessageBox::information(this, "Kerma: region growing",
                               "Click a seed with the Region grow tool and select the target "
                               "structure first.");
  });
  connect(growClear, &QPushButton::clicked, this, [this] { structures_.setPreview(nullptr); });

  // Commands.
  auto* commandBox = new QGroupBox("Structure operations", this);
  auto* commands = new QHBoxLayout(commandBox);
  const std::tuple<const char*, const char*, void (ContouringPanel::*)()> commandNames[] = {
      {"Interpolate", "interpolateButton", &ContouringPanel::interpolateRequested},
      {"Margin…", "marginButton", &ContouringPanel::marginRequested},
      {"Boolean…", "booleanButton", &ContouringPanel::booleanRequested}};
  for (const auto& [name, objectName, signal] : commandNames) {
    auto* button = new QPushButton(name, commandBox);
    button->setObjectName(objectName);
    connect(button, &QPushButton::clicked, this, signal);
    commands->addWidget(button);
  }
  layout->addWidget(commandBox);

  // Display.
  auto* displayBox = new QGroupBox("Display", this);
  auto* display = new QHBoxLayout(displayBox);
  fill_ = new QCheckBox("Filled", displayBox);
  outline_ = new QCheckBox("Outline", displayBox);
  fill_->setChecked(true);
  outline_->setChecked(true);
  display->addWidget(fill_);
  display->addWidget(outline_);
  layout->addWidget(displayBox);
  for (auto* box : {fill_, outline_}) {
    connect(box, &QCheckBox::toggled, this, [this] {
      OverlayStyle style;
      style.fill = fill_->isChecked();
      style.outline = outline_->isChecked();
      emit overlayStyleChanged(style);
    });
  }
  layout->addStretch(1);
  refresh();
}

void ContouringPanel::selectTool(ContouringTool tool) {
  tools_->button(int(tool))->setChecked(true);
  emit toolSelected(tool);
}

void ContouringPanel::refresh() {
  if (brushRadius_->value() != brush_.radiusMm()) {
    const QSignalBlocker blocker(brushRadius_);
    brushRadius_->setValue(brush_.radiusMm());
  }
  const int current = thresholdRegion_->currentIndex();
  thresholdRegion_->clear();
  thresholdRegion_->addItem("(whole CT)");
  for (int n = 0; n < structures_.count(); ++n)
    thresholdRegion_->addItem(QString::fromStdString(structures_.structure(n).name));
  thresholdRegion_->setCurrentIndex(current >= 0 && current < thresholdRegion_->count() ? current : 0);
}

void ContouringPanel::updateThresholdPreview() {
  threshold_.setRange(thresholdLow_->value(), thresholdHigh_->value());
  const int region = thresholdRegion_->currentIndex() - 1;
  threshold_.setRegionIndex(region >= 0 && region < structures_.count() ? std::optional<int>(region)
                                                                         : std::nullopt);
  if (thresholdPreview_->isChecked()) threshold_.updatePreview();
}

void ContouringPanel::readGrowSettings() {
  GrowSettings settings = grow_.settings();
  settings.method = GrowMethod(growMethod_->currentData().toInt());
  settings.lowHu = growLow_->value();
  settings.highHu = growHigh_->value();
  settings.multiplier = growMultiplier_->value();
  grow_.setSettings(settings);
  if (grow_.hasSeed()) emit regrowRequested();
}

}  // namespace kerma::app
