#include "constraint_panel.h"

#include "kerma/eval/prescription.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kerma::app {

namespace {

QString unitOf(const eval::DvhMetric& metric) {
  if (metric.kind != eval::DvhMetric::Kind::VolumeAtDose) return "Gy";
  return metric.volumeUnit == eval::VolumeUnit::Percent ? "%" : "cm³";
}

QColor outcomeColour(eval::ConstraintOutcome outcome) {
  switch (outcome) {
    case eval::ConstraintOutcome::Pass: return QColor(170, 230, 170);
    case eval::ConstraintOutcome::Warn: return QColor(255, 215, 130);
    case eval::ConstraintOutcome::Fail: return QColor(245, 150, 150);
    case eval::ConstraintOutcome::NotEvaluated: return QColor(225, 225, 225);
  }
  return QColor(225, 225, 225);
}

}  // namespace

ConstraintTable::ConstraintTable(QWidget* parent) : QTableWidget(parent) {
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  verticalHeader()->hide();
  setColumnCount(6);
  setHorizontalHeaderLabels({"Structure", "Metric", "Limit", "Value", "Result", "Note"});
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setStretchLastSection(true);
}

void ConstraintTable::showResults(const std::vector<eval::ConstraintResult>& results) {
  setRowCount(int(results.size()));
  for (int row = 0; row < int(results.size()); ++row) {
    const eval::ConstraintResult& r = results[std::size_t(row)];
    const eval::Constraint& c = r.constraint;
    const QString unit = unitOf(c.metric);
    QString limit = c.max ? QString("≤ %1 %2").arg(*c.max).arg(unit) : QString("≥ %1 %2").arg(*c.min).arg(unit);
    if (c.warn) limit += QString(" (warn %1)").arg(*c.warn);
    const QString structure = r.structureFound.empty()
                                  ? QString::fromStdString(c.structure) + " (absent)"
                                  : QString::fromStdString(r.structureFound);
    const QString value = r.value ? QString("%1 %2").arg(*r.value, 0, 'f', 2).arg(unit) : QString("–");
    const QStringList cells = {structure, QString::fromStdString(c.metricText), limit, value,
                               QString::fromUtf8(eval::outcomeName(r.outcome).data(),
                                                 qsizetype(eval::outcomeName(r.outcome).size())),
                               QString::fromStdString(c.note)};
    for (int column = 0; column < int(cells.size()); ++column) setItem(row, column, new QTableWidgetItem(cells[column]));
    item(row, OUTCOME_COLUMN)->setBackground(outcomeColour(r.outcome));
  }
}

ConstraintPanel::ConstraintPanel(EvaluationModel& model, QWidget* parent) : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel("Template:"));
  templateBox_ = new QComboBox;
  templateBox_->setObjectName("constraintTemplate");
  for (const auto& tmpl : model_.constraintTemplates())
    templateBox_->addItem(QString::fromStdString(tmpl.name + " — " + tmpl.version));
  controls->addWidget(templateBox_, 1);
  controls->addWidget(new QLabel("Fractions:"));
  fractionsBox_ = new QSpinBox;
  fractionsBox_->setObjectName("constraintFractions");
  fractionsBox_->setRange(1, eval::MAX_FRACTIONS);
  fractionsBox_->setValue(model_.fractions());
  controls->addWidget(fractionsBox_);
  layout->addLayout(controls);
  source_ = new QLabel;
  source_->setObjectName("constraintSource");
  source_->setWordWrap(true);
  source_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(source_);
  table_ = new ConstraintTable;
  table_->setObjectName("constraintTable");
  layout->addWidget(table_, 1);

  connect(templateBox_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index >= 0) model_.setTemplateIndex(index);
    refresh();
  });
  connect(fractionsBox_, &QSpinBox::valueChanged, this, [this](int fractions) {
    model_.setFractions(fractions);
    refresh();
  });
  refresh();
}

void ConstraintPanel::refresh() {
  {
    // The fractions follow the plan's prescription (EvaluationModel::setPlanDose).
    const QSignalBlocker quiet(fractionsBox_);
    fractionsBox_->setValue(model_.fractions());
  }
  const auto index = model_.templateIndex();
  if (!index) {
    source_->setText("No constraint templates found.");
    table_->showResults({});
    return;
  }
  const auto& tmpl = model_.constraintTemplates()[std::size_t(*index)];
  QString text = QString("<b>Source:</b> %1").arg(QString::fromStdString(tmpl.source).toHtmlEscaped());
  if (!eval::constraintsFor(tmpl, model_.fractions()))
    text += QString("<br><b>This template has no constraints for %1 fractions.</b>").arg(model_.fractions());
  source_->setText(text);
  table_->showResults(model_.constraintResults());
}

void ConstraintPanel::choose(int templateIndex, int fractions) {
  templateBox_->setCurrentIndex(templateIndex);
  fractionsBox_->setValue(fractions);
  model_.setTemplateIndex(templateIndex);
  refresh();
}

}  // namespace kerma::app
