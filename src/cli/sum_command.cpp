// kerma-cli sum --course FILE:FRACTIONS[:RECOVERED[:REG]] ... --as physical|eqd2 --out FILE
//   [--alpha-beta X] [--rtstruct FILE [--structure-alpha-beta NAME=X,...]
//   [--structure-recovered NAME=R,...]] [--json]
// Adds the RT Doses of several courses voxel by voxel on the first course's grid, physically or
// in EQD2, and writes the sum as an RT Dose. A course on another CT (Frame of Reference) comes with
// the Spatial Registration (REG, rigid or deformable) that maps it onto the first course's; the
// sum's RT Dose references every course's RT Plan and every registration.

#include "arguments.h"
#include "commands.h"
#include "contour_repairs.h"
#include "eval_arguments.h"
#include "json.h"
#include "template_plan.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"
#include "kerma/core/statistics.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/structure/contour_mask.h"

#include <filesystem>
#include <iostream>
#include <list>

namespace kerma::cli {

namespace {

struct CourseSpec {
  std::string file;
  int fractions = 0;
  double recoveredFraction = 0;
  std::string registrationFile;  // empty: the course is on the first course's Frame of Reference
};

bool isNumber(const std::string& text) {
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

// FILE:FRACTIONS[:RECOVERED[:REG]], split at the last colons so that FILE may hold colons: a last
// field that is not a number is the registration (whose name then may not hold a colon).
CourseSpec parseCourse(const std::string& text) {
  const std::string expected = "; expected FILE:FRACTIONS, FILE:FRACTIONS:RECOVERED or FILE:FRACTIONS:RECOVERED:REG";
  std::vector<std::string> fields;
  for (std::size_t start = 0;;) {
    const std::size_t colon = text.find(':', start);
    fields.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  CourseSpec c;
  if (fields.size() >= 4 && !isNumber(fields.back())) {
    c.registrationFile = fields.back();
    fields.pop_back();
    if (!isNumber(fields.back()) || !isNumber(fields[fields.size() - 2]))
      throw Error(ErrorCode::BadInput, "--course '" + text + "'" + expected);
  }
  if (fields.size() < 2 || !isNumber(fields.back())) throw Error(ErrorCode::BadInput, "--course '" + text + "'" + expected);
  auto fractionsOf = [&](const std::string& s) {
    const double f = parseNumber(s, "--course '" + text + "' fractions");
    if (f != std::floor(f) || f < 1)
      throw Error(ErrorCode::BadInput, "--course '" + text + "': " + s + " fractions; expected a whole number, at least 1");
    return static_cast<int>(f);
  };
  // With three fields or more the last is the recovered fraction, unless the one before it is not a
  // number (a colon in the file name); a registration always comes after a recovered fraction.
  std::size_t fileFields = fields.size() - 1;
  if (fields.size() >= 3 && (isNumber(fields[fields.size() - 2]) || !c.registrationFile.empty())) {
    c.recoveredFraction = parseNumber(fields.back(), "--course '" + text + "' recovered fraction");
    fields.pop_back();
    fileFields = fields.size() - 1;
  }
  c.fractions = fractionsOf(fields.back());
  for (std::size_t n = 0; n < fileFields; ++n) c.file += (n ? ":" : "") + fields[n];
  if (c.file.empty()) throw Error(ErrorCode::BadInput, "--course '" + text + "'" + expected);
  return c;
}

eval::SumMode parseMode(const std::string& text) {
  if (text == "physical") return eval::SumMode::Physical;
  if (text == "eqd2") return eval::SumMode::Eqd2;
  throw Error(ErrorCode::BadInput, "--as is '" + text + "'; expected physical or eqd2");
}

}  // namespace

int runSum(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"},
                            {"--course", "--as", "--alpha-beta", "--out", "--rtstruct", "--structure-alpha-beta",
                             "--structure-recovered", "--ref-point"});
  const auto courseTexts = arguments.values("--course");
  if (courseTexts.empty()) throw Error(ErrorCode::BadInput, "option --course is required (once per course)");
  const std::string output = arguments.required("--out");
  eval::SumOptions options;
  options.mode = parseMode(arguments.required("--as"));
  if (const auto ab = arguments.value("--alpha-beta")) options.alphaBetaGy = parseNumber(*ab, "--alpha-beta");

  std::vector<eval::Course> courses;
  std::vector<std::string> planUids;
  std::vector<dicom::ReferencedRegistration> registrations;  // what the sum maps courses through
  for (const auto& text : courseTexts) {
    const CourseSpec spec = parseCourse(text);
    dicom::RtDoseFile rd = dicom::readRtDose(spec.file);
    planUids.insert(planUids.end(), rd.referencedRtPlanUids.begin(), rd.referencedRtPlanUids.end());
    std::optional<core::FrameRegistration> registration;
    if (!spec.registrationFile.empty()) {
      const dicom::SpatialRegistrationFile reg = dicom::readSpatialRegistration(spec.registrationFile);
      for (const std::string& note : reg.notes) std::cerr << "sum: " << spec.registrationFile << ": " << note << "\n";
      registration = reg.registration;
      registrations.push_back({reg.sopInstanceUid, reg.registration.deformation != nullptr});
    }
    courses.push_back({std::filesystem::path(spec.file).filename().string(), std::move(rd.dose), spec.fractions,
                       spec.recoveredFraction, {}, registration});
  }

  // Per-structure alpha/beta and recovery: masks of the named ROIs on the sum's grid.
  std::list<structure::Mask> masks;  // stable addresses for StructureValue
  const auto perStructureAlphaBeta = arguments.value("--structure-alpha-beta");
  const auto perStructureRecovered = arguments.value("--structure-recovered");
  if (perStructureAlphaBeta || perStructureRecovered) {
    const std::string rtstructPath = arguments.required("--rtstruct");
    dicom::StructureSetFile set = dicom::readStructureSet(rtstructPath);
    sayRepairs("sum", dicom::repairContours(set, std::nullopt));  // without the CT: crossings only
    const std::string rtstructName = std::filesystem::path(rtstructPath).filename().string();
    eval::requireSameFrameOfReference(set.identity.frameOfReferenceUid, rtstructName,
                                      courses.front().dose.identity.frameOfReferenceUid, courses.front().label);
    core::requireSamePatient(set.identity, rtstructName, courses.front().dose.identity, courses.front().label);
    auto maskOf = [&](const std::string& name) -> const structure::Mask* {
      for (const auto& roi : set.rois)
        if (roi.name == name && !roi.contours.empty())
          return &masks.emplace_back(structure::maskFromContours(roi.contours, courses.front().dose.doseGy.geometry()));
      throw Error(ErrorCode::BadInput, rtstructName + " has no ROI named '" + name + "' with contours");
    };
    if (perStructureAlphaBeta)
      for (const auto& [name, ab] : parseNamedNumbers(*perStructureAlphaBeta, "--structure-alpha-beta"))
        options.alphaBetaByStructure.push_back({maskOf(name), ab});
    if (perStructureRecovered)
      for (const auto& [name, r] : parseNamedNumbers(*perStructureRecovered, "--structure-recovered")) {
        const structure::Mask* mask = maskOf(name);
        // The earlier courses recover; the last one is the course being planned.
        for (std::size_t c = 0; c + 1 < courses.size(); ++c) courses[c].recoveredByStructure.push_back({mask, r});
      }
  }

  const eval::DoseDistribution sum = eval::sumCourses(courses, options);
  dicom::RtDoseExportOptions exportOptions;
  exportOptions.seriesDescription =
      options.mode == eval::SumMode::Eqd2 ? "Sum EQD2 a/b " + core::shortestText(options.alphaBetaGy) + " Gy" : "Sum physical";
  exportOptions.referencedRtPlanUids = planUids;
  exportOptions.registrations = registrations;
  const dicom::ExportedDose written = dicom::writeRtDose(sum, output, exportOptions);
  const auto summary = core::summarize(sum.doseGy);
  // Each --ref-point: every course's own dose there and the sum's, in the sum's kind of dose.
  const std::vector<plan::ReferencePoint> points = referencePointArguments(arguments);
  std::vector<std::vector<std::optional<double>>> courseGy(points.size());
  std::vector<std::optional<double>> sumGy;
  for (std::size_t n = 0; n < points.size(); ++n) {
    for (const eval::Course& course : courses) courseGy[n].push_back(eval::sampleDoseGy(course.dose, points[n].positionMm));
    sumGy.push_back(eval::sampleDoseGy(sum, points[n].positionMm));
  }
  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject();
    json.key("out").value(written.file.string());
    json.key("doseType").value(eval::dicomTerm(sum.type));
    json.key("courses").value(courses.size());
    json.key("maxGy").value(summary.max);
    json.key("meanGy").value(summary.mean);
    json.key("referencePoints").beginArray();
    for (std::size_t n = 0; n < points.size(); ++n) {
      const auto& p = points[n].positionMm;
      json.beginObject().key("name").value(points[n].name).key("positionMm").numbers(std::array{p.x, p.y, p.z});
      json.key("courseGy").beginArray();
      for (const auto& gy : courseGy[n]) gy ? json.value(*gy) : json.null();
      json.endArray();
      json.key("sumGy");
      sumGy[n] ? json.value(*sumGy[n]) : json.null();
      json.endObject();
    }
    json.endArray();
    json.endObject();
    std::cout << "\n";
  } else {
    std::cout << "sum of " << courses.size() << " courses (" << eval::dicomTerm(sum.type) << "): max " << summary.max
              << " Gy -> " << written.file.string() << "\n";
    const auto gy = [](const std::optional<double>& value) { return value ? core::fixedText(*value, 2) + " Gy" : "-"; };
    for (std::size_t n = 0; n < points.size(); ++n) {
      std::cout << points[n].name << ":";
      for (std::size_t c = 0; c < courses.size(); ++c) std::cout << " " << courses[c].label << " " << gy(courseGy[n][c]) << ",";
      std::cout << " sum " << gy(sumGy[n]) << "\n";
    }
  }
  return 0;
}

}  // namespace kerma::cli
