// kerma-cli beams: beams of a template about a target, with SSD on the BODY, the MLC conformed
// to the target's beam's-eye view and the jaws fitted to the MLC (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "contour_repairs.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/beams/conformed_beams.h"

#include <iomanip>
#include <iostream>
#include <limits>

namespace kerma::cli {

namespace {

double numberOption(const Arguments& arguments, const std::string& option, double fallback) {
  const auto text = arguments.value(option);
  return text ? parseNumber(*text, option) : fallback;
}

}  // namespace

int runBeams(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"},
                            {"--ct", "--rtstruct", "--target", "--template", "--margin-mm", "--margin-x1-mm",
                             "--margin-x2-mm", "--margin-y1-mm", "--margin-y2-mm", "--jaw-margin-mm", "--leaf-mode",
                             "--isocenter", "--collimator", "--couch", "--machine"});
  const std::string ctFolder = arguments.required("--ct");
  const std::string rtstructFile = arguments.required("--rtstruct");
  const std::string targetName = arguments.required("--target");
  const beams::BeamTemplate beamTemplate = beams::beamTemplateFromName(arguments.required("--template"));
  beams::ConformationOptions options;
  options.leafMode = beams::leafModeFromName(arguments.value("--leaf-mode").value_or("outside"));
  const double marginMm = numberOption(arguments, "--margin-mm", 7);
  options.marginsMm = {numberOption(arguments, "--margin-x1-mm", marginMm), numberOption(arguments, "--margin-x2-mm", marginMm),
                       numberOption(arguments, "--margin-y1-mm", marginMm), numberOption(arguments, "--margin-y2-mm", marginMm)};
  for (double m : {options.marginsMm.x1, options.marginsMm.x2, options.marginsMm.y1, options.marginsMm.y2})
    if (m < 0) throw Error(ErrorCode::BadInput, "--margin-*-mm is " + core::shortestText(m) + "; expected 0 mm or more");
  options.jawMarginMm = numberOption(arguments, "--jaw-margin-mm", 0);
  const beams::TemplateAngles angles{numberOption(arguments, "--collimator", 0), numberOption(arguments, "--couch", 0)};
  const dose::Machine machine = machineFromArguments(arguments);

  const dicom::CtSeries ct = dicom::loadCtSeries(ctFolder);
  const auto [structures, repairs] = dicom::structuresOnCt(dicom::readStructureSet(rtstructFile), ct.image);
  sayRepairs("beams", repairs);
  const structure::Structure* target = nullptr;
  std::string available;
  for (const auto& s : structures) {
    if (s.name == targetName) target = &s;
    available += (available.empty() ? "" : ", ") + s.name;
  }
  if (!target)
    throw Error(ErrorCode::BadInput, rtstructFile + ": --target '" + targetName + "' not found; expected one of " + available);

  core::Point3<core::Patient> isocenterMm;
  if (const auto text = arguments.value("--isocenter")) {
    isocenterMm = parsePoint(*text, "--isocenter");
  } else {
    const auto centroid = structure::centroidMm(target->mask);
    if (!centroid) throw Error(ErrorCode::BadInput, rtstructFile + ": --target '" + targetName + "' is empty on the CT");
    isocenterMm = *centroid;
  }
  requireInsideCt(ct.image.hu, isocenterMm, "--isocenter");

  const structure::Structure* body = structure::findBody(structures);
  const auto beams = beams::conformedTemplateBeams(beamTemplate, *target, body ? &body->mask : nullptr, machine, options,
                                                  isocenterMm, patientPosition(ct.image, ctFolder), angles);

  if (!arguments.flag("--json")) {
    std::cout << "machine " << machine.name << " " << machine.version << " (sha256 " << machine.checksum.substr(0, 12)
              << "...), isocentre (" << isocenterMm.x << ", " << isocenterMm.y << ", " << isocenterMm.z << ") mm\n";
    std::cout << std::left << std::setw(8) << "beam" << std::right << std::setw(8) << "gantry" << std::setw(8) << "coll"
              << std::setw(8) << "couch" << std::setw(10) << "SSD mm"
              << std::setw(34) << "jaws X1 X2 Y1 Y2 mm\n";
    for (const auto& beam : beams)
      std::cout << std::left << std::setw(8) << beam.name << std::right << std::fixed << std::setprecision(1)
                << std::setw(8) << beam.gantryAngleDeg << std::setw(8) << beam.collimatorAngleDeg << std::setw(8)
                << beam.couchAngleDeg << std::setw(10) << beam.ssdMm << std::setw(8) << beam.jawsMm.x1
                << std::setw(8) << beam.jawsMm.x2 << std::setw(8) << beam.jawsMm.y1 << std::setw(8) << beam.jawsMm.y2 << "\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  writeMachineJson(json, machine);
  json.key("beams").beginArray();
  for (const auto& beam : beams) {
    json.beginObject();
    json.key("name").value(beam.name);
    json.key("gantryDeg").value(beam.gantryAngleDeg);
    json.key("collimatorDeg").value(beam.collimatorAngleDeg);
    json.key("couchDeg").value(beam.couchAngleDeg);
    json.key("isocenterMm").numbers(std::array{beam.isocenterMm.x, beam.isocenterMm.y, beam.isocenterMm.z});
    // null when the central axis misses the BODY or there is none (NaN is written as null).
    json.key("ssdMm").value(beam.ssdMm > 0 ? beam.ssdMm : std::numeric_limits<double>::quiet_NaN());
    json.key("jawsMm").beginObject();
    json.key("x1").value(beam.jawsMm.x1).key("x2").value(beam.jawsMm.x2);
    json.key("y1").value(beam.jawsMm.y1).key("y2").value(beam.jawsMm.y2);
    json.endObject();
    json.key("leavesMm").beginObject();
    json.key("x1").numbers(beam.leaves->x1Mm).key("x2").numbers(beam.leaves->x2Mm);
    json.endObject();
    json.endObject();
  }
  json.endArray().endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
