#include "beam_arguments.h"

#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/resources.h"

namespace kerma::cli {

core::Point3<core::Patient> parsePoint(const std::string& text, const std::string& option) {
  const std::vector<double> v = parseNumberList(text, option);
  if (v.size() != 3)
    throw Error(ErrorCode::BadInput, option + " '" + text + "' has " + std::to_string(v.size()) +
                                         " values; expected x,y,z in mm (DICOM patient coordinates)");
  return {v[0], v[1], v[2]};
}

core::PatientPosition patientPosition(const core::CtImage& ct, const std::string& ctFolder) {
  const std::string& term = ct.identity.patientPosition;
  if (term.empty()) return core::PatientPosition::Hfs;
  if (const auto position = core::patientPositionFromTerm(term)) return *position;
  throw Error(ErrorCode::BadInput, ctFolder + ": Patient Position (0018,5100) is '" + term + "'; expected HFS, FFS, HFP or FFP");
}

void requireInsideCt(const core::CtVolume& ct, const core::Point3<core::Patient>& pMm, const std::string& option) {
  const core::Point3<core::Voxel> v = ct.geometry().voxelFromPatient()(pMm);
  const auto& size = ct.geometry().size();
  const bool inside = v.x >= -0.5 && v.y >= -0.5 && v.z >= -0.5 && v.x <= size[0] - 0.5 && v.y <= size[1] - 0.5 &&
                      v.z <= size[2] - 0.5;
  if (!inside)
    throw Error(ErrorCode::BadInput, option + " (" + core::shortestText(pMm.x) + ", " + core::shortestText(pMm.y) + ", " +
                                         core::shortestText(pMm.z) + ") mm lies outside the CT; expected a point inside the scan");
}

dose::Machine machineFromArguments(const Arguments& arguments) {
  return dose::loadMachine(arguments.value("--machine").value_or(core::defaultMachineFolder()));
}

void writeMachineJson(JsonWriter& json, const dose::Machine& machine) {
  json.key("machine").beginObject();
  json.key("name").value(machine.name).key("version").value(machine.version).key("checksum").value(machine.checksum);
  json.endObject();
}

}  // namespace kerma::cli
