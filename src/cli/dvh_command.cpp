// kerma-cli dvh --rtstruct FILE --rtdose FILE [--ct DIR] [--rx-gy X] [--v 20,40,45] [--json] ...:
// DVHs and dose statistics of every structure of a structure set in an RT Dose.

#include "arguments.h"
#include "commands.h"
#include "contour_repairs.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/dvh.h"

#include <filesystem>
#include <iomanip>
#include <iostream>

namespace kerma::cli {

namespace {

constexpr double DEFAULT_CURVE_STEP_GY = 0.1;
// V<dose>Gy keys carry the dose as the user typed it, not rounded to six digits.
constexpr int USER_NUMBER_DIGITS = 10;

struct StructureDvh {
  const dicom::StructureSetRoi* roi;
  eval::Dvh dvh;
};

bool isTarget(structure::RoiType type) {
  return type == structure::RoiType::Ptv || type == structure::RoiType::Ctv || type == structure::RoiType::Gtv;
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// The DVH over which isodose volumes are measured: the EXTERNAL structure's when there is one,
// else the whole dose grid's.
eval::Dvh isodoseRegion(const std::vector<StructureDvh>& dvhs, const eval::DoseDistribution& dose,
                        const eval::DvhOptions& options) {
  for (const auto& s : dvhs)
    if (s.roi->type == structure::RoiType::External) return s.dvh;
  return eval::computeGridDvh(dose, options);
}

// What the JSON report holds beyond the statistics, from the command line.
struct ReportChoices {
  std::vector<double> vDoses;  // --v
  double stepGy = DEFAULT_CURVE_STEP_GY;
  std::optional<double> rxGy;
};

ReportChoices reportChoices(const Arguments& arguments) {
  ReportChoices c;
  if (const auto v = arguments.value("--v")) c.vDoses = parseNumberList(*v, "--v");
  if (const auto step = arguments.value("--step-gy")) c.stepGy = parseNumber(*step, "--step-gy");
  if (!(c.stepGy > 0)) throw Error(ErrorCode::BadInput, "--step-gy must be positive");
  if (const auto rx = arguments.value("--rx-gy")) c.rxGy = parseNumber(*rx, "--rx-gy");
  if (c.rxGy && !(*c.rxGy > 0)) throw Error(ErrorCode::BadInput, "--rx-gy must be positive");
  return c;
}

void writeJson(const std::vector<StructureDvh>& dvhs, const eval::DoseDistribution& dose,
               const eval::DvhOptions& options, const ReportChoices& choices,
               const std::vector<eval::ConstraintResult>& constraints) {
  const auto& vDoses = choices.vDoses;
  const double stepGy = choices.stepGy;
  const auto& rxGy = choices.rxGy;
  std::optional<eval::Dvh> region;
  if (rxGy)
    for (const auto& s : dvhs)
      if (isTarget(s.roi->type)) region = isodoseRegion(dvhs, dose, options);

  JsonWriter json(std::cout);
  json.beginObject();
  json.key("doseUnits").value(eval::dicomTerm(dose.units));
  json.key("doseType").value(eval::dicomTerm(dose.type));
  json.key("structures").beginArray();
  for (const auto& s : dvhs) {
    const eval::DoseStatistics stats = eval::doseStatistics(s.dvh);
    json.beginObject();
    json.key("name").value(s.roi->name);
    json.key("type").value(structure::dicomTerm(s.roi->type));
    json.key("volumeCc").value(stats.volumeCc);
    json.key("minGy").value(stats.minGy);
    json.key("maxGy").value(stats.maxGy);
    json.key("meanGy").value(stats.meanGy);
    json.key("d0.03ccGy").value(stats.d0_03ccGy);
    json.key("d2Gy").value(stats.d2Gy);
    json.key("d50Gy").value(stats.d50Gy);
    json.key("d95Gy").value(stats.d95Gy);
    json.key("d98Gy").value(stats.d98Gy);
    json.key("homogeneityIndex").value(stats.homogeneityIndex);
    json.key("outsideDoseGridCc").value(s.dvh.outsideDoseGridCc);
    json.key("v").beginObject();
    for (double x : vDoses) json.key(core::shortestText(x, USER_NUMBER_DIGITS) + "Gy").value(eval::volumeAtLeastPercent(s.dvh, x));
    json.endObject();
    if (rxGy && region && isTarget(s.roi->type)) {
      const auto ci = eval::conformityIndices(s.dvh, *region, *rxGy);
      json.key("paddickCi").value(ci.paddickCi);
      json.key("gradientIndex").value(ci.gradientIndex);
    }
    json.key("cumulative").beginArray();
    for (const auto& p : eval::cumulativeCurve(s.dvh, stepGy)) json.beginArray().value(p.dose).value(p.volume).endArray();
    json.endArray();
    if (rxGy) {
      json.key("cumulativePercentRx").beginArray();
      for (const auto& p : eval::cumulativeCurve(s.dvh, stepGy, {eval::VolumeUnit::Percent, *rxGy}))
        json.beginArray().value(p.dose).value(p.volume).endArray();
      json.endArray();
    }
    json.endObject();
  }
  json.endArray();
  if (!constraints.empty()) {
    json.key("constraints").beginArray();
    for (const auto& r : constraints) {
      json.beginObject();
      json.key("structure").value(r.constraint.structure);
      json.key("metric").value(r.constraint.metricText);
      if (r.constraint.max) json.key("max").value(*r.constraint.max);
      if (r.constraint.min) json.key("min").value(*r.constraint.min);
      json.key("value");
      if (r.value)
        json.value(*r.value);
      else
        json.value(std::numeric_limits<double>::quiet_NaN());
      json.key("outcome").value(eval::outcomeName(r.outcome));
      json.endObject();
    }
    json.endArray();
  }
  json.endObject();
  std::cout << "\n";
}

void writeText(const std::vector<StructureDvh>& dvhs, const std::vector<eval::ConstraintResult>& constraints) {
  std::cout << std::left << std::setw(20) << "structure" << std::right << std::setw(11) << "volume cc" << std::setw(9)
            << "min Gy" << std::setw(9) << "mean Gy" << std::setw(9) << "max Gy" << std::setw(9) << "D98 Gy"
            << std::setw(9) << "D95 Gy" << std::setw(9) << "D50 Gy" << std::setw(9) << "D2 Gy" << "\n"
            << std::fixed << std::setprecision(2);
  for (const auto& s : dvhs) {
    const auto st = eval::doseStatistics(s.dvh);
    std::cout << std::left << std::setw(20) << s.roi->name << std::right << std::setw(11) << st.volumeCc << std::setw(9)
              << st.minGy << std::setw(9) << st.meanGy << std::setw(9) << st.maxGy << std::setw(9) << st.d98Gy
              << std::setw(9) << st.d95Gy << std::setw(9) << st.d50Gy << std::setw(9) << st.d2Gy << "\n";
  }
  for (const auto& r : constraints) {
    std::cout << std::left << std::setw(6) << eval::outcomeName(r.outcome) << " " << r.constraint.structure << " "
              << r.constraint.metricText << (r.constraint.max ? " <= " : " >= ")
              << (r.constraint.max ? *r.constraint.max : *r.constraint.min);
    if (r.value) std::cout << ": " << *r.value;
    std::cout << "\n";
  }
}

}  // namespace

int runDvh(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"},
                            {"--rtstruct", "--rtdose", "--ct", "--rx-gy", "--v", "--step-gy", "--sample-mm",
                             "--constraints", "--fractions", "--threads"});
  const std::string rtstructPath = arguments.required("--rtstruct");
  const std::string rtdosePath = arguments.required("--rtdose");
  const ReportChoices choices = reportChoices(arguments);
  dicom::StructureSetFile set = dicom::readStructureSet(rtstructPath);
  const dicom::RtDoseFile rd = dicom::readRtDose(rtdosePath);
  eval::requireSameFrameOfReference(set.identity.frameOfReferenceUid, fileName(rtstructPath),
                                    rd.dose.identity.frameOfReferenceUid, fileName(rtdosePath));
  core::requireSamePatient(set.identity, fileName(rtstructPath), rd.dose.identity, fileName(rtdosePath));
  if (rd.dose.units == eval::DoseUnits::Relative)
    std::cerr << "kerma-cli dvh: " << fileName(rtdosePath) << ": Dose Units are RELATIVE; the 'Gy' values are relative\n";
  for (const auto& note : rd.notes) std::cerr << "kerma-cli dvh: " << fileName(rtdosePath) << ": " << note << "\n";

  eval::DvhOptions options;
  options.threads = arguments.integer("--threads").value_or(0);
  if (const auto step = arguments.value("--sample-mm")) options.sampleStepMm = parseNumber(*step, "--sample-mm");
  std::optional<core::VolumeGeometry> ctGrid;
  if (const auto ctFolder = arguments.value("--ct")) {
    const dicom::CtSeries ct = dicom::loadCtSeries(*ctFolder);
    eval::requireSameFrameOfReference(set.identity.frameOfReferenceUid, fileName(rtstructPath),
                                      ct.image.identity.frameOfReferenceUid, "the CT in " + *ctFolder);
    core::requireSamePatient(set.identity, fileName(rtstructPath), ct.image.identity, "the CT in " + *ctFolder);
    options.slabThicknessMm = ct.image.hu.geometry().spacingMm()[2];
    ctGrid = ct.image.hu.geometry();
  }
  // Only the CT the set was drawn on tells a corrupted vertex from a structure beyond the dose grid.
  sayRepairs("dvh", dicom::repairContours(set, ctGrid));

  std::vector<const dicom::StructureSetRoi*> rois;
  std::vector<std::vector<structure::PlanarContour>> contours;
  for (const auto& roi : set.rois) {
    if (roi.contours.empty()) continue;  // markers and empty ROIs have no volume
    rois.push_back(&roi);
    contours.push_back(roi.contours);
  }
  std::vector<StructureDvh> dvhs;
  try {
    for (auto& dvh : eval::computeDvhs(contours, rd.dose, options)) dvhs.push_back({rois[dvhs.size()], std::move(dvh)});
  } catch (const Error& e) {
    throw Error(e.code(), fileName(rtstructPath) + ": " + e.what());
  }

  std::vector<eval::ConstraintResult> constraints;
  if (const auto file = arguments.value("--constraints")) {
    const int fractions = arguments.integer("--fractions").value_or(0);
    const auto tmpl = eval::loadConstraintTemplate(*file);
    const eval::ConstraintSet* constraintSet = eval::constraintsFor(tmpl, fractions);
    if (!constraintSet)
      throw Error(ErrorCode::BadInput, *file + " has no constraints for --fractions " + std::to_string(fractions));
    std::vector<eval::NamedDvh> named;
    for (const auto& s : dvhs) named.push_back({s.roi->name, &s.dvh});
    constraints = eval::evaluateConstraints(*constraintSet, named);
  }

  if (arguments.flag("--json"))
    writeJson(dvhs, rd.dose, options, choices, constraints);
  else
    writeText(dvhs, constraints);
  return 0;
}

}  // namespace kerma::cli
