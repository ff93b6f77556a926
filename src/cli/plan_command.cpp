// kerma-cli plan: the template plan of kerma-cli dose written as a DICOM RT export (RT Plan,
// RT Dose referencing it, the RT Structure Set it was planned on, RT Images of its beams) and,
// with --report, a PDF plan report (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "json.h"
#include "template_plan.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/eval/constraints.h"
#include "kerma/planexport/plan_export.h"

#include <QtGui/QGuiApplication>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>

namespace kerma::cli {

namespace {

namespace fs = std::filesystem;

std::string now(const char* format) {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, format, std::localtime(&t));
  return text;
}

}  // namespace

int runPlan(const std::vector<std::string>& args) {
  std::set<std::string> options = TEMPLATE_PLAN_OPTIONS;
  options.insert({"--out", "--report", "--label", "--approved-by", "--constraints"});
  const Arguments arguments(args, {"--json"}, options);
  const fs::path folder = arguments.required("--out");
  const TemplatePlan computed = computeTemplatePlan(arguments);
  // Before anything else, so that a plan the machine could not deliver is refused at once.
  requireDeliverable(computed);

  planexport::PlanExport plan;
  plan.ct = &computed.ct.image;
  plan.structures = computed.structures;
  plan.targetName = computed.targetName;
  plan.normalisationName = computed.normalisationName;
  plan.machine = computed.machine;
  plan.rx = computed.rx;
  plan.label = arguments.value("--label").value_or("KERMA");
  plan.name = arguments.required("--template") + " " + eval::describe(computed.rx) + " to " + computed.targetName;
  plan.beams = computed.beams;
  plan.muPerFraction = computed.dose.muPerFraction;
  plan.beamGyPerMu = computed.beamGyPerMu;
  plan.doseGy = computed.dose.doseGy;
  if (const auto reviewer = arguments.value("--approved-by"))
    plan.approval = {dicom::ApprovalStatus::Approved, *reviewer, now("%Y%m%d"), now("%H%M%S")};
  // The structure set the plan was made on, copied in unchanged.
  plan.writeStructureSet = [&](const fs::path& into) {
    const fs::path copy = into / ("RS." + dicom::readStructureSet(computed.rtstructFile).sopInstanceUid + ".dcm");
    std::error_code error;
    fs::copy_file(computed.rtstructFile, copy, fs::copy_options::overwrite_existing, error);
    if (error) throw Error(ErrorCode::Io, copy.string() + ": cannot copy the RT Structure Set: " + error.message());
    return copy;
  };
  if (const auto constraints = arguments.value("--constraints"))
    plan.constraintTemplate = eval::loadConstraintTemplate(*constraints);
  plan.drrThreads = arguments.integer("--threads").value_or(0);
  std::optional<QGuiApplication> application;
  int argc = 1;
  char name[] = "kerma-cli";
  char* argv[] = {name, nullptr};
  if (const auto report = arguments.value("--report")) {
    plan.reportFile = *report;
    // The plan report needs Qt's fonts; the offscreen platform serves a headless run.
    setenv("QT_QPA_PLATFORM", "offscreen", /*overwrite=*/0);
    application.emplace(argc, argv);
  }
  const planexport::ExportedPlanFiles written = planexport::exportPlan(plan, folder).value();

  if (!arguments.flag("--json")) {
    std::cout << "plan " << plan.label << ": " << eval::describe(computed.rx) << " to " << computed.targetName << ", "
              << plan.beams.size() << " beams\n";
    for (std::size_t b = 0; b < plan.beams.size(); ++b)
      std::cout << std::left << std::setw(8) << plan.beams[b].name << std::right << std::fixed << std::setprecision(1)
                << std::setw(8) << plan.muPerFraction[b] << " MU\n";
    std::cout << "RT Plan " << written.rtplan.string() << "\nRT Dose " << written.rtdose.string() << "\nRT Structure Set "
              << written.rtstruct.string() << "\n" << written.rtimages.size() << " RT Images in " << folder.string() << "\n";
    if (written.report) std::cout << "report " << written.report->string() << "\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("rtplan").value(written.rtplan.string()).key("rtdose").value(written.rtdose.string());
  json.key("rtstruct").value(written.rtstruct.string());
  json.key("rtimages").beginArray();
  for (const auto& image : written.rtimages) json.value(image.string());
  json.endArray();
  if (written.report) json.key("report").value(written.report->string());
  json.key("planSopInstanceUid").value(written.planSopInstanceUid);
  writeMachineJson(json, computed.machine);
  json.key("beams").beginArray();
  for (std::size_t b = 0; b < plan.beams.size(); ++b) {
    json.beginObject();
    json.key("name").value(plan.beams[b].name).key("gantryDeg").value(plan.beams[b].gantryAngleDeg);
    json.key("muPerFraction").value(plan.muPerFraction[b]).key("beamDoseGy").value(written.beamDoseGy[b]);
    json.endObject();
  }
  json.endArray().endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
