#include "evaluation_panel.h"

#include "compare_panel.h"
#include "constraint_panel.h"
#include "dvh_panel.h"
#include "reirradiation_panel.h"
#include "statistics_table.h"

#include "kerma/core/error.h"
#include "kerma/structure/contour_extraction.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSplitter>

#include <algorithm>
#include <exception>

namespace kerma::app {

namespace {
// The doses of the V(x Gy) columns: round numbers across a palliative or SBRT course.
const std::vector<double> V_DOSES_GY = {5, 10, 20};
constexpr const char* CUMULATIVE_TEMPLATE = "reirradiation/cumulative_eqd2.json";
}  // namespace

EvaluationPanel::EvaluationPanel(const core::SeriesIdentity& ct, const std::string& ctOrigin,
                                 std::shared_ptr<const std::vector<structure::Structure>> structures,
                                 const std::filesystem::path& constraintFolder, QWidget* parent)
    : QTabWidget(parent), model_(ct, ctOrigin, structures), reirradiation_(ct, ctOrigin, structures) {
  model_.setVDosesGy(V_DOSES_GY);
  // A missing or broken template must not keep the workstation from opening: the panels say
  // that there is none.
  try {
    model_.setConstraintTemplates(loadConstraintTemplates(constraintFolder));
    reirradiation_.setCumulativeTemplate(eval::loadConstraintTemplate(constraintFolder / CUMULATIVE_TEMPLATE));
  } catch (const Error& e) {
    qWarning("kerma: constraint templates: %s", e.what());
  }

  auto* dvhTab = new QSplitter(Qt::Vertical);
  dvhPanel_ = new DvhPanel(model_);
  statistics_ = new StatisticsTable;
  statistics_->setObjectName("statisticsTable");
  dvhTab->addWidget(dvhPanel_);
  dvhTab->addWidget(statistics_);
  dvhTab->setSizes({600, 400});
  addTab(dvhTab, "DVH && statistics");
  constraints_ = new ConstraintPanel(model_);
  addTab(constraints_, "Constraints");
  reirradiationPanel_ = new ReirradiationPanel(reirradiation_);
  addTab(reirradiationPanel_, "Re-irradiation");
  comparePanel_ = new ComparePanel;
  addTab(comparePanel_, "Compare");

  connect(dvhPanel_, &DvhPanel::displayChanged, this, [this] {
    statistics_->showTable(model_.statisticsTable());
  });
  connect(reirradiationPanel_, &ReirradiationPanel::inputsChanged, this, &EvaluationPanel::startCumulative);
  refreshAll();
}

EvaluationPanel::EvaluationPanel(const core::SeriesIdentity& ct, const std::string& ctOrigin,
                                 const StructureSetModel& structures, const std::filesystem::path& constraintFolder,
                                 QWidget* parent)
    : EvaluationPanel(ct, ctOrigin, std::make_shared<const std::vector<structure::Structure>>(structures.structures()),
                      constraintFolder, parent) {
  const std::vector<bool> stale = structures.staleContours();
  const auto& evaluated = model_.structures();
  if (std::find(stale.begin(), stale.end(), true) != stale.end() ||
      std::any_of(evaluated.begin(), evaluated.end(), [](const auto& s) { return s.contours.empty(); }))
    setStructures(evaluated, stale);
}

bool EvaluationPanel::waitUntilIdle(int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (busy()) {
    if (timer.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  QCoreApplication::processEvents();
  return true;
}

void EvaluationPanel::showAsListed(const StructureSetModel& structures) {
  const auto& evaluated = model_.structures();
  for (int index = 0; index < int(evaluated.size()); ++index) {
    const auto listed = structures.indexOf(evaluated[std::size_t(index)].name);
    if (!listed || evaluated[std::size_t(index)].contours.empty()) continue;
    const bool visible = structures.visible(*listed);
    if (model_.shown(index) != visible) dvhPanel_->setStructureShown(index, visible);
  }
}

EvaluationPanel::~EvaluationPanel() {
  // The workers refer to this panel's models.
  pool_.waitForDone();
}

void EvaluationPanel::setPlanDose(PlanDose dose) {
  const std::optional<int> fractions = dose.fractions;
  const double prescriptionGy = dose.prescriptionGy;
  model_.setPlanDose(std::move(dose));
  comparePanel_->clear();  // it compared the dose before
  if (fractions) reirradiation_.setCurrentFractions(*fractions);
  // The % axis, CI and GI of the plan's own prescription.
  if (prescriptionGy > 0) dvhPanel_->setPrescriptionGy(prescriptionGy);
  refreshAll();
  startEvaluation();
  startCumulative();
}

void EvaluationPanel::setStructures(std::vector<structure::Structure> structures, std::vector<bool> stale) {
  const std::uint64_t revision = ++structuresRevision_;
  ++pending_;
  pool_.start([this, revision, structures = std::move(structures), stale = std::move(stale)]() mutable {
    structure::refreshContours(structures, stale);
    auto current = std::make_shared<const std::vector<structure::Structure>>(std::move(structures));
    QMetaObject::invokeMethod(this, [this, revision, current] {
      --pending_;
      if (revision != structuresRevision_) return;  // a later edit is on its way
      model_.setStructures(current);
      reirradiation_.setStructures(current);
      refreshAll();
      startEvaluation();
      startCumulative();
    }, Qt::QueuedConnection);
  });
}

void EvaluationPanel::startEvaluation() {
  if (!model_.planDose()) return;
  sinceDose_.start();
  const std::uint64_t revision = model_.revision();
  auto structures = model_.structuresShared();
  auto doseDistribution = model_.planDose()->dose;
  ++pending_;
  timing_.reset();
  pool_.start([this, revision, structures, doseDistribution] {
    QString failure;
    try {
      eval::DvhOptions preview;
      preview.sampleStepMm = PREVIEW_SAMPLE_STEP_MM;
      for (const bool exact : {false, true}) {
        // Shared, because a queued functor must be copyable.
        auto result = std::make_shared<DoseEvaluation>(
            evaluateDose(*structures, *doseDistribution, exact ? eval::DvhOptions{} : preview));
        result->preview = !exact;
        QMetaObject::invokeMethod(this, [this, revision, result] { showEvaluation(revision, std::move(*result)); },
                                  Qt::QueuedConnection);
      }
    } catch (const std::exception& e) {
      failure = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(this, [this, revision, failure] {
      --pending_;
      if (!failure.isEmpty() && revision == model_.revision()) dvhPanel_->showProblem(failure);
    }, Qt::QueuedConnection);
  });
}

void EvaluationPanel::showEvaluation(std::uint64_t revision, DoseEvaluation evaluation) {
  const bool preview = evaluation.preview;
  const double computeMs = evaluation.seconds * 1000;
  if (!model_.setEvaluation(revision, std::move(evaluation))) return;
  QElapsedTimer refresh;
  refresh.start();
  refreshAll();
  const double sinceDoseMs = double(sinceDose_.nsecsElapsed()) / 1e6;
  if (preview) {
    timing_ = EvaluationTiming{sinceDoseMs, 0, 0, 0};
    return;
  }
  const double previewMs = timing_ ? timing_->previewMs : sinceDoseMs;
  timing_ = EvaluationTiming{previewMs, sinceDoseMs, computeMs, double(refresh.nsecsElapsed()) / 1e6};
  emit evaluated();
}

void EvaluationPanel::refreshAll() {
  dvhPanel_->refresh();
  statistics_->showTable(model_.statisticsTable());
  constraints_->refresh();
  reirradiationPanel_->refresh();
}

void EvaluationPanel::startCumulative() {
  const PlanDose* current = model_.planDose();
  reirradiationPanel_->refresh();
  if (!current) return;
  auto inputs = reirradiation_.inputs(*current);
  if (!inputs) return;
  const std::uint64_t revision = reirradiation_.revision();
  reirradiationPanel_->showStatus("Computing the cumulative EQD2…");
  ++pending_;
  pool_.start([this, revision, inputs = std::move(*inputs)] {
    auto result = std::make_shared<std::optional<CumulativeEvaluation>>();
    QString failure;
    try {
      *result = evaluateCumulative(inputs);
    } catch (const std::exception& e) {
      failure = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(this, [this, revision, result, failure] {
      --pending_;
      if (!*result) {
        reirradiationPanel_->showStatus("Cannot sum the courses: " + failure);
        return;
      }
      if (!reirradiation_.setResult(revision, std::move(**result))) return;
      reirradiationPanel_->refresh();
      emit cumulativeEvaluated();
    }, Qt::QueuedConnection);
  });
}

}  // namespace kerma::app
