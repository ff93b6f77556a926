#include "template_plan.h"

#include "beam_arguments.h"
#include "eval_arguments.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dose/ct_density.h"
#include "kerma/dose/delivery_limits.h"
#include "kerma/eval/plan_dose_calculation.h"
#include "kerma/plan/conformed_beams.h"

namespace kerma::cli {

namespace {

double numberOption(const Arguments& arguments, const std::string& option, double fallback) {
  const auto text = arguments.value(option);
  return text ? parseNumber(*text, option) : fallback;
}

std::size_t findStructure(const std::vector<structure::Structure>& structures, const std::string& name,
                          const std::string& rtstructFile) {
  std::string available;
  for (std::size_t s = 0; s < structures.size(); ++s) {
    if (structures[s].name == name) return s;
    available += (available.empty() ? "" : ", ") + structures[s].name;
  }
  throw Error(ErrorCode::BadInput, rtstructFile + ": --target '" + name + "' not found; expected one of " + available);
}

}  // namespace

TemplatePlan computeTemplatePlan(const Arguments& arguments) {
  core::Stopwatch clock;
  TemplatePlan plan;
  plan.ctFolder = arguments.required("--ct");
  plan.rtstructFile = arguments.required("--rtstruct");
  plan.targetName = arguments.required("--target");
  const plan::BeamTemplate beamTemplate = plan::beamTemplateFromName(arguments.required("--template"));
  eval::Prescription& rx = plan.rx;
  rx = eval::parsePrescription(arguments.required("--rx"));
  rx.target = plan.targetName;
  plan.normalisationName = arguments.value("--normalisation").value_or("d95");
  rx.normalisation = eval::normalisationFromName(plan.normalisationName);
  if (const auto p = arguments.value("--point")) rx.pointMm = parsePoint(*p, "--point");
  if (rx.normalisation == eval::Normalisation::Point && !rx.pointMm)
    throw Error(ErrorCode::BadInput, "--normalisation point needs --point x,y,z (mm, DICOM patient coordinates)");
  plan.gridMm = numberOption(arguments, "--grid-mm", dose::DEFAULT_DOSE_GRID_MM);
  plan::ConformationOptions conformation;
  const double marginMm = numberOption(arguments, "--margin-mm", 7);
  if (marginMm < 0) throw Error(ErrorCode::BadInput, "--margin-mm is " + compactNumber(marginMm) + "; expected 0 mm or more");
  conformation.marginsMm = {marginMm, marginMm, marginMm, marginMm};
  const int threads = arguments.integer("--threads").value_or(0);
  plan.machine = machineFromArguments(arguments);
  plan.model = dose::loadBeamModel(plan.machine.folder);
  const eval::DoseEngineData engine{
      plan.machine, plan.model,
      dose::loadCtDensityCurve(arguments.value("--density-curve").value_or(KERMA_DEFAULT_CT_DENSITY_CURVE))};

  plan.ct = dicom::loadCtSeries(plan.ctFolder);
  plan.structures = dicom::structuresOnCt(dicom::readStructureSet(plan.rtstructFile), plan.ct.image);
  plan.targetIndex = findStructure(plan.structures, plan.targetName, plan.rtstructFile);
  const structure::Structure& target = plan.target();
  const structure::Structure* body = structure::findBody(plan.structures);
  if (!body) throw Error(ErrorCode::BadInput, plan.rtstructFile + ": no BODY (EXTERNAL) structure; expected the patient outline");
  plan.times.loadS = clock.lap();

  core::Point3<core::Patient> isocenterMm;
  if (const auto text = arguments.value("--isocenter")) {
    isocenterMm = parsePoint(*text, "--isocenter");
  } else {
    const auto centroid = structure::centroidMm(target.mask);
    if (!centroid)
      throw Error(ErrorCode::BadInput, plan.rtstructFile + ": --target '" + plan.targetName + "' is empty on the CT");
    isocenterMm = *centroid;
  }
  requireInsideCt(plan.ct.image.hu, isocenterMm, "--isocenter");
  plan.beams = plan::conformedTemplateBeams(beamTemplate, target, &body->mask, plan.machine, conformation, isocenterMm,
                                            patientPosition(plan.ct.image, plan.ctFolder));
  plan.times.beamsS = clock.lap();

  dose::BeamDoseOptions options;
  options.threads = threads;
  eval::PlanDoseCalculation calculation =
      eval::calculatePlanDose(plan.ct.image.hu, *body, &target, plan.beams, rx, engine, plan.gridMm, options).value();
  plan.grid = calculation.grid;
  plan.beamGyPerMu = std::move(calculation.beamGyPerMu);
  plan.dose = std::move(calculation.plan);
  plan.times.densityS = calculation.densityS;
  plan.times.stages = calculation.stageTimes;
  plan.times.monitorUnitsS = calculation.monitorUnitsS;
  return plan;
}

void requireDeliverable(const TemplatePlan& plan) {
  std::vector<dose::BeamMonitorUnits> monitorUnits;
  for (std::size_t b = 0; b < plan.beams.size(); ++b) monitorUnits.push_back({plan.beams[b].name, plan.dose.muPerFraction[b]});
  dose::requireWithinDeliveryLimits(plan.machine, plan.rx.dosePerFractionGy(), monitorUnits);
}

}  // namespace kerma::cli
