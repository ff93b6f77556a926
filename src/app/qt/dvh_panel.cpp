#include "dvh_panel.h"

#include "dvh_chart.h"

#include "kerma/eval/prescription.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace kerma::app {

namespace {
QIcon colourIcon(const structure::Rgb& colour) {
  QPixmap swatch(12, 12);
  swatch.fill(QColor(colour.r, colour.g, colour.b));
  return QIcon(swatch);
}
}  // namespace

DvhPanel::DvhPanel(EvaluationModel& model, QWidget* parent) : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel("Volume:"));
  volumeUnitBox_ = new QComboBox;
  volumeUnitBox_->setObjectName("dvhVolumeUnit");
  volumeUnitBox_->addItems({"% of structure", "cm³"});
  controls->addWidget(volumeUnitBox_);
  controls->addWidget(new QLabel("  Prescription:"));
  prescriptionBox_ = new QDoubleSpinBox;
  prescriptionBox_->setObjectName("dvhPrescription");
  prescriptionBox_->setRange(0, eval::MAX_TOTAL_DOSE_GY);
  prescriptionBox_->setDecimals(2);
  prescriptionBox_->setSuffix(" Gy");
  prescriptionBox_->setSpecialValueText("none");
  controls->addWidget(prescriptionBox_);
  controls->addStretch(1);
  auto* pngButton = new QPushButton("Export PNG…");
  auto* csvButton = new QPushButton("Export CSV…");
  controls->addWidget(pngButton);
  controls->addWidget(csvButton);
  layout->addLayout(controls);

  auto* body = new QHBoxLayout;
  chart_ = new DvhChart;
  chart_->setObjectName("dvhChart");
  body->addWidget(chart_, 1);
  structureList_ = new QListWidget;
  structureList_->setObjectName("dvhStructures");
  structureList_->setMaximumWidth(170);
  body->addWidget(structureList_);
  layout->addLayout(body, 1);

  readout_ = new QLabel(" ");
  readout_->setObjectName("dvhReadout");
  layout->addWidget(readout_);

  connect(structureList_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    model_.setShown(structureList_->row(item), item->checkState() == Qt::Checked);
    refresh();
  });
  connect(volumeUnitBox_, &QComboBox::currentIndexChanged, this, [this](int index) {
    model_.setVolumeUnit(index == 0 ? eval::VolumeUnit::Percent : eval::VolumeUnit::Cc);
    refresh();
    emit displayChanged();
  });
  connect(prescriptionBox_, &QDoubleSpinBox::valueChanged, this, [this](double value) {
    model_.setPrescriptionGy(value > 0 ? std::optional<double>(value) : std::nullopt);
    refresh();
    emit displayChanged();
  });
  connect(chart_, &DvhChart::cursorMoved, this, &DvhPanel::showReadout);
  connect(chart_, &DvhChart::cursorLeft, this, [this] { readout_->setText(" "); });
  connect(pngButton, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, "Export DVH as PNG", "dvh.png", "PNG (*.png)");
    if (!file.isEmpty() && !exportPng(file))
      QMessageBox::warning(this, "Kerma: export failed", QString("Cannot write %1").arg(file));
  });
  connect(csvButton, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, "Export DVH as CSV", "dvh.csv", "CSV (*.csv)");
    if (!file.isEmpty() && !exportCsv(file))
      QMessageBox::warning(this, "Kerma: export failed", QString("Cannot write %1").arg(file));
  });
}

void DvhPanel::refresh() {
  refreshStructureList();
  chart_->setPlot(model_.plot());
  const DoseEvaluation* evaluation = model_.evaluation();
  // A read-out taken on the previous axes would be wrong now; the next mouse move writes one.
  readout_->setText(evaluation && evaluation->preview
                        ? QString("Preview (rows %1 mm apart); exact DVHs follow…").arg(PREVIEW_SAMPLE_STEP_MM)
                        : QString(" "));
}

void DvhPanel::refreshStructureList() {
  const QSignalBlocker quiet(structureList_);
  const DoseEvaluation* evaluation = model_.evaluation();
  const auto& structures = model_.structures();
  while (structureList_->count() > int(structures.size())) delete structureList_->takeItem(structureList_->count() - 1);
  for (int s = 0; s < int(structures.size()); ++s) {
    const auto& structure = structures[std::size_t(s)];
    if (s == structureList_->count()) structureList_->addItem(new QListWidgetItem);
    QListWidgetItem* item = structureList_->item(s);
    item->setIcon(colourIcon(structure.colour));
    item->setText(QString::fromStdString(structure.name));
    // Until the DVHs are computed every structure with contours may get one.
    const bool hasDvh = evaluation ? !evaluation->dvhs[std::size_t(s)].cumulativeCc.empty() : !structure.contours.empty();
    item->setFlags(hasDvh ? Qt::ItemIsEnabled | Qt::ItemIsUserCheckable : Qt::NoItemFlags);
    item->setCheckState(model_.shown(s) ? Qt::Checked : Qt::Unchecked);
  }
}

void DvhPanel::showProblem(const QString& text) { readout_->setText("<b>DVHs not computed:</b> " + text.toHtmlEscaped()); }

bool DvhPanel::exportPng(const QString& file) const { return chart_->grabFramebuffer().save(file, "PNG"); }

bool DvhPanel::exportCsv(const QString& file) const {
  QFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  const std::string csv = dvhCsv(model_.plot());
  return out.write(csv.data(), qint64(csv.size())) == qint64(csv.size());
}

void DvhPanel::setStructureShown(int index, bool shown) {
  structureList_->item(index)->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
}

void DvhPanel::setPrescriptionGy(double prescriptionGy) { prescriptionBox_->setValue(prescriptionGy); }

void DvhPanel::showReadout(double dose, double volume) {
  readout_->setText(QString::fromStdString(model_.cursorReadout(dose, volume)));
}

}  // namespace kerma::app
