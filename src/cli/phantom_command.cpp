// kerma-cli phantom --out DIR [--json]: writes the built-in demo patient as a CT series and an
// RT Structure Set, with reproducible UIDs, so that other DICOM software can open it.

#include "arguments.h"
#include "commands.h"
#include "json.h"

#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/phantom/demo_patient.h"

#include <filesystem>
#include <iostream>

namespace kerma::cli {

int runPhantom(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, {"--out"});
  const std::filesystem::path folder = arguments.required("--out");
  const phantom::DemoPatient patient = phantom::makeDemoPatient();
  const dicom::ExportedSeries ct =
      dicom::writeCtSeries(patient.ct, folder, {dicom::InstanceUids::Reproducible, "PELVIS"});
  const std::filesystem::path rtstruct = dicom::writeRtStruct(
      patient.structures, patient.ct, ct.sopInstanceUids, folder, {"DEMO", "KERMA", 900, dicom::InstanceUids::Reproducible});

  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject();
    json.key("directory").value(folder.string());
    json.key("ctFiles").value(ct.files.size());
    json.key("rtstruct").value(rtstruct.string());
    json.endObject();
    std::cout << "\n";
    return 0;
  }
  const auto& size = patient.ct.hu.geometry().size();
  std::cout << "demo patient " << patient.ct.identity.patientName << " (" << patient.ct.identity.patientId
            << ") written to " << folder.string() << "\n"
            << "  CT: " << ct.files.size() << " slices of " << size[0] << " x " << size[1] << "\n"
            << "  RT Structure Set: " << rtstruct.filename().string() << " (";
  for (std::size_t r = 0; r < patient.structures.size(); ++r)
    std::cout << (r ? ", " : "") << patient.structures[r].name;
  std::cout << ")\n";
  return 0;
}

}  // namespace kerma::cli
