// The plan as a clinical record in the workstation: its revision and approval in the status line,
// Plan > Approve plan…, Plan > Export plan… off the GUI thread with progress and cancel, and the
// blocking warnings (stale dose, delivery limits) in the Dose panel
// (docs/validation/reliability.md, "Consistency guards").

#include "main_window.h"

#include "approval_dialog.h"
#include "dose_panel.h"
#include "evaluation_panel.h"

#include "kerma/core/error.h"
#include "kerma/core/resources.h"
#include "kerma/planexport/plan_export.h"
#include "kerma/structure/contour_extraction.h"

#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTimer>
#include <QtConcurrent>

#include <atomic>
#include <ctime>
#include <variant>

namespace kerma::app {

namespace {

namespace fs = std::filesystem;

// The progress bar counts in thousandths.
constexpr int PROGRESS_STEPS = 1000;

std::string now(const char* format) {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, format, std::localtime(&t));
  return text;
}

std::string normalisationName(eval::Normalisation normalisation) {
  switch (normalisation) {
    case eval::Normalisation::Point: return "point";
    case eval::Normalisation::Isocentre: return "isocentre";
    case eval::Normalisation::TargetMean: return "mean";
    case eval::Normalisation::TargetD95: return "D95";
  }
  return "D95";
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

}  // namespace

void MainWindow::setUpPlanRecord(QMenu* planMenu) {
  planMenu->addSeparator();
  QAction* approve = planMenu->addAction("Approve plan…");
  approve->setObjectName("approvePlanAction");
  connect(approve, &QAction::triggered, this, [this] {
    QStringList warnings;
    for (const auto& blocker : planBlockers()) warnings << QString::fromStdString(blocker);
    ApprovalDialog dialog(QString::fromStdString(plan_.describe()).toHtmlEscaped(), warnings, this);
    if (dialog.exec() != QDialog::Accepted) return;
    try {
      approvePlan(dialog.reviewer().toStdString());
    } catch (const Error& e) {
      QMessageBox::warning(this, "Kerma: plan not approved", QString::fromStdString(e.what()));
    }
  });
  for (const ExportedRevision which : {ExportedRevision::Current, ExportedRevision::LastApproved}) {
    QAction* action = planMenu->addAction(which == ExportedRevision::Current ? "Export plan…" : "Export approved revision…");
    action->setObjectName(which == ExportedRevision::Current ? "exportPlanAction" : "exportApprovedPlanAction");
    connect(action, &QAction::triggered, this, [this, which] {
      const QString folder = QFileDialog::getExistingDirectory(this, "Export the plan into folder");
      if (folder.isEmpty()) return;
      try {
        exportPlanTo(folder.toStdString(), which);
      } catch (const Error& e) {
        QMessageBox::warning(this, "Kerma: plan not exported", QString::fromStdString(e.what()));
      }
    });
  }
  planLabel_ = new QLabel(this);
  planLabel_->setObjectName("planStateLabel");
  statusBar()->addPermanentWidget(planLabel_);
  refreshPlanState();
}

DoseBasis MainWindow::planBasis(const std::string& normalisedOn) {
  if (ctFingerprint_.empty()) ctFingerprint_ = ctFingerprint(model_.ct());
  DoseBasis basis;
  basis.beamsSha256 = beamsFingerprint(beams_.beams());
  basis.weightsSha256 = weightsFingerprint(beams_.beams());
  // The same two structures before and after Compute dose, whichever of them the dose is
  // normalised on: a GTV normalisation of fields shaped to the PTV is an everyday choice.
  std::vector<const structure::Structure*> targets;
  std::vector<std::string> missing;
  for (const std::string& name : {normalisedOn, beams_.target() ? beams_.target()->structureName : std::string()}) {
    if (name.empty()) continue;
    if (const auto index = structures_.indexOf(name)) targets.push_back(&structures_.structure(*index));
    else missing.push_back(name);
  }
  basis.targetSha256 = targetsFingerprint(targets, missing);
  // Read again every time: a machine file edited while the workstation runs makes the dose stale.
  try {
    basis.machineChecksum = dose::loadMachine(core::defaultMachineFolder()).checksum;
  } catch (const Error& e) {
    basis.machineChecksum = std::string("unreadable: ") + e.what();
  }
  basis.ctSha256 = ctFingerprint_;
  return basis;
}

DoseBasis MainWindow::planBasis() { return planBasis(plan_.dose() ? plan_.dose()->rx.target : std::string()); }

std::vector<std::string> MainWindow::planBlockers() { return plan_.blockers(planBasis()); }

void MainWindow::planContentChanged() {
  if (!plan_.dose() && !plan_.approval()) return;  // nothing computed or approved to keep in step
  const DoseBasis basis = planBasis();
  if (plan_.planChanged(basis))
    statusBar()->showMessage(QString("Plan %1 changed after approval: revision %2 begun, revision %3 stays approved")
                                 .arg(QString::fromStdString(plan_.label()))
                                 .arg(plan_.revision())
                                 .arg(plan_.lastApproved()->revision),
                             10000);
  refreshPlanState(&basis);
}

void MainWindow::scheduleTargetCheck() {
  if (planCheckPending_ || (!plan_.dose() && !plan_.approval())) return;
  planCheckPending_ = true;
  // Once per burst of structure edits, and not in the middle of a brush stroke: the target's
  // fingerprint reads its whole mask.
  QTimer::singleShot(0, this, [this] {
    if (structures_.strokeActive()) {
      planCheckPending_ = false;
      QTimer::singleShot(100, this, &MainWindow::scheduleTargetCheck);
      return;
    }
    planCheckPending_ = false;
    planContentChanged();
  });
}

void MainWindow::refreshPlanState(const DoseBasis* known) {
  if (!planLabel_) return;
  planLabel_->setText(QString::fromStdString(plan_.describe()));
  std::vector<std::string> blockers;
  if (plan_.dose()) {
    const DoseBasis basis = known ? *known : planBasis();
    blockers = plan_.blockers(basis);
    const auto changes = doseChanges(*plan_.doseBasis(), basis);
    if (!changes.empty()) {
      std::string what;
      for (std::size_t c = 0; c < changes.size(); ++c) what += (c == 0 ? "" : ", ") + changes[c];
      doseStateLabel_->setText(QString::fromStdString("Dose stale: " + what + " changed since Compute dose"));
    } else {
      doseStateLabel_->clear();
    }
  }
  dosePanel_->setBlockers(blockers);
}

void MainWindow::approvePlan(const std::string& reviewer) {
  plan_.approve({reviewer, now("%Y%m%d"), now("%H%M%S")}, planBasis());
  refreshPlanState();
  statusBar()->showMessage(QString::fromStdString(plan_.describe()), 10000);
}

QFuture<fs::path> MainWindow::exportPlanTo(const fs::path& folder, ExportedRevision which) {
  const ComputedPlanDose* source = nullptr;
  std::optional<Approval> approval;
  int revision = 0;
  const std::string what = "plan " + plan_.label();
  if (which == ExportedRevision::LastApproved) {
    if (!plan_.lastApproved()) throw Error(ErrorCode::BadInput, "cannot export: no revision of " + what + " is approved");
    source = &plan_.lastApproved()->plan;
    approval = plan_.lastApproved()->approval;
    revision = plan_.lastApproved()->revision;
  } else {
    revision = plan_.revision();
    const std::vector<std::string> blockers = planBlockers();
    if (!blockers.empty())
      throw Error(ErrorCode::BadInput,
                  "cannot export " + what + " revision " + std::to_string(revision) + ":\n" + joinLines(blockers));
    source = &*plan_.dose();
    approval = plan_.approval();
  }

  auto plan = std::make_shared<planexport::PlanExport>();
  const std::shared_ptr<const core::CtImage> ct = model_.ctShared();
  plan->ct = ct.get();
  plan->structures = structures_.structures();
  plan->targetName = source->rx.target;
  plan->normalisationName = normalisationName(source->rx.normalisation);
  plan->machine = source->machine;
  plan->rx = source->rx;
  plan->label = plan_.label();
  plan->name = "revision " + std::to_string(revision) + ": " + eval::describe(source->rx) + " to " + source->rx.target;
  plan->beams = source->beams;
  plan->muPerFraction = source->muPerFraction;
  plan->beamGyPerMu = source->beamGyPerMu;
  plan->doseGy = source->dose.dose->doseGy;
  if (approval)
    plan->approval = {dicom::ApprovalStatus::Approved, approval->reviewerName, approval->reviewDate, approval->reviewTime};
  plan->reportFile = folder / ("report." + plan_.label() + ".revision-" + std::to_string(revision) + ".pdf");
  // The report lists the constraint results of the template the evaluation shows, at the
  // prescription's fractions (when the template has a set for them).
  if (evaluation_)
    if (const auto index = evaluation_->model().templateIndex()) {
      const eval::ConstraintTemplate& chosen = evaluation_->model().constraintTemplates()[std::size_t(*index)];
      if (eval::constraintsFor(chosen, source->rx.fractions)) plan->constraintTemplate = chosen;
    }
  const std::vector<bool> stale = structures_.staleContours();

  auto cancel = std::make_shared<std::atomic<bool>>(false);
  auto* progress = new QProgressDialog("Exporting the plan…", "Cancel", 0, PROGRESS_STEPS, this);
  progress->setObjectName("exportProgress");
  progress->setWindowModality(Qt::WindowModal);
  progress->setMinimumDuration(0);
  progress->setValue(0);
  connect(progress, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
  QPointer<QProgressDialog> shown(progress);
  plan->progress = [cancel, shown](double fraction, std::string_view step) {
    QMetaObject::invokeMethod(
        shown.data(),
        [shown, value = int(std::lround(fraction * PROGRESS_STEPS)),
         text = QString::fromUtf8(step.data(), qsizetype(step.size()))] {
          if (!shown) return;
          shown->setLabelText("Exporting the plan: " + text);
          shown->setValue(std::min(value, PROGRESS_STEPS - 1));
        },
        Qt::QueuedConnection);
    return !*cancel;
  };
  statusBar()->showMessage("Exporting the plan…");
  using Outcome = std::variant<std::optional<planexport::ExportedPlanFiles>, std::string>;
  QFuture<Outcome> running =
      QtConcurrent::run([plan, ct, stale = stale, uids = ctSopInstanceUids_, folder]() mutable -> Outcome {
        try {
          // The report's DVHs and the exported set read the same contours: those of the masks.
          structure::refreshContours(plan->structures, stale);
          stale.assign(stale.size(), false);
          plan->writeStructureSet = [&](const fs::path& into) {
            return saveStructureSet(*ct, plan->structures, stale, uids, into).rtStructFile;
          };
          return planexport::exportPlan(*plan, folder);
        } catch (const std::exception& e) {
          return std::string(e.what());
        }
      });
  return running.then(this, [this, shown, revision](Outcome outcome) -> fs::path {
    // Later, not at once: a modal QProgressDialog::setValue processes events, and this may run
    // inside it. Hidden now, so that only the next export's dialog is seen.
    if (shown) {
      shown->hide();
      shown->deleteLater();
    }
    statusBar()->clearMessage();
    if (auto* error = std::get_if<std::string>(&outcome)) {
      QMessageBox::critical(this, "Kerma: plan not exported", QString::fromStdString(*error));
      return {};
    }
    auto& written = std::get<std::optional<planexport::ExportedPlanFiles>>(outcome);
    if (!written) {
      statusBar()->showMessage("Plan export cancelled: nothing written", 5000);
      return {};
    }
    statusBar()->showMessage(QString("Plan %1 revision %2 exported: %3")
                                 .arg(QString::fromStdString(plan_.label()))
                                 .arg(revision)
                                 .arg(QString::fromStdString(written->rtplan.string())),
                             10000);
    return written->rtplan;
  });
}

}  // namespace kerma::app
