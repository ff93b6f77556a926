// kerma-cli plan: the template plan of kerma-cli dose written as a DICOM RT export (RT Plan,
// RT Dose referencing it, the RT Structure Set it was planned on, RT Images of its beams) and,
// with --report, a PDF plan report (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"
#include "template_plan.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/eval/constraints.h"
#include "kerma/planexport/plan_export.h"

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>

namespace kerma::cli {

namespace fs = std::filesystem;

int runPlan(const std::vector<std::string>& args) {
  std::set<std::string> options = TEMPLATE_PLAN_OPTIONS;
  options.insert({"--out", "--report", "--label", "--approved-by", "--accept-global-max", "--constraints"});
  const Arguments arguments(args, TEMPLATE_PLAN_FLAGS, options);
  const fs::path folder = arguments.required("--out");
  TemplatePlan computed = computeTemplatePlan("plan", arguments);
  plan::Plan& planned = computed.plan;
  // Before anything else, so that a plan the machine could not deliver is refused at once.
  plan::requireDeliverable(planned);
  planned.label = arguments.value("--label").value_or("KERMA");
  planned.name = arguments.required("--template") + " " + eval::describe(planned.rx) + " to " + planned.rx.target;
  std::optional<plan::Approval> approval;
  if (const auto reviewer = arguments.value("--approved-by")) approval = plan::Approval{*reviewer, localTimeText("%Y%m%d"), localTimeText("%H%M%S")};
  if (const auto accepted = arguments.value("--accept-global-max")) {
    if (!approval) throw Error(ErrorCode::BadInput, "--accept-global-max is the reviewer's: it needs --approved-by");
    approval->acceptedGlobalMaxPercent = parseNumber(*accepted, "--accept-global-max");
  }
  const auto maximum = globalMaximumSaid("plan", computed);
  const auto extraPoints = referencePointArguments(arguments);
  const auto points = plan::referencePoints(planned, extraPoints);

  planexport::ExportOptions exporting;
  // The structure set the planned was made on, copied in unchanged.
  exporting.writeStructureSet = [&](const fs::path& into) {
    const fs::path copy = into / ("RS." + dicom::readStructureSet(computed.rtstructFile).sopInstanceUid + ".dcm");
    std::error_code error;
    fs::copy_file(computed.rtstructFile, copy, fs::copy_options::overwrite_existing, error);
    if (error) throw Error(ErrorCode::Io, copy.string() + ": cannot copy the RT Structure Set: " + error.message());
    return copy;
  };
  if (const auto constraints = arguments.value("--constraints"))
    exporting.constraintTemplate = eval::loadConstraintTemplate(*constraints);
  exporting.drrThreads = arguments.integer("--threads").value_or(0);
  exporting.referencePoints = extraPoints;
  if (const auto report = arguments.value("--report")) exporting.reportFile = *report;
  const planexport::ExportedPlanFiles written =
      planexport::exportPlan(computed.ct.image, planned, computed.structures, approval, exporting, folder).value();

  if (!arguments.flag("--json")) {
    std::cout << "planned " << planned.label << ": " << eval::describe(planned.rx) << " to " << planned.rx.target << ", "
              << planned.beams.size() << " beams\n";
    for (std::size_t b = 0; b < planned.beams.size(); ++b)
      std::cout << std::left << std::setw(8) << planned.beams[b].name << std::right << std::fixed << std::setprecision(1)
                << std::setw(8) << planned.muPerFraction[b] << " MU\n";
    std::cout << "RT Plan " << written.rtplan.string() << "\nRT Dose " << written.rtdose.string() << "\nRT Structure Set "
              << written.rtstruct.string() << "\n" << written.rtimages.size() << " RT Images in " << folder.string() << "\n";
    if (written.report) std::cout << "report " << written.report->string() << "\n";
    std::cout << describeGlobalMaximum(planned, maximum) << "\n";
    printFieldInField(std::cout, computed);
    printReferencePoints(std::cout, planned, points);
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
  writeGlobalMaximum(json, planned, maximum);
  writeFieldInField(json, computed);
  writeReferencePoints(json, planned, points);
  writeMachineJson(json, planned.machine);
  json.key("beams").beginArray();
  for (std::size_t b = 0; b < planned.beams.size(); ++b) {
    json.beginObject();
    json.key("name").value(planned.beams[b].name).key("gantryDeg").value(planned.beams[b].gantryAngleDeg);
    json.key("muPerFraction").value(planned.muPerFraction[b]).key("beamDoseGy").value(written.beamDoseGy[b]);
    json.key("segmentMu").numbers(plan::segmentMuPerFraction(planned, b));
    json.endObject();
  }
  json.endArray().endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
