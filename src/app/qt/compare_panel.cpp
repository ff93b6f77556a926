#include "compare_panel.h"

#include "background_task.h"
#include "dvh_chart.h"
#include "statistics_table.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace kerma::app {

namespace {

QDoubleSpinBox* criterionBox(const char* name, double value, const char* suffix, QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setObjectName(name);
  box->setRange(0.1, 10);
  box->setDecimals(1);
  box->setSingleStep(0.5);
  box->setValue(value);
  box->setSuffix(suffix);
  return box;
}

}  // namespace

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* sources = new QHBoxLayout;
  sources->addWidget(new QLabel("Compare the plan's dose with:", this));
  auto* rtDose = new QPushButton("RT Dose…", this);
  rtDose->setObjectName("compareRtDoseButton");
  rtDose->setToolTip("an RT Dose of this patient, e.g. from another planning system");
  auto* approved = new QPushButton("Approved revision", this);
  approved->setObjectName("compareApprovedButton");
  approved->setToolTip("the plan's last approved revision");
  auto* clearButton = new QPushButton("Clear", this);
  clearButton->setObjectName("compareClearButton");
  sources->addWidget(rtDose);
  sources->addWidget(approved);
  sources->addWidget(clearButton);
  sources->addStretch(1);
  layout->addLayout(sources);

  auto* form = new QFormLayout;
  auto* criteria = new QHBoxLayout;
  const eval::GammaCriteria defaults;
  dosePercent_ = criterionBox("compareDosePercent", defaults.dosePercent, " %", this);
  dtaMm_ = criterionBox("compareDtaMm", defaults.dtaMm, " mm", this);
  criteria->addWidget(dosePercent_);
  criteria->addWidget(dtaMm_);
  criteria->addStretch(1);
  form->addRow("Gamma (global, 10 % threshold):", criteria);
  shownBox_ = new QComboBox(this);
  shownBox_->setObjectName("compareShownBox");
  shownBox_->addItems({"the plan's dose", "difference (other − plan)", "gamma"});
  form->addRow("The views show:", shownBox_);
  layout->addLayout(form);
  summary_ = new QLabel("No comparison: choose a dose to compare with.", this);
  summary_->setObjectName("comparisonSummary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  auto* split = new QSplitter(Qt::Vertical, this);
  chart_ = new DvhChart;
  chart_->setObjectName("comparisonChart");
  table_ = new StatisticsTable;
  table_->setObjectName("comparisonTable");
  split->addWidget(chart_);
  split->addWidget(table_);
  split->setSizes({600, 300});
  layout->addWidget(split, 1);

  connect(rtDose, &QPushButton::clicked, this, &ComparePanel::rtDoseRequested);
  connect(approved, &QPushButton::clicked, this, &ComparePanel::approvedRevisionRequested);
  connect(clearButton, &QPushButton::clicked, this, &ComparePanel::clear);
  connect(shownBox_, &QComboBox::currentIndexChanged, this, &ComparePanel::shownChanged);
}

eval::GammaCriteria ComparePanel::criteria() const {
  eval::GammaCriteria criteria;
  criteria.dosePercent = dosePercent_->value();
  criteria.dtaMm = dtaMm_->value();
  return criteria;
}

ComparePanel::Shown ComparePanel::shown() const {
  return comparison_ ? Shown(shownBox_->currentIndex()) : Shown::PlanDose;
}

void ComparePanel::setShown(Shown shown) { shownBox_->setCurrentIndex(int(shown)); }

QFuture<void> ComparePanel::compare(PlanDose reference, PlanDose evaluated, std::vector<structure::Structure> structures) {
  const std::uint64_t request = ++requested_;
  summary_->setText(QString("Comparing with %1…").arg(QString::fromStdString(evaluated.origin)));
  const eval::GammaCriteria criteria = this->criteria();
  return runInBackground(
      this,
      [reference = std::move(reference), evaluated = std::move(evaluated), structures, criteria] {
        return comparePlanDoses(reference, evaluated, structures, criteria);
      },
      [this, request, structures](TaskOutcome<PlanComparison> outcome) {
        if (request != requested_) return;  // a later comparison, or a clear, came since
        if (const auto* error = std::get_if<Error>(&outcome)) {
          summary_->setText(QString("Not compared: %1").arg(error->what()));
          return;
        }
        comparison_ = std::move(std::get<0>(outcome));
        structures_ = structures;
        showComparison();
        emit shownChanged();
      });
}

void ComparePanel::clear() {
  ++requested_;
  const bool had = comparison_.has_value();
  comparison_.reset();
  structures_.clear();
  summary_->setText("No comparison: choose a dose to compare with.");
  chart_->setPlot({});
  table_->showTable({});
  if (had) emit shownChanged();
}

void ComparePanel::showComparison() {
  summary_->setText(QString("%1 against %2: %3")
                        .arg(QString::fromStdString(comparison_->evaluatedLabel),
                             QString::fromStdString(comparison_->referenceLabel),
                             QString::fromStdString(describe(*comparison_))));
  chart_->setPlot(comparisonPlot(*comparison_, structures_));
  table_->showTable(comparisonTable(*comparison_));
}

}  // namespace kerma::app
