#include "reirradiation_panel.h"

#include "combine_dialog.h"
#include "constraint_panel.h"
#include "dvh_chart.h"

#include "kerma/app/combine_log.h"
#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/spatial_registration.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QSpinBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace kerma::app {

namespace {
constexpr int ALPHA_BETA_COLUMN = 1;
constexpr int RECOVERED_COLUMN = 2;
}  // namespace

ReirradiationPanel::ReirradiationPanel(ReirradiationModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  auto* layout = new QHBoxLayout(this);
  auto* inputs = new QVBoxLayout;

  inputs->addWidget(new QLabel("<b>Prior courses</b>"));
  courses_ = new QTableWidget(0, 3);
  courses_->setObjectName("priorCourses");
  courses_->setHorizontalHeaderLabels({"RT Dose", "Fractions", "On this CT through"});
  courses_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  courses_->horizontalHeader()->setStretchLastSection(true);
  courses_->verticalHeader()->hide();
  courses_->setMaximumHeight(110);
  inputs->addWidget(courses_);
  auto* buttons = new QHBoxLayout;
  auto* addButton = new QPushButton("Add prior course…");
  auto* removeButton = new QPushButton("Remove");
  buttons->addWidget(addButton);
  buttons->addWidget(removeButton);
  inputs->addLayout(buttons);

  auto* current = new QHBoxLayout;
  current->addWidget(new QLabel("<b>Current course:</b> fractions"));
  currentFractions_ = new QSpinBox;
  currentFractions_->setRange(1, eval::MAX_FRACTIONS);
  currentFractions_->setValue(model_.currentFractions());
  currentFractions_->setObjectName("currentFractions");
  current->addWidget(currentFractions_);
  current->addStretch(1);
  inputs->addLayout(current);

  structures_ = new QTableWidget(int(model_.structures().size()), 3);
  structures_->setObjectName("reirradiationStructures");
  structures_->setHorizontalHeaderLabels({"Structure", "α/β (Gy)", "Recovered (0–1)"});
  structures_->verticalHeader()->hide();
  structures_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  inputs->addWidget(structures_, 1);
  layout->addLayout(inputs);

  auto* results = new QSplitter(Qt::Vertical);
  chart_ = new DvhChart;
  chart_->setObjectName("cumulativeDvhChart");
  results->addWidget(chart_);
  auto* lower = new QWidget;
  auto* lowerLayout = new QVBoxLayout(lower);
  lowerLayout->setContentsMargins(0, 0, 0, 0);
  status_ = new QLabel;
  status_->setObjectName("reirradiationStatus");
  status_->setWordWrap(true);
  lowerLayout->addWidget(status_);
  showInViews_ = new QCheckBox("Show the cumulative EQD2 in the views");
  showInViews_->setObjectName("showCumulativeInViews");
  showInViews_->setToolTip("The colour wash and isodose lines of all courses' EQD2 (% of its maximum) instead of the "
                           "plan dose");
  lowerLayout->addWidget(showInViews_);
  connect(showInViews_, &QCheckBox::toggled, this, &ReirradiationPanel::showInViewsChanged);
  constraints_ = new ConstraintTable;
  constraints_->setObjectName("cumulativeConstraints");
  lowerLayout->addWidget(constraints_, 1);
  results->addWidget(lower);
  results->setSizes({600, 400});
  layout->addWidget(results, 2);

  connect(addButton, &QPushButton::clicked, this, &ReirradiationPanel::openPriorCourse);
  connect(removeButton, &QPushButton::clicked, this, [this] {
    const int row = courses_->currentRow();
    if (row < 0 || row >= int(model_.priorCourses().size())) return;
    model_.removePriorCourse(row);
    refresh();
    emit inputsChanged();
  });
  connect(currentFractions_, &QSpinBox::valueChanged, this, [this](int fractions) {
    if (filling_ || fractions == model_.currentFractions()) return;
    model_.setCurrentFractions(fractions);
    refresh();
    emit inputsChanged();
  });
  connect(structures_, &QTableWidget::cellChanged, this, &ReirradiationPanel::structureCellChanged);
  refresh();
}

void ReirradiationPanel::addPriorCourse(PlanDose dose, int fractions, std::optional<AcceptedRegistration> registration) {
  // The acceptance of a registration is logged before its course counts, as every decision to
  // combine objects of different Frames of Reference is (combine_log.h): a course whose
  // acceptance cannot be written down is not added.
  if (registration) {
    CombineDecision decision{qEnvironmentVariable("USER", "unknown").toStdString(),
                             QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(),
                             "prior course " + dose.origin + " mapped onto the CT through " + registration->origin,
                             core::combineDifferences(dose.dose->identity, model_.ct())};
    decision.differences.push_back("accepted: " + registration->description);
    appendCombineDecision(combineLogFile(), decision);
  }
  model_.addPriorCourse(std::move(dose), fractions, std::move(registration));
  refresh();
  emit inputsChanged();
}

void ReirradiationPanel::openPriorCourse() {
  const QString file = QFileDialog::getOpenFileName(this, "Prior course: RT Dose", QString(),
                                                    "DICOM (*.dcm);;All files (*)");
  if (file.isEmpty()) return;
  PlanDose dose;
  try {
    dose = readPlanDose(file.toStdString());
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: cannot read RT Dose", QString::fromStdString(e.what()));
    return;
  }
  // EQD2 needs the fractions alone (each voxel's dose per fraction is its dose over them); the
  // file's own figures are shown so that the number can be checked against the record.
  const QString known = dose.fractions ? QString("Its RT Plan states %1 fractions (%2 Gy prescribed).")
                                             .arg(*dose.fractions)
                                             .arg(dose.prescriptionGy)
                                       : QString("The file does not state its fractions: enter them from the treatment record.");
  bool ok = false;
  const int fractions = QInputDialog::getInt(
      this, "Prior course",
      QString("%1\nMaximum dose %2 Gy.\n%3\n\nFractions in which this course was given:")
          .arg(QFileInfo(file).fileName())
          .arg(double(*std::max_element(dose.dose->doseGy.values().begin(), dose.dose->doseGy.values().end())), 0, 'f', 2)
          .arg(known),
      dose.fractions.value_or(1), 1, eval::MAX_FRACTIONS, 1, &ok);
  if (!ok) return;
  std::optional<AcceptedRegistration> registration;
  if (dose.dose->identity.frameOfReferenceUid != model_.ct().frameOfReferenceUid) {
    registration = registrationSource_ ? registrationSource_(dose.dose->identity.frameOfReferenceUid) : std::nullopt;
    if (!registration) registration = askRegistration(dose);
    if (!registration) return;
  }
  try {
    addPriorCourse(std::move(dose), fractions, std::move(registration));
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: prior course refused", QString::fromStdString(e.what()));
  }
}

// A course planned on another CT is mapped through a Spatial Registration from its CT to this one,
// which the user reads and accepts (or not) before any dose is mapped; the acceptance is logged.
std::optional<AcceptedRegistration> ReirradiationPanel::askRegistration(const PlanDose& dose) {
  const QString file = QFileDialog::getOpenFileName(
      this, "Prior course on another CT: its Spatial Registration to this CT", QString(), "DICOM (*.dcm);;All files (*)");
  if (file.isEmpty()) return std::nullopt;
  dicom::SpatialRegistrationFile read;
  try {
    read = dicom::readSpatialRegistration(file.toStdString());
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: cannot read the registration", QString::fromStdString(e.what()));
    return std::nullopt;
  }
  const AcceptedRegistration accepted = acceptedRegistration(read);
  const auto answer = QMessageBox::question(
      this, "Kerma: accept registration",
      QString("%1 was planned on another CT (Frame of Reference %2).\n\n%3\n\nMap its dose onto this CT through "
              "this registration?")
          .arg(QString::fromStdString(dose.origin), QString::fromStdString(dose.dose->identity.frameOfReferenceUid),
               QString::fromStdString(describeRegistration(read))),
      QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
  if (answer != QMessageBox::Yes) return std::nullopt;
  return accepted;
}

void ReirradiationPanel::structureCellChanged(int row, int column) {
  if (filling_) return;
  bool number = false;
  const double value = structures_->item(row, column)->text().toDouble(&number);
  try {
    if (!number) throw Error(ErrorCode::BadInput, "'" + structures_->item(row, column)->text().toStdString() + "' is not a number");
    if (column == ALPHA_BETA_COLUMN) model_.setAlphaBetaGy(row, value);
    if (column == RECOVERED_COLUMN) model_.setRecoveredFraction(row, value);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: re-irradiation", QString::fromStdString(e.what()));
  }
  refresh();
  emit inputsChanged();
}

void ReirradiationPanel::refresh() {
  filling_ = true;
  courses_->setRowCount(int(model_.priorCourses().size()));
  for (int row = 0; row < int(model_.priorCourses().size()); ++row) {
    const PriorCourse& course = model_.priorCourses()[std::size_t(row)];
    courses_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(course.dose.origin)));
    courses_->setItem(row, 1, new QTableWidgetItem(QString::number(course.fractions)));
    courses_->setItem(row, 2, new QTableWidgetItem(course.registration ? QString::fromStdString(course.registration->origin)
                                                                       : QString("its own Frame of Reference")));
  }
  structures_->setRowCount(int(model_.structures().size()));
  currentFractions_->setValue(model_.currentFractions());
  for (int row = 0; row < int(model_.structures().size()); ++row) {
    auto* name = new QTableWidgetItem(QString::fromStdString(model_.structures()[std::size_t(row)].name));
    name->setFlags(Qt::ItemIsEnabled);
    structures_->setItem(row, 0, name);
    structures_->setItem(row, ALPHA_BETA_COLUMN, new QTableWidgetItem(QString::number(model_.alphaBetaGy(row))));
    structures_->setItem(row, RECOVERED_COLUMN, new QTableWidgetItem(QString::number(model_.recoveredFraction(row))));
  }
  filling_ = false;
  chart_->setPlot(model_.plot());
  constraints_->showResults(model_.constraintResults());
  if (model_.priorCourses().empty())
    showStatus("Add a prior course (its RT Dose and fractions) to see the cumulative EQD2.");
  else if (model_.result())
    showStatus(QString("Cumulative EQD2 of %1 prior course(s) and the current course (%2 fractions); limits: %3")
                   .arg(model_.priorCourses().size())
                   .arg(model_.currentFractions())
                   .arg(model_.cumulativeTemplate() ? QString::fromStdString(model_.cumulativeTemplate()->source)
                                                    : QString("none loaded")));
}

void ReirradiationPanel::setRegistrationSource(
    std::function<std::optional<AcceptedRegistration>(const std::string& movingFrameUid)> source) {
  registrationSource_ = std::move(source);
}

void ReirradiationPanel::setCurrentFractions(int fractions) { currentFractions_->setValue(fractions); }

void ReirradiationPanel::showStatus(const QString& text) { status_->setText(text); }

bool ReirradiationPanel::showsInViews() const { return showInViews_->isChecked(); }

void ReirradiationPanel::setShowInViews(bool shown) { showInViews_->setChecked(shown); }

}  // namespace kerma::app
