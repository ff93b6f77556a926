// MainWindow's fusion review: a prior CT of the patient (a study of the workspace) over this one
// in the three views, the Fusion dock, and the way its accepted registration reaches the
// re-irradiation panel.

#include "main_window.h"

#include "combine_dialog.h"
#include "contouring_panel.h"
#include "evaluation_panel.h"
#include "fusion_panel.h"
#include "reirradiation_panel.h"
#include "slice_interaction.h"
#include "slice_view.h"
#include "window_chrome.h"

#include "kerma/core/error.h"
#include "kerma/eval/prescription.h"

#include <QAction>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTimer>

namespace kerma::app {

void MainWindow::setUpFusion(OpenedPatient prior, std::optional<std::filesystem::path> priorDose) {
  if (prior.ct->identity.patientId != model_.ct().identity.patientId)
    throw Error(ErrorCode::BadInput, "the prior CT " + prior.source + " is of patient '" + prior.ct->identity.patientId +
                                         "', this CT of '" + model_.ct().identity.patientId + "'");
  const std::shared_ptr<const core::CtImage> ct = prior.ct;
  const std::string origin = prior.source;
  fusionStudy_ = workspace_->addStudy(std::move(prior));  // the session holds both studies
  fusionDose_ = std::move(priorDose);
  if (fusionDock_ != nullptr) {  // another prior CT replaces the one shown
    selectTool(ContouringTool::Navigate);
    for (SliceView* view : views_) view->setFusion(nullptr);
    delete fusionDock_;
  }
  fusion_ = std::make_unique<FusionModel>(model_.ctShared(), ct, origin);
  fusionPanel_ = new FusionPanel(*fusion_);
  fusionInteraction_ = std::make_unique<FusionInteraction>(
      *fusion_, [this] { return model_.crosshairMm(); },
      [this] {
        fusionPanel_->refresh();
        for (SliceView* view : views_) view->update();
      });
  fusionDock_ = new QDockWidget("Fusion", this);
  fusionDock_->setObjectName("fusionDock");
  fusionDock_->setWidget(fusionPanel_);
  addRightDockTab(*this, fusionDock_);
  fusionDock_->show();
  // In front once the window is up (after the constructor's raising of the structure list).
  QTimer::singleShot(0, fusionDock_, [dock = fusionDock_] { dock->raise(); });
  for (SliceView* view : views_) view->setFusion(fusion_.get());
  connect(fusionPanel_, &FusionPanel::fusionChanged, this, [this] {
    for (SliceView* view : views_) view->update();
  });
  connect(fusionPanel_, &FusionPanel::shownChanged, this, [this](bool shown) {
    for (SliceView* view : views_) view->setFusion(shown ? fusion_.get() : nullptr);
  });
  connect(fusionPanel_, &FusionPanel::adjustingChanged, this, [this](bool on) {
    if (!on) {
      selectTool(ContouringTool::Navigate);
      return;
    }
    for (SliceView* view : views_) view->setInteraction(fusionInteraction_.get());
    statusBar()->showMessage("Adjusting the prior CT: drag moves it, Ctrl + drag turns it about the crosshair; "
                             "arrow keys 1 mm, [ and ] 0.5°");
  });
  connect(fusionPanel_, &FusionPanel::copyPriorStructuresRequested, this, [this] {
    try {
      const int copied = copyPriorStructures();
      statusBar()->showMessage(QString("%1 prior structures copied onto this CT").arg(copied), 10000);
    } catch (const Error& e) {
      QMessageBox::warning(this, "Kerma: prior structures", QString::fromStdString(e.what()));
    }
  });
  connect(fusionPanel_, &FusionPanel::accepted, this, [this] {
    statusBar()->showMessage(QString("Registration accepted: %1").arg(QString::fromStdString(fusion_->accepted()->origin)),
                             10000);
  });
  connect(fusionPanel_, &FusionPanel::addPriorCourseRequested, this, &MainWindow::offerFusedPriorCourse);
  if (fusionDose_) fusionPanel_->setPriorDose(QString::fromStdString(fusionDose_->filename().string()));
}

bool MainWindow::showAcceptedRegistrationInFusion(const AcceptedRegistration& registration, const std::string& who) {
  if (!fusion_ || registration.registration.deformation ||
      registration.registration.movingFrameOfReferenceUid != fusion_->registration().movingFrameOfReferenceUid ||
      registration.registration.fixedFrameOfReferenceUid != fusion_->registration().fixedFrameOfReferenceUid)
    return false;
  fusion_->setFromFile(registration);
  fusion_->accept(who, QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString());
  fusionPanel_->refresh();
  for (SliceView* view : views_) view->update();
  return true;
}

std::optional<AcceptedRegistration> MainWindow::acceptedFusionRegistration(const std::string& movingFrameUid) const {
  if (!fusion_ || !fusion_->accepted() || fusion_->accepted()->registration.movingFrameOfReferenceUid != movingFrameUid)
    return std::nullopt;
  return fusion_->accepted();
}

int MainWindow::copyPriorStructures() {
  if (!fusion_ || !fusion_->accepted())
    throw Error(ErrorCode::BadInput, "prior structures are mapped through an accepted registration: accept one in the Fusion dock first");
  const std::vector<structure::Structure> mapped =
      mapPriorStructures(workspace_->study(fusionStudy_).structures->structures(), priorLabel(fusion_->prior().identity),
                         structures_.grid(), fusion_->accepted()->registration);
  for (const structure::Structure& s : mapped)
    structures_.addStructure({s.name, s.type, s.colour}, &s.mask, "Copy prior structure " + s.name);
  return int(mapped.size());
}

void MainWindow::addFusedPriorCourse(std::optional<int> fractions) {
  if (!fusionDose_) throw Error(ErrorCode::BadInput, "the fused prior study has no RT Dose");
  if (!fusion_->accepted())
    throw Error(ErrorCode::BadInput, "the prior course's dose is mapped through an accepted registration: accept one first");
  PlanDose dose = readPlanDose(*fusionDose_);
  const std::optional<int> given = fractions ? fractions : dose.fractions;
  if (!given)
    throw Error(ErrorCode::BadInput, fusionDose_->string() + ": its RT Plan is not beside it to give the fractions; give them");
  evaluation_->reirradiationPanel()->addPriorCourse(std::move(dose), *given, fusion_->accepted());
}

// "Add its dose as a prior course…": asks the fractions, its RT Plan's offered.
void MainWindow::offerFusedPriorCourse() {
  if (!fusionDose_) return;
  if (evaluation_ == nullptr) {
    QMessageBox::information(this, "Kerma: prior course", "Open or compute a dose of this CT first: the re-irradiation "
                                                          "tab is part of its plan evaluation.");
    return;
  }
  PlanDose dose;
  try {
    dose = readPlanDose(*fusionDose_);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: prior course's dose", QString::fromStdString(e.what()));
    return;
  }
  for (const PriorCourse& course : evaluation_->reirradiation().priorCourses())
    if (course.dose.origin == dose.origin) {
      QMessageBox::information(this, "Kerma: prior course",
                               QString("%1 is a prior course already.").arg(QString::fromStdString(dose.origin)));
      return;
    }
  bool ok = false;
  const int fractions = QInputDialog::getInt(
      this, "Prior course",
      QString("Add %1 as a prior course of the re-irradiation, mapped through the accepted registration?\n\n"
              "Fractions in which it was given%2:")
          .arg(QString::fromStdString(dose.origin),
               dose.fractions ? QString(" (its RT Plan: %1)").arg(*dose.fractions) : QString(" (not in the file)")),
      dose.fractions.value_or(1), 1, eval::MAX_FRACTIONS, 1, &ok);
  if (!ok) return;
  try {
    addFusedPriorCourse(fractions);
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: prior course refused", QString::fromStdString(e.what()));
  }
}

void MainWindow::choosePriorCt() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Prior CT to fuse with this one");
  if (folder.isEmpty()) return;
  try {
    const auto doses = findRtDoseFiles(folder.toStdString());
    setUpFusion(openPatientAsking(this, folder.toStdString()),
                doses.empty() ? std::nullopt : std::optional(doses.front()));
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: prior CT not fused", QString::fromStdString(e.what()));
  }
}

}  // namespace kerma::app
