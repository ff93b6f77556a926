#include "beam_table_panel.h"

#include "kerma/core/error.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace kerma::app {

namespace {
// The isocentre boxes accept any point within a patient-sized box.
constexpr double ISOCENTRE_RANGE_MM = 2000;

QTableWidgetItem* numberItem(double value, int decimals, bool editable) {
  auto* item = new QTableWidgetItem(QString::number(value, 'f', decimals));
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  if (!editable) item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  return item;
}
}  // namespace

BeamTablePanel::BeamTablePanel(BeamPlanModel& beams, QWidget* parent) : QWidget(parent), beams_(beams) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  summary_ = new QLabel(this);
  summary_->setObjectName("beamPlanSummary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  table_ = new QTableWidget(0, ColumnCount, this);
  table_->setObjectName("beamTable");
  table_->setHorizontalHeaderLabels({"Name", "Gantry °", "Coll. °", "Couch °", "SSD mm", "Energy", "Weight", "MU"});
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Stretch);
  layout->addWidget(table_, 1);

  auto* buttons = new QHBoxLayout;
  auto* newPlan = new QPushButton("New plan…", this);
  newPlan->setObjectName("newPlanButton");
  auto* conform = new QPushButton("Conform", this);
  conform->setObjectName("conformBeamButton");
  conform->setToolTip("fit the selected beam's MLC and jaws to the plan's target again");
  auto* remove = new QPushButton("Delete", this);
  remove->setObjectName("deleteBeamButton");
  buttons->addWidget(newPlan);
  buttons->addWidget(conform);
  auto* optimise = new QPushButton("Optimise weights", this);
  optimise->setObjectName("optimiseWeightsButton");
  optimise->setToolTip("the weights that keep the target covered with the lowest global maximum (needs a current dose)");
  connect(optimise, &QPushButton::clicked, this, &BeamTablePanel::optimiseWeightsRequested);
  auto* shield = new QPushButton("Shield…", this);
  shield->setObjectName("shieldBeamButton");
  shield->setToolTip("close the selected beam's leaves over an organ at risk, keeping the target open");
  connect(shield, &QPushButton::clicked, this, &BeamTablePanel::shieldRequested);
  buttons->addWidget(remove);
  buttons->addWidget(shield);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  // What re-shapes the dose of a computed plan.
  auto* dosing = new QHBoxLayout;
  auto* fieldInField = new QPushButton("Field-in-field…", this);
  fieldInField->setObjectName("fieldInFieldButton");
  fieldInField->setToolTip("subfields that shield the hot spots, with their MU (needs a current dose)");
  connect(fieldInField, &QPushButton::clicked, this, &BeamTablePanel::fieldInFieldRequested);
  dosing->addWidget(optimise);
  dosing->addWidget(fieldInField);
  dosing->addStretch(1);
  layout->addLayout(dosing);

  segments_ = new QTableWidget(0, SegmentColumnCount, this);
  segments_->setObjectName("segmentTable");
  segments_->setHorizontalHeaderLabels({"Segment of the selected beam", "Share of its MU", "MU"});
  segments_->verticalHeader()->hide();
  segments_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  segments_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  segments_->horizontalHeader()->setSectionResizeMode(SegmentName, QHeaderView::Stretch);
  segments_->setMaximumHeight(segments_->verticalHeader()->defaultSectionSize() * 5);
  layout->addWidget(segments_);

  auto* isocentre = new QHBoxLayout;
  isocentre->addWidget(new QLabel("Isocentre (LPS):", this));
  const char* axes[3] = {"x ", "y ", "z "};
  for (int axis = 0; axis < 3; ++axis) {
    auto* box = new QDoubleSpinBox(this);
    box->setObjectName(QString("isocentre%1").arg(QChar('X' + axis)));
    box->setRange(-ISOCENTRE_RANGE_MM, ISOCENTRE_RANGE_MM);
    box->setDecimals(1);
    box->setPrefix(axes[axis]);
    box->setSuffix(" mm");
    box->setKeyboardTracking(false);
    connect(box, &QDoubleSpinBox::editingFinished, this, &BeamTablePanel::isocentreEdited);
    isocentre_[std::size_t(axis)] = box;
    isocentre->addWidget(box);
  }
  auto* atCrosshair = new QPushButton("At crosshair", this);
  atCrosshair->setObjectName("isocentreAtCrosshairButton");
  auto* goTo = new QPushButton("Go to", this);
  goTo->setObjectName("goToIsocentreButton");
  isocentre->addWidget(atCrosshair);
  isocentre->addWidget(goTo);
  isocentre->addStretch(1);
  layout->addLayout(isocentre);
  connect(atCrosshair, &QPushButton::clicked, this, &BeamTablePanel::isocentreAtCrosshairRequested);
  connect(goTo, &QPushButton::clicked, this, &BeamTablePanel::goToIsocentreRequested);

  connect(newPlan, &QPushButton::clicked, this, &BeamTablePanel::newPlanRequested);
  connect(conform, &QPushButton::clicked, this, [this] {
    if (const auto selected = beams_.selectedIndex()) edit([&] { beams_.conform(*selected); });
  });
  connect(remove, &QPushButton::clicked, this, [this] {
    if (const auto selected = beams_.selectedIndex()) edit([&] { beams_.removeBeam(*selected); });
  });
  connect(table_, &QTableWidget::cellChanged, this, &BeamTablePanel::onCellChanged);
  connect(table_, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) {
    if (!refreshing_ && row >= 0 && row < beams_.count()) beams_.setSelectedIndex(row);
  });
  refresh();
}

template <class Edit>
void BeamTablePanel::edit(Edit&& change) {
  try {
    change();
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: beam not changed", QString::fromStdString(e.what()));
    refresh();
  }
}

void BeamTablePanel::refresh() {
  refreshing_ = true;
  const dose::Machine& machine = beams_.machine();
  const auto& target = beams_.target();
  summary_->setText(QString("%1 %2%3")
                        .arg(QString::fromStdString(machine.name), QString::fromStdString(machine.version))
                        .arg(target ? QString(" — fields conformed to %1 + %2 mm")
                                          .arg(QString::fromStdString(target->structureName))
                                          .arg(target->options.marginsMm.x1)
                                    : QString(" — no plan: New plan… builds one on a target")));
  table_->setRowCount(beams_.count());
  for (int row = 0; row < beams_.count(); ++row) {
    const dose::Beam& beam = beams_.beam(row);
    table_->setItem(row, Name, new QTableWidgetItem(QString::fromStdString(beam.name)));
    table_->setItem(row, Gantry, numberItem(beam.gantryAngleDeg, 1, true));
    table_->setItem(row, Collimator, numberItem(beam.collimatorAngleDeg, 1, true));
    table_->setItem(row, Couch, numberItem(beam.couchAngleDeg, 1, true));
    auto* ssd = beam.ssdMm > 0 ? numberItem(beam.ssdMm, 1, false) : new QTableWidgetItem("—");
    ssd->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    table_->setItem(row, Ssd, ssd);
    table_->setItem(row, Energy, new QTableWidgetItem(QString::fromStdString(beam.energy)));
    table_->setItem(row, Weight, numberItem(beam.weight, 3, true));
    const auto mu = beams_.monitorUnits(row);
    auto* monitorUnits = mu ? numberItem(*mu, 1, false) : new QTableWidgetItem("—");
    monitorUnits->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    monitorUnits->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, MonitorUnits, monitorUnits);
  }
  if (const auto selected = beams_.selectedIndex()) table_->selectRow(*selected);
  refreshSegments();
  const auto iso = beams_.isocentre();
  const double coordinates[3] = {iso ? iso->x : 0, iso ? iso->y : 0, iso ? iso->z : 0};
  for (int axis = 0; axis < 3; ++axis) {
    const QSignalBlocker quiet(isocentre_[std::size_t(axis)]);
    isocentre_[std::size_t(axis)]->setValue(coordinates[axis]);
    isocentre_[std::size_t(axis)]->setEnabled(iso.has_value());
  }
  refreshing_ = false;
}

void BeamTablePanel::refreshSegments() {
  const auto selected = beams_.selectedIndex();
  const bool segmented = selected && *selected < beams_.count() && !beams_.beam(*selected).subfields.empty();
  segments_->setVisible(segmented);
  segments_->setRowCount(0);
  if (!segmented) return;
  const dose::Beam& beam = beams_.beam(*selected);
  const auto mu = beams_.monitorUnits(*selected);
  std::vector<double> shares{beam.openFieldShare()};
  for (const dose::Subfield& subfield : beam.subfields) shares.push_back(subfield.metersetShare);
  segments_->setRowCount(int(shares.size()));
  for (int row = 0; row < int(shares.size()); ++row) {
    const QString name = row == 0 ? QString("%1 open field").arg(QString::fromStdString(beam.name))
                                  : QString("%1 subfield %2").arg(QString::fromStdString(beam.name)).arg(row);
    segments_->setItem(row, SegmentName, new QTableWidgetItem(name));
    segments_->setItem(row, SegmentShare, numberItem(100 * shares[std::size_t(row)], 1, false));
    segments_->item(row, SegmentShare)->setText(segments_->item(row, SegmentShare)->text() + " %");
    segments_->setItem(row, SegmentMonitorUnits,
                       mu ? numberItem(*mu * shares[std::size_t(row)], 1, false) : new QTableWidgetItem("—"));
  }
}

void BeamTablePanel::isocentreEdited() {
  const auto iso = beams_.isocentre();
  if (refreshing_ || !iso) return;
  const core::Point3<core::Patient> wanted{isocentre_[0]->value(), isocentre_[1]->value(), isocentre_[2]->value()};
  // A box shows a tenth of a mm: an unchanged box must not move the isocentre by its rounding.
  auto same = [](double shown, double held) { return std::abs(shown - held) < 0.05; };
  if (same(wanted.x, iso->x) && same(wanted.y, iso->y) && same(wanted.z, iso->z)) return;
  edit([&] { beams_.setIsocentre(wanted); });
}

void BeamTablePanel::onCellChanged(int row, int column) {
  if (refreshing_ || row >= beams_.count()) return;
  const QString text = table_->item(row, column)->text().trimmed();
  bool ok = true;
  const double value = text.toDouble(&ok);
  const dose::Beam& beam = beams_.beam(row);
  switch (column) {
    case Name: edit([&] { beams_.setName(row, text.toStdString()); }); return;
    case Energy: edit([&] { beams_.setEnergy(row, text.toStdString()); }); return;
    case Gantry:
    case Collimator:
    case Couch:
    case Weight:
      if (!ok) {
        QMessageBox::warning(this, "Kerma: beam not changed", QString("'%1' is not a number").arg(text));
        refresh();
        return;
      }
      if (column == Weight) {
        edit([&] { beams_.setWeight(row, value); });
        return;
      }
      edit([&] {
        beams_.setAngles(row, column == Gantry ? value : beam.gantryAngleDeg,
                         column == Collimator ? value : beam.collimatorAngleDeg,
                         column == Couch ? value : beam.couchAngleDeg);
      });
      return;
    case Ssd:
    case MonitorUnits:
    case ColumnCount: return;
  }
}

}  // namespace kerma::app
