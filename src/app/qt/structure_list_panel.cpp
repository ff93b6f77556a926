#include "structure_list_panel.h"

#include <QColorDialog>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace kerma::app {

namespace {
using structure::RoiType;
constexpr std::array<RoiType, 11> ROI_TYPES = {
    RoiType::External, RoiType::Ptv,     RoiType::Ctv,    RoiType::Gtv,
    RoiType::Organ,    RoiType::Avoidance, RoiType::Bolus, RoiType::Support,
    RoiType::Marker,   RoiType::Control, RoiType::Other};

QString typeName(RoiType type) {
  const auto term = structure::dicomTerm(type);
  return term.empty() ? QString("(other)") : QString::fromUtf8(term.data(), qsizetype(term.size()));
}

QColor qColour(const structure::Rgb& c) { return QColor(c.r, c.g, c.b); }
}  // namespace

StructureListPanel::StructureListPanel(StructureSetModel& structures, QWidget* parent)
    : QWidget(parent), structures_(structures) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  table_ = new QTableWidget(0, ColumnCount, this);
  table_->setObjectName("structureTable");
  table_->setHorizontalHeaderLabels({"", "", "Name", "Type", "cm³"});
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  auto* header = table_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::ResizeToContents);
  header->setSectionResizeMode(Name, QHeaderView::Stretch);
  layout->addWidget(table_);

  auto* buttons = new QHBoxLayout;
  auto* add = new QPushButton("Add", this);
  add->setObjectName("addStructureButton");
  auto* remove = new QPushButton("Delete", this);
  remove->setObjectName("deleteStructureButton");
  buttons->addWidget(add);
  buttons->addWidget(remove);
  buttons->addStretch(1);
  layout->addLayout(buttons);

  connect(add, &QPushButton::clicked, this, &StructureListPanel::addStructure);
  connect(remove, &QPushButton::clicked, this, &StructureListPanel::deleteStructure);
  connect(table_, &QTableWidget::cellChanged, this, &StructureListPanel::onCellChanged);
  connect(table_, &QTableWidget::cellDoubleClicked, this, &StructureListPanel::onCellDoubleClicked);
  connect(table_, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) {
    if (refreshing_ || row < 0 || row >= structures_.count() || structures_.activeIndex() == row) return;
    structures_.setActiveIndex(row);
    emit structureChosen(row);
  });
  refresh();
}

void StructureListPanel::refresh() {
  refreshing_ = true;
  table_->setRowCount(structures_.count());
  for (int row = 0; row < structures_.count(); ++row) {
    const auto& s = structures_.structure(row);
    auto* visible = new QTableWidgetItem;
    visible->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    visible->setCheckState(structures_.visible(row) ? Qt::Checked : Qt::Unchecked);
    table_->setItem(row, Visible, visible);
    // A decoration, not a background, so that the selection highlight does not hide it.
    auto* swatch = new QTableWidgetItem;
    swatch->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    swatch->setData(Qt::DecorationRole, qColour(s.colour));
    swatch->setToolTip("double click to change the colour");
    table_->setItem(row, Colour, swatch);
    table_->setItem(row, Name, new QTableWidgetItem(QString::fromStdString(s.name)));
    auto* volume = new QTableWidgetItem(QString::number(structures_.volumeCc(row), 'f', 1));
    volume->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    volume->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, Volume, volume);

    auto* type = qobject_cast<QComboBox*>(table_->cellWidget(row, Type));
    if (type == nullptr) {
      type = new QComboBox;
      for (const RoiType t : ROI_TYPES) type->addItem(typeName(t));
      connect(type, &QComboBox::activated, this, [this, type](int choice) {
        for (int r = 0; r < structures_.count(); ++r) {
          if (table_->cellWidget(r, Type) != type) continue;
          auto properties = structures_.properties(r);
          properties.type = ROI_TYPES[std::size_t(choice)];
          structures_.setProperties(r, properties);
        }
      });
      table_->setCellWidget(row, Type, type);
    }
    type->setCurrentIndex(int(std::find(ROI_TYPES.begin(), ROI_TYPES.end(), s.type) - ROI_TYPES.begin()));
  }
  if (const auto active = structures_.activeIndex()) table_->selectRow(*active);
  refreshing_ = false;
}

void StructureListPanel::onCellChanged(int row, int column) {
  if (refreshing_ || row >= structures_.count()) return;
  if (column == Visible) {
    structures_.setVisible(row, table_->item(row, Visible)->checkState() == Qt::Checked);
    return;
  }
  if (column != Name) return;
  const QString name = table_->item(row, Name)->text().trimmed();
  auto properties = structures_.properties(row);
  if (name.isEmpty()) {
    refresh();
    return;
  }
  properties.name = name.toStdString();
  structures_.setProperties(row, properties);
}

void StructureListPanel::onCellDoubleClicked(int row, int column) {
  if (column != Colour || row >= structures_.count()) return;
  auto properties = structures_.properties(row);
  const QColor chosen = QColorDialog::getColor(qColour(properties.colour), this,
                                               QString("Colour of %1").arg(QString::fromStdString(properties.name)));
  if (!chosen.isValid()) return;
  properties.colour = {std::uint8_t(chosen.red()), std::uint8_t(chosen.green()), std::uint8_t(chosen.blue())};
  structures_.setProperties(row, properties);
}

void StructureListPanel::addStructure() {
  int number = structures_.count() + 1;
  std::string name;
  do name = "Structure_" + std::to_string(number++);
  while (structures_.indexOf(name));
  structures_.addStructure({name, RoiType::Organ, structures_.newColour(RoiType::Organ)},
                           nullptr, "Add " + name);
}

void StructureListPanel::deleteStructure() {
  const auto active = structures_.activeIndex();
  if (!active) return;
  structures_.removeStructure(*active);
}

}  // namespace kerma::app
