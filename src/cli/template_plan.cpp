#include "template_plan.h"

#include "beam_arguments.h"
#include "contour_repairs.h"
#include "eval_arguments.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/resources.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dose/ct_density.h"
#include "kerma/dose/delivery_limits.h"
#include "kerma/core/stopwatch.h"
#include "kerma/beams/conformed_beams.h"
#include "kerma/beams/mlc_shielding.h"
#include "kerma/plan/weight_optimisation.h"

#include <algorithm>
#include <array>
#include <iostream>

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



// Each --shield NAME:MM closes every beam's leaves over that organ (beams::shieldOrgan, the
// target's margin the conformation's, --shield-rule for the overlap); the pairs the rule decided
// are said on stderr.
void shieldOrgans(const std::string& command, const Arguments& arguments, const std::vector<structure::Structure>& structures,
                  const structure::Structure& target, const dose::Machine& machine, double targetMarginMm,
                  std::vector<dose::Beam>& beams) {
  beams::ShieldingOptions options;
  options.targetMarginMm = targetMarginMm;
  if (const auto rule = arguments.value("--shield-rule")) options.rule = beams::overlapRuleFromName(*rule);
  for (const std::string& text : arguments.values("--shield")) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
      throw Error(ErrorCode::BadInput, "--shield '" + text + "'; expected STRUCTURE:MARGIN_MM, e.g. Rectum:5");
    const std::string name = text.substr(0, colon);
    options.organMarginMm = parseNumber(text.substr(colon + 1), "--shield " + name);
    if (options.organMarginMm < 0) throw Error(ErrorCode::BadInput, "--shield " + text + ": expected a margin of 0 mm or more");
    const auto organ = std::find_if(structures.begin(), structures.end(), [&](const auto& s) { return s.name == name; });
    if (organ == structures.end()) throw Error(ErrorCode::BadInput, "--shield: no structure named '" + name + "'");
    for (dose::Beam& beam : beams) {
      beams::ShieldedBeam shielded = beams::shieldOrgan(beam, *organ, target, machine, options);
      for (const auto& overlap : shielded.overlaps)
        std::cerr << "kerma-cli " << command << ": beam " << beam.name << ", " << overlap << ": " << name << " overlaps "
                  << target.name << " (with margins); "
                  << (options.rule == beams::OverlapRule::TargetFirst ? "left open for the target (target-first)"
                                                                      : "closed for the organ (organ-first)")
                  << "\n";
      beam = std::move(shielded.beam);
    }
  }
}

}  // namespace

const structure::Structure& TemplatePlan::target() const { return plan.normalisedOn; }

TemplatePlan computeTemplatePlan(const std::string& command, const Arguments& arguments) {
  core::Stopwatch clock;
  TemplatePlan computed;
  computed.ctFolder = arguments.required("--ct");
  computed.rtstructFile = arguments.required("--rtstruct");
  const std::string targetName = arguments.required("--target");
  const beams::BeamTemplate beamTemplate = beams::beamTemplateFromName(arguments.required("--template"));
  eval::Prescription rx = eval::parsePrescription(arguments.required("--rx"));
  rx.target = targetName;
  rx.normalisation = eval::normalisationFromName(arguments.value("--normalisation").value_or("d95"));
  if (const auto p = arguments.value("--point")) rx.pointMm = parsePoint(*p, "--point");
  if (rx.normalisation == eval::Normalisation::Point && !rx.pointMm)
    throw Error(ErrorCode::BadInput, "--normalisation point needs --point x,y,z (mm, DICOM patient coordinates)");
  const double gridMm = numberOption(arguments, "--grid-mm", dose::DEFAULT_DOSE_GRID_MM);
  beams::ConformationOptions conformation;
  const double marginMm = numberOption(arguments, "--margin-mm", 7);
  if (marginMm < 0) throw Error(ErrorCode::BadInput, "--margin-mm is " + core::shortestText(marginMm) + "; expected 0 mm or more");
  conformation.marginsMm = {marginMm, marginMm, marginMm, marginMm};
  eval::DoseEngineData engine;
  engine.machine = machineFromArguments(arguments);
  engine.model = dose::loadBeamModel(engine.machine.folder);
  engine.densityCurve =
      dose::loadCtDensityCurve(arguments.value("--density-curve").value_or(core::defaultCtDensityCurve()));
  computed.model = engine.model;

  computed.ct = dicom::loadCtSeries(computed.ctFolder);
  dicom::StructuresOnCt onCt = dicom::structuresOnCt(dicom::readStructureSet(computed.rtstructFile), computed.ct.image);
  sayRepairs(command, onCt.repairs);
  computed.structures = std::move(onCt.structures);
  const structure::Structure& target =
      computed.structures[findStructure(computed.structures, targetName, computed.rtstructFile)];
  const structure::Structure* body = structure::findBody(computed.structures);
  if (!body)
    throw Error(ErrorCode::BadInput, computed.rtstructFile + ": no BODY (EXTERNAL) structure; expected the patient outline");
  computed.loadS = clock.lap();

  core::Point3<core::Patient> isocenterMm;
  if (const auto text = arguments.value("--isocenter")) {
    isocenterMm = parsePoint(*text, "--isocenter");
  } else {
    const auto centroid = structure::centroidMm(target.mask);
    if (!centroid)
      throw Error(ErrorCode::BadInput, computed.rtstructFile + ": --target '" + targetName + "' is empty on the CT");
    isocenterMm = *centroid;
  }
  requireInsideCt(computed.ct.image.hu, isocenterMm, "--isocenter");
  std::vector<dose::Beam> beams = beams::conformedTemplateBeams(
      beamTemplate, target, &body->mask, engine.machine, conformation, isocenterMm,
      patientPosition(computed.ct.image, computed.ctFolder));
  shieldOrgans(command, arguments, computed.structures, target, engine.machine, marginMm, beams);
  computed.beamsS = clock.lap();

  dose::BeamDoseOptions options;
  options.threads = arguments.integer("--threads").value_or(0);
  computed.plan = plan::computePlan(computed.ct.image, computed.structures, std::move(beams), rx, engine, gridMm, options,
                                    &computed.times)
                      .value();
  if (arguments.flag("--optimise-weights"))
    plan::reweight(computed.plan, plan::optimiseWeights(computed.plan, computed.structures));
  if (const auto fif = arguments.value("--fif")) {
    plan::FieldInFieldResult result =
        plan::fieldInField(computed.plan, computed.ct.image, computed.structures, engine, plan::parseFieldInField(*fif),
                           options)
            .value();
    computed.plan = std::move(result.plan);
    if (!result.summary.after.icru83())
      std::cerr << "kerma-cli " << command << ": warning: " << plan::describe(result.summary, targetName) << "\n";
    computed.fieldInField = std::move(result.summary);
  }
  return computed;
}

std::optional<eval::DoseMaximum> globalMaximumSaid(const std::string& command, const TemplatePlan& computed) {
  const auto maximum = plan::globalMaximum(computed.plan, computed.structures);
  if (maximum)
    if (const auto warning = plan::hotSpotWarning(computed.plan, *maximum))
      std::cerr << "kerma-cli " << command << ": warning: " << *warning << "\n";
  return maximum;
}

std::string describeGlobalMaximum(const plan::Plan& plan, const std::optional<eval::DoseMaximum>& maximum) {
  if (!maximum) return "global maximum: no BODY voxel on the dose grid";
  return "global maximum " + eval::describe(*maximum, plan.rx.totalDoseGy);
}

std::vector<plan::ReferencePoint> referencePointArguments(const Arguments& arguments) {
  std::vector<plan::ReferencePoint> extra;
  for (const std::string& text : arguments.values("--ref-point")) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0)
      throw Error(ErrorCode::BadInput, "--ref-point '" + text + "'; expected NAME:x,y,z (DICOM patient mm)");
    extra.push_back({text.substr(0, colon), parsePoint(text.substr(colon + 1), "--ref-point " + text.substr(0, colon))});
  }
  return extra;
}

void printReferencePoints(std::ostream& out, const plan::Plan& plan, const std::vector<plan::ReferencePoint>& points) {
  const auto doses = plan::pointDoses(plan, points);
  for (std::size_t n = 0; n < points.size(); ++n) {
    const auto& p = points[n].positionMm;
    out << points[n].name << " (" << core::fixedText(p.x, 1) << ", " << core::fixedText(p.y, 1) << ", "
        << core::fixedText(p.z, 1) << ") mm: ";
    if (!doses[n]) {
      out << "outside the dose grid\n";
      continue;
    }
    out << core::fixedText(doses[n]->fractionGy, 2) << " Gy per fraction (";
    for (std::size_t b = 0; b < plan.beams.size(); ++b)
      out << (b ? ", " : "") << plan.beams[b].name << " " << core::fixedText(doses[n]->beamGyPerFraction[b], 2);
    out << "), " << core::fixedText(doses[n]->totalGy, 2) << " Gy in " << plan.rx.fractions << " fractions\n";
  }
}

void writeReferencePoints(JsonWriter& json, const plan::Plan& plan, const std::vector<plan::ReferencePoint>& points) {
  const auto doses = plan::pointDoses(plan, points);
  json.key("referencePoints").beginArray();
  for (std::size_t n = 0; n < points.size(); ++n) {
    const auto& p = points[n].positionMm;
    json.beginObject().key("name").value(points[n].name).key("positionMm").numbers(std::array{p.x, p.y, p.z});
    if (doses[n]) {
      json.key("beamGyPerFraction").numbers(doses[n]->beamGyPerFraction);
      json.key("fractionGy").value(doses[n]->fractionGy).key("totalGy").value(doses[n]->totalGy);
    } else {
      json.key("beamGyPerFraction").null().key("fractionGy").null().key("totalGy").null();
    }
    json.endObject();
  }
  json.endArray();
}

void printFieldInField(std::ostream& out, const TemplatePlan& computed) {
  if (!computed.fieldInField) return;
  out << plan::describe(*computed.fieldInField, computed.plan.rx.target) << "\n";
  for (const std::string& line : computed.fieldInField->beams) out << "  " << line << "\n";
}

void writeFieldInField(JsonWriter& json, const TemplatePlan& computed) {
  json.key("fieldInField");
  if (!computed.fieldInField) {
    json.null();
    return;
  }
  const plan::FieldInFieldSummary& s = *computed.fieldInField;
  json.beginObject();
  json.key("levelPercent").value(s.options.levelPercent).key("maxSubfields").value(s.options.maxSubfields);
  for (const auto& [key, h] : {std::pair{"before", s.before}, std::pair{"after", s.after}}) {
    json.key(key).beginObject();
    json.key("d2Percent").value(h.d2Percent).key("d98Percent").value(h.d98Percent);
    json.endObject();
  }
  json.key("homogeneous").value(s.after.icru83());
  json.key("beams").beginArray();
  for (const std::string& line : s.beams) json.value(line);
  json.endArray();
  json.endObject();
}

void writeGlobalMaximum(JsonWriter& json, const plan::Plan& plan, const std::optional<eval::DoseMaximum>& maximum) {
  json.key("globalMax");
  if (!maximum) {
    json.null();
    return;
  }
  const auto& p = maximum->positionMm;
  json.beginObject();
  json.key("gy").value(maximum->gy).key("percent").value(maximum->percentOf(plan.rx.totalDoseGy));
  json.key("positionMm").numbers(std::array{p.x, p.y, p.z});
  json.endObject();
}

}  // namespace kerma::cli
