// kerma-cli compare A.dcm B.dcm --rtstruct RS.dcm: two doses of one patient compared (two plans,
// two revisions, or Kerma's plan and another system's RT Dose): per-structure DVH statistics in
// both and their differences, the difference map's range and the gamma index (docs/cli.md).

#include "arguments.h"
#include "commands.h"
#include "contour_repairs.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/eval/dose_comparison.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace kerma::cli {

namespace {

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// The statistics a comparison reports, in order: name and value.
std::vector<std::pair<const char*, double>> reported(const eval::DoseStatistics& s) {
  return {{"meanGy", s.meanGy}, {"maxGy", s.maxGy}, {"d98Gy", s.d98Gy}, {"d95Gy", s.d95Gy},
          {"d50Gy", s.d50Gy},   {"d2Gy", s.d2Gy},   {"d0.03ccGy", s.d0_03ccGy}};
}

void writeStatistics(JsonWriter& json, const char* key, const eval::DoseStatistics& s) {
  json.key(key).beginObject();
  for (const auto& [name, value] : reported(s)) json.key(name).value(value);
  json.endObject();
}

}  // namespace

int runCompare(const std::vector<std::string>& args) {
  std::set<std::string> options = GAMMA_OPTIONS;
  options.insert({"--rtstruct", "--threads"});
  const Arguments arguments(args, {"--json"}, options);
  if (arguments.positionals().size() != 2)
    throw Error(ErrorCode::BadInput, "compare takes " + std::to_string(arguments.positionals().size()) +
                                         " dose files; expected REFERENCE.dcm EVALUATED.dcm");
  const eval::GammaCriteria criteria = gammaCriteria(arguments);
  const int threads = arguments.integer("--threads").value_or(0);
  const std::string rtstructPath = arguments.required("--rtstruct");
  const dicom::RtDoseFile reference = dicom::readRtDose(arguments.positionals()[0]);
  const dicom::RtDoseFile evaluated = dicom::readRtDose(arguments.positionals()[1]);
  const std::string referenceName = fileName(reference.file.string()), evaluatedName = fileName(evaluated.file.string());
  eval::requireSameFrameOfReference(reference.dose.identity.frameOfReferenceUid, referenceName,
                                    evaluated.dose.identity.frameOfReferenceUid, evaluatedName);
  core::requireSamePatient(reference.dose.identity, referenceName, evaluated.dose.identity, evaluatedName);
  for (const auto* rd : {&reference, &evaluated})
    if (rd->dose.units == eval::DoseUnits::Relative)
      throw Error(ErrorCode::BadInput, fileName(rd->file.string()) + ": Dose Units are RELATIVE; expected GY to compare doses");

  dicom::StructureSetFile set = dicom::readStructureSet(rtstructPath);
  eval::requireSameFrameOfReference(set.identity.frameOfReferenceUid, fileName(rtstructPath),
                                    reference.dose.identity.frameOfReferenceUid, referenceName);
  core::requireSamePatient(set.identity, fileName(rtstructPath), reference.dose.identity, referenceName);
  sayRepairs("compare", dicom::repairContours(set, std::nullopt));  // without the CT: crossings only
  std::vector<eval::ContouredStructure> structures;
  for (const auto& roi : set.rois)
    if (!roi.contours.empty()) structures.push_back({roi.name, roi.contours});

  const eval::DoseComparison compared = eval::compareDoses(reference.dose, evaluated.dose, structures, criteria, threads);
  const auto difference = compared.differenceGy.values();
  const auto [lowest, highest] = std::minmax_element(difference.begin(), difference.end());

  if (!arguments.flag("--json")) {
    std::cout << "gamma " << core::shortestText(criteria.dosePercent) << " %/" << core::shortestText(criteria.dtaMm)
              << " mm (global, threshold " << core::shortestText(criteria.thresholdPercent)
              << " %) of " << evaluatedName << " against " << referenceName << ": "
              << core::fixedText(compared.gamma.passRatePercent(), 2) << " % pass; difference "
              << core::fixedText(*lowest, 2) << " to " << core::fixedText(*highest, 2) << " Gy\n";
    std::cout << std::left << std::setw(20) << "structure" << std::right;
    for (const auto& [name, value] : reported(eval::DoseStatistics{})) std::cout << std::setw(20) << name;
    std::cout << "\n";
    for (const auto& s : compared.structures) {
      std::cout << std::left << std::setw(20) << s.name << std::right;
      const auto a = reported(s.reference), b = reported(s.evaluated);
      for (std::size_t n = 0; n < a.size(); ++n)
        std::cout << std::setw(20)
                  << (core::fixedText(a[n].second, 2) + " -> " + core::fixedText(b[n].second, 2));
      std::cout << "\n";
    }
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("reference").value(reference.file.string()).key("evaluated").value(evaluated.file.string());
  json.key("gamma").beginObject();
  json.key("dosePercent").value(criteria.dosePercent).key("dtaMm").value(criteria.dtaMm);
  json.key("thresholdPercent").value(criteria.thresholdPercent);
  json.key("evaluated").value(compared.gamma.evaluated).key("passed").value(compared.gamma.passed);
  json.key("passRatePercent").value(compared.gamma.passRatePercent());
  json.endObject();
  json.key("differenceGy").beginObject().key("min").value(double(*lowest)).key("max").value(double(*highest)).endObject();
  json.key("structures").beginArray();
  for (const auto& s : compared.structures) {
    json.beginObject().key("name").value(s.name);
    writeStatistics(json, "reference", s.reference);
    writeStatistics(json, "evaluated", s.evaluated);
    json.key("difference").beginObject();
    const auto a = reported(s.reference), b = reported(s.evaluated);
    for (std::size_t n = 0; n < a.size(); ++n) json.key(a[n].first).value(b[n].second - a[n].second);
    json.endObject().endObject();
  }
  json.endArray().endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
