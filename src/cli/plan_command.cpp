// kerma-cli plan: the template plan of kerma-cli dose written as a DICOM RT export (RT Plan,
// RT Dose referencing it, the RT Structure Set it was planned on, RT Images of its beams) and,
// with --report, a PDF plan report (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "json.h"
#include "template_plan.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtimage_export.h"
#include "kerma/dicom/rtplan_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dose/delivery_limits.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/dvh.h"
#include "kerma/plan/beam_templates.h"
#include "kerma/report/plan_report.h"

#include <QtGui/QGuiApplication>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace kerma::cli {

namespace {

namespace fs = std::filesystem;

// The version the plan and report name the dose calculation by.
constexpr const char* DOSE_ALGORITHM = "Kerma collapsed-cone superposition 0.1.0";
// Reference-image geometry: a 40 cm field on 256 pixels, imager 150 cm from the source (kV
// panel distance of common linacs [typ]).
constexpr int DRR_SIZE_PX = 256;
constexpr double DRR_SID_MM = 1500;

std::string now(const char* format) {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, format, std::localtime(&t));
  return text;
}

// The plan report needs Qt's fonts; the offscreen platform serves a headless run.
void writeReport(const TemplatePlan& computed, const dicom::RtPlan& plan, const eval::DoseDistribution& dose,
                 const std::vector<plan::DrrImage>& drrs, const Arguments& arguments, const fs::path& file) {
  report::PlanReport r;
  r.identity = computed.ct.image.identity;
  r.planLabel = plan.label;
  r.planName = plan.name;
  r.prescription = computed.rx;
  r.machineName = computed.machine.name;
  r.machineVersion = computed.machine.version;
  r.machineChecksum = computed.machine.checksum;
  r.sadMm = computed.machine.sadMm;
  r.leafBoundariesMm = computed.machine.mlc.leafBoundariesMm;
  r.doseAlgorithm = DOSE_ALGORITHM;
  r.normalisation = computed.normalisationName + " of " + computed.targetName + " = " +
                    eval::describe(computed.rx);
  for (std::size_t b = 0; b < plan.beams.size(); ++b) r.beams.push_back({plan.beams[b].beam, plan.beams[b].monitorUnits, drrs[b]});
  std::vector<std::vector<structure::PlanarContour>> contours;
  for (const auto& s : computed.structures) contours.push_back(s.contours);
  r.dvhs = eval::computeDvhs(contours, dose);
  if (const auto templateFile = arguments.value("--constraints")) {
    const auto tmpl = eval::loadConstraintTemplate(*templateFile);
    const eval::ConstraintSet* set = eval::constraintsFor(tmpl, computed.rx.fractions);
    if (!set)
      throw Error(ErrorCode::BadInput, *templateFile + " has no constraints for " + std::to_string(computed.rx.fractions) +
                                           " fractions; expected a set for the prescription's fractions");
    std::vector<eval::NamedDvh> named;
    for (std::size_t s = 0; s < computed.structures.size(); ++s) named.push_back({computed.structures[s].name, &r.dvhs[s]});
    r.constraints = eval::evaluateConstraints(*set, named);
    r.constraintTemplate = tmpl.name + " " + tmpl.version;
  }
  r.approvalStatus = plan.approval.status == dicom::ApprovalStatus::Approved ? "APPROVED" : "UNAPPROVED";
  r.reviewerName = plan.approval.reviewerName;
  r.reviewDate = plan.approval.reviewDate;
  r.created = now("%Y-%m-%d %H:%M");

  setenv("QT_QPA_PLATFORM", "offscreen", /*overwrite=*/0);
  int argc = 1;
  char name[] = "kerma-cli";
  char* argv[] = {name, nullptr};
  const QGuiApplication application(argc, argv);
  report::writePlanReport(r, computed.ct.image, dose, computed.structures, computed.targetName, file);
}

}  // namespace

int runPlan(const std::vector<std::string>& args) {
  std::set<std::string> options = TEMPLATE_PLAN_OPTIONS;
  options.insert({"--out", "--report", "--label", "--approved-by", "--constraints"});
  const Arguments arguments(args, {"--json"}, options);
  const fs::path folder = arguments.required("--out");
  const TemplatePlan computed = computeTemplatePlan(arguments);
  const core::CtImage& ct = computed.ct.image;

  dicom::RtPlan plan;
  plan.identity = ct.identity;
  plan.label = arguments.value("--label").value_or("KERMA");
  plan.name = arguments.required("--template") + " " + eval::describe(computed.rx) + " to " + computed.targetName;
  plan.prescription = computed.rx;
  plan.machine = dicom::planMachine(computed.machine);
  plan.doseAlgorithm = DOSE_ALGORITHM;
  const dicom::StructureSetFile structureSet = dicom::readStructureSet(computed.rtstructFile);
  plan.structureSetSopInstanceUid = structureSet.sopInstanceUid;
  for (const auto& roi : structureSet.rois)
    if (roi.name == computed.targetName) plan.targetRoiNumber = roi.roiNumber;
  for (std::size_t b = 0; b < computed.beams.size(); ++b) {
    const dose::Beam& beam = computed.beams[b];
    const double mu = computed.dose.muPerFraction[b];
    // Beam Dose: this beam's dose per fraction at its isocentre.
    const double gyPerMu = core::sampleTrilinear(computed.beamGyPerMu[b], beam.isocenterMm).value_or(0);
    plan.beams.push_back({beam, mu, gyPerMu * mu});
  }
  // A blocking warning: nothing is written for a plan the machine could not deliver.
  std::vector<dose::BeamMonitorUnits> monitorUnits;
  for (const auto& beam : plan.beams) monitorUnits.push_back({beam.beam.name, beam.monitorUnits});
  dose::requireWithinDeliveryLimits(computed.machine, computed.rx.dosePerFractionGy(), monitorUnits);
  plan.setupBeams = plan::setupBeams(computed.beams.front().isocenterMm, computed.beams.front().patientPosition);
  if (const auto reviewer = arguments.value("--approved-by"))
    plan.approval = {dicom::ApprovalStatus::Approved, *reviewer, now("%Y%m%d"), now("%H%M%S")};

  // Written in the order the references need: the plan's UID first, the dose referencing it,
  // then the plan referencing the dose and the structure set (copied in unchanged).
  const std::string planUid = dicom::planSopInstanceUid(plan, dicom::InstanceUids::Fresh);
  std::error_code error;
  fs::create_directories(folder, error);
  const fs::path rtstructCopy = folder / ("RS." + structureSet.sopInstanceUid + ".dcm");
  if (!fs::equivalent(computed.rtstructFile, rtstructCopy, error))
    fs::copy_file(computed.rtstructFile, rtstructCopy, fs::copy_options::overwrite_existing, error);
  if (error) throw Error(ErrorCode::Io, rtstructCopy.string() + ": cannot copy the RT Structure Set: " + error.message());
  eval::DoseDistribution dose;
  dose.identity = ct.identity;
  dose.doseGy = computed.dose.doseGy;
  dicom::RtDoseExportOptions doseOptions;
  doseOptions.seriesDescription = "Kerma dose " + eval::describe(computed.rx);
  doseOptions.referencedRtPlanUids = {planUid};
  const dicom::ExportedDose writtenDose = dicom::writeRtDose(dose, folder / ("RD." + planUid + ".dcm"), doseOptions);
  plan.doseSopInstanceUids = {writtenDose.sopInstanceUid};
  dicom::RtPlanExportOptions planOptions;
  planOptions.sopInstanceUid = planUid;
  const dicom::ExportedPlan writtenPlan = dicom::writeRtPlan(plan, folder, planOptions);

  std::vector<plan::DrrImage> drrs;
  std::vector<dicom::ExportedRtImage> images;
  plan::DrrOptions drrOptions;
  drrOptions.sizePx = DRR_SIZE_PX;
  drrOptions.sidMm = DRR_SID_MM;
  drrOptions.threads = arguments.integer("--threads").value_or(0);
  std::vector<const dose::Beam*> imaged;
  for (const auto& beam : plan.beams) imaged.push_back(&beam.beam);
  for (const auto& beam : plan.setupBeams) imaged.push_back(&beam);
  for (std::size_t b = 0; b < imaged.size(); ++b) {
    drrs.push_back(plan::computeDrr(ct.hu, *imaged[b], plan.machine.sadMm, drrOptions));
    images.push_back(dicom::writeRtImage(drrs.back(), *imaged[b], int(b) + 1, plan, planUid, folder));
  }
  std::string reportFile;
  if (const auto file = arguments.value("--report")) {
    writeReport(computed, plan, dose, drrs, arguments, *file);
    reportFile = *file;
  }

  if (!arguments.flag("--json")) {
    std::cout << "plan " << plan.label << ": " << eval::describe(computed.rx) << " to " << computed.targetName << ", "
              << plan.beams.size() << " beams\n";
    for (const auto& beam : plan.beams)
      std::cout << std::left << std::setw(8) << beam.beam.name << std::right << std::fixed << std::setprecision(1)
                << std::setw(8) << beam.monitorUnits << " MU\n";
    std::cout << "RT Plan " << writtenPlan.file.string() << "\nRT Dose " << writtenDose.file.string() << "\nRT Structure Set "
              << rtstructCopy.string() << "\n" << images.size() << " RT Images in " << folder.string() << "\n";
    if (!reportFile.empty()) std::cout << "report " << reportFile << "\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("rtplan").value(writtenPlan.file.string()).key("rtdose").value(writtenDose.file.string());
  json.key("rtstruct").value(rtstructCopy.string());
  json.key("rtimages").beginArray();
  for (const auto& image : images) json.value(image.file.string());
  json.endArray();
  if (!reportFile.empty()) json.key("report").value(reportFile);
  json.key("planSopInstanceUid").value(planUid);
  writeMachineJson(json, computed.machine);
  json.key("beams").beginArray();
  for (const auto& beam : plan.beams) {
    json.beginObject();
    json.key("name").value(beam.beam.name).key("gantryDeg").value(beam.beam.gantryAngleDeg);
    json.key("muPerFraction").value(beam.monitorUnits).key("beamDoseGy").value(beam.beamDoseGy);
    json.endObject();
  }
  json.endArray().endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
