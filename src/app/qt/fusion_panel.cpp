#include "fusion_panel.h"

#include "background_task.h"
#include "combine_dialog.h"

#include "kerma/app/combine_log.h"
#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/spatial_registration.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace kerma::app {

namespace {
// After a move by hand the metric is measured again once the hand has rested this long.
constexpr int METRIC_DELAY_MS = 400;
const QStringList MODE_NAMES{"Blend", "Checkerboard", "Spyglass"};

std::string nowUtc() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(); }
}  // namespace

FusionPanel::FusionPanel(FusionModel& model, QWidget* parent) : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  auto* prior = new QLabel(QString("<b>Prior CT</b> %1<br>Frame of Reference %2")
                               .arg(QString::fromStdString(model_.priorOrigin()).toHtmlEscaped(),
                                    QString::fromStdString(model_.prior().identity.frameOfReferenceUid)));
  prior->setWordWrap(true);
  layout->addWidget(prior);

  auto* shown = new QCheckBox("Show prior CT");
  shown->setObjectName("fusionShown");
  shown->setChecked(true);
  layout->addWidget(shown);
  connect(shown, &QCheckBox::toggled, this, &FusionPanel::shownChanged);

  auto* show = new QFormLayout;
  mode_ = new QComboBox;
  mode_->setObjectName("fusionMode");
  mode_->addItems(MODE_NAMES);
  show->addRow("Show", mode_);
  opacity_ = new QSlider(Qt::Horizontal);
  opacity_->setObjectName("fusionOpacity");
  opacity_->setRange(0, 100);
  show->addRow("Prior CT opacity", opacity_);
  checkerMm_ = new QSpinBox;
  checkerMm_->setObjectName("fusionCheckerMm");
  checkerMm_->setRange(5, 100);
  checkerMm_->setSuffix(" mm");
  show->addRow("Checkerboard square", checkerMm_);
  spyglassMm_ = new QSpinBox;
  spyglassMm_->setObjectName("fusionSpyglassMm");
  spyglassMm_->setRange(5, 150);
  spyglassMm_->setSuffix(" mm");
  show->addRow("Spyglass radius", spyglassMm_);
  layout->addLayout(show);
  const FusionDisplay& display = model_.display();
  mode_->setCurrentIndex(int(display.mode));
  opacity_->setValue(int(display.opacity * 100));
  checkerMm_->setValue(int(display.checkerMm));
  spyglassMm_->setValue(int(display.spyglassRadiusMm));

  auto* registration = new QHBoxLayout;
  boneOnly_ = new QCheckBox("On bone");
  boneOnly_->setObjectName("fusionBoneOnly");
  boneOnly_->setToolTip("The metric reads the current CT's voxels of 150 HU and more: for a bone target, whose "
                        "soft tissue moved between the scans");
  boneOnly_->setChecked(true);
  auto* registerButton = new QPushButton("Register");
  registerButton->setObjectName("fusionRegister");
  auto* read = new QPushButton("Read registration…");
  registration->addWidget(boneOnly_);
  registration->addWidget(registerButton);
  registration->addWidget(read);
  layout->addLayout(registration);

  adjust_ = new QPushButton("Adjust by hand");
  adjust_->setObjectName("fusionAdjust");
  adjust_->setCheckable(true);
  adjust_->setToolTip("In the views: drag moves the prior CT, Ctrl + drag turns it about the crosshair; "
                      "arrow keys move it 1 mm, [ and ] turn it 0.5°");
  layout->addWidget(adjust_);

  quality_ = new QLabel;
  quality_->setObjectName("fusionQuality");
  quality_->setWordWrap(true);
  quality_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(quality_);

  auto* decision = new QHBoxLayout;
  auto* acceptButton = new QPushButton("Accept registration…");
  acceptButton->setObjectName("fusionAccept");
  auto* save = new QPushButton("Save registration…");
  save->setObjectName("fusionSave");
  decision->addWidget(acceptButton);
  decision->addWidget(save);
  layout->addLayout(decision);
  acceptance_ = new QLabel;
  acceptance_->setObjectName("fusionAcceptance");
  acceptance_->setWordWrap(true);
  layout->addWidget(acceptance_);
  copyStructures_ = new QPushButton("Copy prior structures onto this CT");
  copyStructures_->setObjectName("fusionCopyStructures");
  copyStructures_->setToolTip("The prior study's structures through the accepted registration, named with its year "
                              "(\"Bladder 2012\"), for comparison in the views and the DVHs");
  layout->addWidget(copyStructures_);
  connect(copyStructures_, &QPushButton::clicked, this, &FusionPanel::copyPriorStructuresRequested);
  addPriorCourse_ = new QPushButton;
  addPriorCourse_->setObjectName("fusionAddPriorCourse");
  addPriorCourse_->hide();  // until the prior study has a dose
  layout->addWidget(addPriorCourse_);
  connect(addPriorCourse_, &QPushButton::clicked, this, &FusionPanel::addPriorCourseRequested);
  layout->addStretch(1);

  measureTimer_ = new QTimer(this);
  measureTimer_->setSingleShot(true);
  measureTimer_->setInterval(METRIC_DELAY_MS);
  connect(measureTimer_, &QTimer::timeout, this, &FusionPanel::measureMetric);

  connect(mode_, &QComboBox::currentIndexChanged, this, &FusionPanel::displayEdited);
  connect(opacity_, &QSlider::valueChanged, this, &FusionPanel::displayEdited);
  connect(checkerMm_, &QSpinBox::valueChanged, this, &FusionPanel::displayEdited);
  connect(spyglassMm_, &QSpinBox::valueChanged, this, &FusionPanel::displayEdited);
  connect(registerButton, &QPushButton::clicked, this, [this] { registerImages(boneOnly_->isChecked()); });
  connect(read, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, "Spatial Registration of the prior CT to this one", QString(),
                                                      "DICOM (*.dcm);;All files (*)");
    if (!file.isEmpty()) readRegistration(file);
  });
  connect(adjust_, &QPushButton::toggled, this, &FusionPanel::adjustingChanged);
  connect(acceptButton, &QPushButton::clicked, this, &FusionPanel::askToAccept);
  connect(save, &QPushButton::clicked, this, &FusionPanel::askToSave);
  refresh();
}

void FusionPanel::displayEdited() {
  FusionDisplay display = model_.display();
  display.mode = FusionMode(mode_->currentIndex());
  display.opacity = opacity_->value() / 100.0;
  display.checkerMm = checkerMm_->value();
  display.spyglassRadiusMm = spyglassMm_->value();
  model_.setDisplay(display);  // the controls' ranges keep it valid
  emit fusionChanged();
}

void FusionPanel::setPriorDose(const QString& name) {
  addPriorCourse_->setText("Add its dose as a prior course…");
  addPriorCourse_->setToolTip(QString("The prior study's RT Dose %1, mapped through the accepted registration").arg(name));
  addPriorCourse_->show();
}

bool FusionPanel::adjusting() const { return adjust_->isChecked(); }

void FusionPanel::setAdjusting(bool on) { adjust_->setChecked(on); }

QFuture<void> FusionPanel::registerImages(bool boneOnly) {
  boneOnly_->setChecked(boneOnly);
  auto run = std::make_shared<const FusionRegistrationRun>(model_.prepareRegistration(boneOnly));
  auto progress = std::make_shared<TaskProgress>(this, "Registering the prior CT", "registrationProgress");
  setEnabled(false);
  return runInBackground(
      this, [run, report = progress->reporter()] { return run->run(report); },
      [this, run, progress](TaskOutcome<std::optional<registration::RigidRegistration>> outcome) {
        progress->finish();
        setEnabled(true);
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::warning(this, "Kerma: registration", error->what());
          return;
        }
        const auto& found = std::get<0>(outcome);
        if (!found) return;  // cancelled: the map stays as it was
        if (!model_.setRegistered(*run, *found)) {
          QMessageBox::information(this, "Kerma: registration",
                                   "The prior CT was moved while the registration ran: its result was dropped.");
          return;
        }
        refresh();
        emit fusionChanged();
      });
}

bool FusionPanel::readRegistration(const QString& file) {
  try {
    model_.setFromFile(acceptedRegistration(dicom::readSpatialRegistration(file.toStdString())));
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: cannot use the registration", QString::fromStdString(e.what()));
    return false;
  }
  refresh();
  emit fusionChanged();
  return true;
}

void FusionPanel::accept(const std::string& who) {
  const std::string when = nowUtc();
  model_.accept(who, when);
  // Logged before anything can use it, as every decision to combine two Frames of Reference is:
  // an acceptance that cannot be written down is taken back.
  CombineDecision decision{who, when, "registration of the prior CT " + model_.priorOrigin() + " to the CT accepted",
                           core::combineDifferences(model_.prior().identity, model_.current().identity)};
  decision.differences.push_back("accepted: " + model_.description());
  try {
    appendCombineDecision(combineLogFile(), decision);
  } catch (const Error&) {
    model_.withdrawAcceptance();
    refresh();
    throw;
  }
  refresh();
  emit accepted();
}

void FusionPanel::askToAccept() {
  if (!model_.registered()) {
    QMessageBox::information(this, "Kerma: accept registration",
                             "The prior CT is on another Frame of Reference and not registered yet: register it, "
                             "read a registration or adjust it by hand first.");
    return;
  }
  bool ok = false;
  const QString who = QInputDialog::getText(
      this, "Kerma: accept registration",
      QString("%1\n\nAccepted by (name as DICOM writes it, e.g. PHYSICIST^ANNA):")
          .arg(QString::fromStdString(model_.description())),
      QLineEdit::Normal, qEnvironmentVariable("USER"), &ok);
  if (!ok || who.trimmed().isEmpty()) return;
  try {
    accept(who.trimmed().toStdString());
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: registration not accepted", QString::fromStdString(e.what()));
  }
}

void FusionPanel::saveRegistration(const QString& file) {
  const auto& accepted = model_.accepted();
  if (!accepted) throw Error(ErrorCode::BadInput, "only an accepted registration is saved: accept it first");
  dicom::SpatialRegistrationExportOptions options;
  options.method = model_.adjustedByHand() ? dicom::RegistrationMethod::Visual : dicom::RegistrationMethod::ImageContent;
  options.contentDescription = model_.method();
  options.creatorName = model_.acceptedBy();
  const QDateTime now = QDateTime::currentDateTimeUtc();
  options.contentDate = now.toString("yyyyMMdd").toStdString();
  options.contentTime = now.toString("HHmmss").toStdString();
  model_.setSavedAs(
      dicom::writeSpatialRegistration(accepted->registration, model_.current().identity, file.toStdString(), options)
          .sopInstanceUid);
}

void FusionPanel::askToSave() {
  const QString file = QFileDialog::getSaveFileName(this, "Save the accepted registration", "REG.dcm", "DICOM (*.dcm)");
  if (file.isEmpty()) return;
  try {
    saveRegistration(file);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: registration not saved", QString::fromStdString(e.what()));
  }
}

void FusionPanel::refresh() {
  QString text = QString("<b>Map</b> %1").arg(QString::fromStdString(describeRigidMap(model_.registration().fixedFromMoving)));
  text += QString("<br><b>Made by</b> %1").arg(QString::fromStdString(model_.method()).toHtmlEscaped());
  // Mattes mutual information (lower is better) of the map as registered and, after a move by
  // hand, now: the physicist sees whether the move helped.
  const bool measured = model_.registered() &&
                        model_.registration().fixedFrameOfReferenceUid != model_.registration().movingFrameOfReferenceUid;
  if (measured) {
    text += "<br><b>Mattes mutual information</b> (lower is better)";
    if (model_.registeredMetric()) text += QString(": as registered %1").arg(*model_.registeredMetric(), 0, 'f', 4);
    if (model_.metric() && model_.adjustedByHand()) text += QString(", now %1").arg(*model_.metric(), 0, 'f', 4);
    if (!model_.metric())
      text += metricProblem_.isEmpty() ? QString(": measuring…")
                                       : QString(": not measured (%1)").arg(metricProblem_.toHtmlEscaped());
  }
  quality_->setText(text);
  copyStructures_->setEnabled(model_.accepted().has_value());
  addPriorCourse_->setEnabled(model_.accepted().has_value());
  acceptance_->setText(model_.accepted() ? QString("<b>Accepted</b>: %1").arg(QString::fromStdString(model_.accepted()->origin).toHtmlEscaped())
                                         : QString("<b>Not accepted</b>: no dose of the prior course is mapped through it."));
  if (measured && !model_.metric()) measureTimer_->start();
}

void FusionPanel::measureMetric() {
  if (measuring_.isRunning()) {  // one at a time; the latest map is measured after it
    measurePending_ = true;
    return;
  }
  auto run = std::make_shared<const FusionMetricRun>(model_.prepareMetric());
  measuring_ = runInBackground(
      this, [run] { return run->run(); },
      [this, run](TaskOutcome<double> outcome) {
        if (const double* value = std::get_if<double>(&outcome)) {
          model_.setMeasuredMetric(*run, *value);
          metricProblem_.clear();
        } else {
          metricProblem_ = QString::fromUtf8(std::get<Error>(outcome).what());
        }
        if (measurePending_) {
          measurePending_ = false;
          measureTimer_->start();
        }
        refresh();
      });
}

}  // namespace kerma::app
