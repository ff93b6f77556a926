#include "dose_panel.h"

#include "kerma/core/error.h"

#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QHeaderView>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kerma::app {

namespace {
// Room for about five points before the table scrolls, and for three at least.
constexpr int POINT_TABLE_HEIGHT_PX = 150;
constexpr int POINT_TABLE_MIN_HEIGHT_PX = 105;

struct NormalisationChoice {
  const char* label;
  eval::Normalisation value;
};
constexpr NormalisationChoice NORMALISATIONS[] = {{"target D95", eval::Normalisation::TargetD95},
                                                  {"target mean", eval::Normalisation::TargetMean},
                                                  {"isocentre", eval::Normalisation::Isocentre}};
}  // namespace

DosePanel::DosePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* plan = new QFormLayout;
  target_ = new QComboBox(this);
  target_->setObjectName("doseTarget");
  prescription_ = new QLineEdit("20Gy/5", this);
  prescription_->setObjectName("dosePrescription");
  normalisation_ = new QComboBox(this);
  for (const auto& n : NORMALISATIONS) normalisation_->addItem(n.label);
  grid_ = new QDoubleSpinBox(this);
  grid_->setRange(dose::MIN_DOSE_GRID_MM, dose::MAX_DOSE_GRID_MM);
  grid_->setSingleStep(0.5);
  grid_->setValue(dose::DEFAULT_DOSE_GRID_MM);
  grid_->setSuffix(" mm");
  plan->addRow("Normalised on", target_);
  plan->addRow("Prescription", prescription_);
  plan->addRow("Normalise to", normalisation_);
  plan->addRow("Dose grid", grid_);
  layout->addLayout(plan);
  compute_ = new QPushButton("Compute dose", this);
  compute_->setObjectName("computeDoseButton");
  layout->addWidget(compute_);
  result_ = new QLabel(this);
  result_->setWordWrap(true);
  layout->addWidget(result_);
  blockers_ = new QLabel(this);
  blockers_->setObjectName("doseBlockersLabel");
  blockers_->setWordWrap(true);
  blockers_->setStyleSheet("QLabel#doseBlockersLabel { color: #c62828; font-weight: bold; }");
  blockers_->hide();
  layout->addWidget(blockers_);
  auto* maximum = new QHBoxLayout;
  globalMaximum_ = new QLabel(this);
  globalMaximum_->setObjectName("globalMaximumLabel");
  globalMaximum_->setWordWrap(true);
  goToMaximum_ = new QPushButton("Go to", this);
  goToMaximum_->setObjectName("goToGlobalMaximumButton");
  goToMaximum_->setToolTip("Show the global maximum in the three views");
  maximum->addWidget(globalMaximum_, 1);
  maximum->addWidget(goToMaximum_);
  layout->addLayout(maximum);
  connect(goToMaximum_, &QPushButton::clicked, this, &DosePanel::goToGlobalMaximumRequested);
  setGlobalMaximum({}, false);

  layout->addWidget(new QLabel("Reference points (Gy per fraction; total of the course)", this));
  points_ = new QTableWidget(this);
  points_->setObjectName("referencePointTable");
  points_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  points_->setSelectionBehavior(QAbstractItemView::SelectRows);
  points_->setSelectionMode(QAbstractItemView::SingleSelection);
  points_->verticalHeader()->hide();
  points_->setMinimumHeight(POINT_TABLE_MIN_HEIGHT_PX);
  points_->setMaximumHeight(POINT_TABLE_HEIGHT_PX);
  layout->addWidget(points_);
  auto* pointButtons = new QHBoxLayout;
  auto* addPoint = new QPushButton("Add at crosshair…", this);
  addPoint->setObjectName("addReferencePointButton");
  auto* removePoint = new QPushButton("Remove", this);
  removePoint->setObjectName("removeReferencePointButton");
  pointButtons->addWidget(addPoint);
  pointButtons->addWidget(removePoint);
  pointButtons->addStretch(1);
  layout->addLayout(pointButtons);
  connect(addPoint, &QPushButton::clicked, this, &DosePanel::addReferencePointRequested);
  connect(removePoint, &QPushButton::clicked, this, [this] {
    const int row = points_->currentRow();
    if (row >= 0) emit removeReferencePointRequested(points_->item(row, 0)->text());
  });

  auto* display = new QFormLayout;
  wash_ = new QCheckBox("colour wash", this);
  wash_->setChecked(true);
  isodoses_ = new QCheckBox("isodose lines", this);
  isodoses_->setChecked(true);
  minGy_ = new QDoubleSpinBox(this);
  maxGy_ = new QDoubleSpinBox(this);
  for (QDoubleSpinBox* box : {minGy_, maxGy_}) {
    box->setRange(0, 200);
    box->setDecimals(1);
    box->setSuffix(" Gy");
  }
  opacity_ = new QSlider(Qt::Horizontal, this);
  opacity_->setRange(0, 100);
  opacity_->setValue(int(style_.opacity * 100));
  display->addRow(wash_);
  display->addRow("Wash from", minGy_);
  display->addRow("to", maxGy_);
  display->addRow("Opacity", opacity_);
  display->addRow(isodoses_);
  isodoseLevels_ = new QLineEdit(this);
  isodoseLevels_->setObjectName("isodoseLevels");
  isodoseLevels_->setToolTip("% of the prescription, or a dose with Gy: 107, 100, 95, 18 Gy");
  display->addRow("Levels", isodoseLevels_);
  auto* toStructure = new QPushButton("Isodose to structure…", this);
  toStructure->setObjectName("isodoseToStructureButton");
  display->addRow(toStructure);
  connect(toStructure, &QPushButton::clicked, this, &DosePanel::isodoseToStructureRequested);
  connect(isodoseLevels_, &QLineEdit::editingFinished, this, &DosePanel::readIsodoseLevels);
  legend_ = new QLabel(this);
  legend_->setObjectName("isodoseLegend");
  display->addRow(legend_);
  layout->addLayout(display);
  layout->addStretch(1);

  connect(compute_, &QPushButton::clicked, this, &DosePanel::computeRequested);
  for (QCheckBox* box : {wash_, isodoses_}) connect(box, &QCheckBox::toggled, this, &DosePanel::readControls);
  for (QDoubleSpinBox* box : {minGy_, maxGy_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &DosePanel::readControls);
  connect(opacity_, &QSlider::valueChanged, this, &DosePanel::readControls);
}

void DosePanel::setTargets(const std::vector<std::string>& names, const std::string& preferred) {
  const QString chosen = target_->currentText();
  target_->clear();
  for (const auto& name : names) target_->addItem(QString::fromStdString(name));
  int index = target_->findText(chosen);
  if (index < 0) index = target_->findText(QString::fromStdString(preferred));
  if (index >= 0) target_->setCurrentIndex(index);
}

PlanDoseRequest DosePanel::request() const {
  PlanDoseRequest r;
  r.target = target_->currentText().toStdString();
  r.prescription = prescription_->text().toStdString();
  r.normalisation = NORMALISATIONS[std::max(0, normalisation_->currentIndex())].value;
  r.gridMm = grid_->value();
  return r;
}

void DosePanel::setStyle(const DoseWashStyle& style) {
  style_ = style;
  updating_ = true;
  wash_->setChecked(style.wash);
  isodoses_->setChecked(style.isodoses);
  minGy_->setValue(style.minGy);
  maxGy_->setValue(style.maxGy);
  opacity_->setValue(int(std::lround(style.opacity * 100)));
  isodoseLevels_->setText(QString::fromStdString(isodoseLevelsText(style.isodosePercent)));
  isodoseLevels_->setStyleSheet({});
  updating_ = false;
}

void DosePanel::setIsodoseLegend(const std::vector<IsodoseLevel>& levels) {
  QString rows;
  for (const IsodoseLevel& level : levels)
    rows += QString("<tr><td style='background:%1'>&nbsp;&nbsp;&nbsp;&nbsp;</td><td>&nbsp;%2 %</td>"
                    "<td align='right'>&nbsp;%3 Gy</td></tr>")
                .arg(QColor(level.colour.r, level.colour.g, level.colour.b).name())
                .arg(level.percent, 0, 'f', 0)
                .arg(level.doseGy, 0, 'f', 2);
  legend_->setText(rows.isEmpty() ? QString() : "<table cellspacing='2'>" + rows + "</table>");
}

void DosePanel::setResult(const std::string& origin, double calculationS) {
  result_->setText(QString("%1 (%2 s); MU per beam in the beam table")
                       .arg(QString::fromStdString(origin).toHtmlEscaped())
                       .arg(calculationS, 0, 'f', 1));
}

void DosePanel::setBlockers(const std::vector<std::string>& blockers) {
  QStringList lines;
  for (const auto& line : blockers) lines << QString::fromStdString(line).toHtmlEscaped();
  blockers_->setText("Blocked for approval and export:<br>• " + lines.join("<br>• "));
  blockers_->setVisible(!blockers.empty());
}

void DosePanel::setGlobalMaximum(const QString& text, bool hotSpot) {
  globalMaximum_->setText(text.isEmpty() ? QString() : "Global maximum " + text.toHtmlEscaped() +
                                                           (hotSpot ? "<br>hot spot: approval must accept it" : ""));
  globalMaximum_->setStyleSheet(hotSpot ? "color: #c62828; font-weight: bold;" : "");
  globalMaximum_->setVisible(!text.isEmpty());
  goToMaximum_->setVisible(!text.isEmpty());
}

void DosePanel::setReferencePoints(const std::vector<std::string>& beamNames,
                                   const std::vector<plan::ReferencePoint>& points,
                                   const std::vector<std::optional<plan::PointDose>>& doses,
                                   const std::vector<std::string>& priorLabels,
                                   const std::vector<plan::CumulativePointDose>& cumulative) {
  QStringList header{"point", "x, y, z (mm)"};
  for (const auto& name : beamNames) header << QString::fromStdString(name);
  header << "fraction" << "total";
  const bool courses = !priorLabels.empty() && cumulative.size() == points.size();
  if (courses) {
    for (const auto& label : priorLabels) header << QString::fromStdString(label);
    header << "all courses" << QString("EQD2 α/β %1").arg(POINT_ALPHA_BETA_GY);
  }
  points_->clear();
  points_->setColumnCount(int(header.size()));
  points_->setHorizontalHeaderLabels(header);
  points_->setRowCount(int(points.size()));
  for (int row = 0; row < int(points.size()); ++row) {
    const auto& p = points[std::size_t(row)].positionMm;
    auto cell = [&](int column, const QString& text) { points_->setItem(row, column, new QTableWidgetItem(text)); };
    cell(0, QString::fromStdString(points[std::size_t(row)].name));
    cell(1, QString("%1, %2, %3").arg(p.x, 0, 'f', 1).arg(p.y, 0, 'f', 1).arg(p.z, 0, 'f', 1));
    const auto& dose = row < int(doses.size()) ? doses[std::size_t(row)] : std::nullopt;
    for (int b = 0; b < int(beamNames.size()); ++b)
      cell(2 + b, dose ? QString::number(dose->beamGyPerFraction[std::size_t(b)], 'f', 2) : "–");
    cell(2 + int(beamNames.size()), dose ? QString::number(dose->fractionGy, 'f', 2) : "–");
    cell(3 + int(beamNames.size()), dose ? QString::number(dose->totalGy, 'f', 2) : "–");
    if (!courses) continue;
    const auto gy = [](const std::optional<double>& value) { return value ? QString::number(*value, 'f', 2) : QString("–"); };
    const plan::CumulativePointDose& all = cumulative[std::size_t(row)];
    int column = 4 + int(beamNames.size());
    for (const auto& prior : all.priorGy) cell(column++, gy(prior));
    cell(column++, gy(all.physicalGy));
    cell(column, gy(all.eqd2Gy));
  }
  points_->resizeColumnsToContents();
}

void DosePanel::readIsodoseLevels() {
  try {
    style_.isodosePercent = parseIsodoseLevels(isodoseLevels_->text().toStdString(), style_.prescriptionGy);
  } catch (const Error& e) {
    isodoseLevels_->setStyleSheet("color: #c62828;");
    isodoseLevels_->setToolTip(QString::fromStdString(e.what()));
    return;
  }
  isodoseLevels_->setStyleSheet({});
  isodoseLevels_->setToolTip("% of the prescription, or a dose with Gy: 107, 100, 95, 18 Gy");
  readControls();
}

void DosePanel::readControls() {
  if (updating_) return;
  style_.wash = wash_->isChecked();
  style_.isodoses = isodoses_->isChecked();
  style_.minGy = minGy_->value();
  style_.maxGy = maxGy_->value();
  style_.opacity = opacity_->value() / 100.0;
  emit styleChanged(style_);
}

}  // namespace kerma::app
