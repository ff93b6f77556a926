// kerma-cli phantom --out DIR [--course 1|2] [--json]: writes the built-in demo patient as a CT
// series and an RT Structure Set, with reproducible UIDs, so that other DICOM software can open
// it; --course writes one of the clinical case's two studies instead, the first with its plan
// (21 Gy/3, AP/PA weighted by Optimise weights) and the dose Kerma computes for it.

#include "arguments.h"
#include "commands.h"
#include "json.h"
#include "template_plan.h"

#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"

#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/planexport/plan_export.h"

#include <filesystem>
#include <iostream>

namespace kerma::cli {

namespace {

constexpr const char* FIRST_COURSE_RX = "21Gy/3";

// The first course's plan as its physicist made it: AP/PA on the PTV, 21 Gy in 3 fractions,
// the weights optimised against the hot spot; RT Plan, RT Dose and RT Images beside the CT.
planexport::ExportedPlanFiles planFirstCourse(const std::filesystem::path& folder, const std::filesystem::path& rtstruct) {
  const Arguments planArguments({"--ct", folder.string(), "--rtstruct", rtstruct.string(), "--target", "PTV",
                                 "--template", "ap-pa", "--rx", FIRST_COURSE_RX, "--optimise-weights"},
                                TEMPLATE_PLAN_FLAGS, TEMPLATE_PLAN_OPTIONS);
  TemplatePlan computed = computeTemplatePlan("phantom", planArguments);
  plan::Plan& planned = computed.plan;
  plan::requireDeliverable(planned);
  planned.label = "PELVIS 2012";
  planned.name = "ap-pa " + eval::describe(planned.rx) + " to " + planned.rx.target;
  planexport::ExportOptions exporting;
  exporting.writeStructureSet = [&](const std::filesystem::path&) { return rtstruct; };  // written already
  return planexport::exportPlan(computed.ct.image, planned, computed.structures, std::nullopt, exporting, folder).value();
}

}  // namespace

int runPhantom(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, {"--out", "--course"});
  const std::filesystem::path folder = arguments.required("--out");
  const std::optional<int> course = arguments.integer("--course");
  if (course && *course != 1 && *course != 2)
    throw Error(ErrorCode::BadInput, "--course is " + std::to_string(*course) + "; expected 1 (2012) or 2 (2019)");
  const phantom::DemoPatient patient =
      course ? phantom::makeDemoCourse(phantom::DemoCourse(*course)) : phantom::makeDemoPatient();
  const dicom::ExportedSeries ct =
      dicom::writeCtSeries(patient.ct, folder, {dicom::InstanceUids::Reproducible, "PELVIS"});
  const std::filesystem::path rtstruct = dicom::writeRtStruct(
      patient.structures, patient.ct, ct.sopInstanceUids, folder, {"DEMO", "KERMA", 900, dicom::InstanceUids::Reproducible});
  const std::optional<planexport::ExportedPlanFiles> planned =
      course == 1 ? std::optional(planFirstCourse(folder, rtstruct)) : std::nullopt;

  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject();
    json.key("directory").value(folder.string());
    json.key("ctFiles").value(ct.files.size());
    json.key("rtstruct").value(rtstruct.string());
    json.key("rtplan");
    planned ? json.value(planned->rtplan.string()) : json.null();
    json.key("rtdose");
    planned ? json.value(planned->rtdose.string()) : json.null();
    json.endObject();
    std::cout << "\n";
    return 0;
  }
  const auto& size = patient.ct.hu.geometry().size();
  std::cout << "demo patient " << patient.ct.identity.patientName << " (" << patient.ct.identity.patientId
            << ") written to " << folder.string() << "\n"
            << "  CT: " << ct.files.size() << " slices of " << size[0] << " x " << size[1] << ", "
            << patient.ct.identity.seriesDescription << ", study of " << core::isoDate(patient.ct.identity.studyDate) << "\n"
            << "  RT Structure Set: " << rtstruct.filename().string() << " (";
  for (std::size_t r = 0; r < patient.structures.size(); ++r)
    std::cout << (r ? ", " : "") << patient.structures[r].name;
  std::cout << ")\n";
  if (planned)
    std::cout << "  RT Plan: " << planned->rtplan.filename().string() << " (" << FIRST_COURSE_RX << ", AP/PA)\n"
              << "  RT Dose: " << planned->rtdose.filename().string() << "\n";
  return 0;
}

}  // namespace kerma::cli
