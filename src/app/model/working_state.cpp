#include "kerma/app/working_state.h"

#include "kerma/core/error.h"

#include <nlohmann/json.hpp>

namespace kerma::app {

namespace {

using nlohmann::json;

constexpr int FORMAT_VERSION = 1;

// Lengths of alternating runs of 0 and 1 along the voxel order, starting with 0s (possibly an
// empty run): a painted mask is a few runs per row.
json runLengths(const structure::Mask& mask) {
  json runs = json::array();
  std::uint8_t current = 0;
  std::size_t length = 0;
  for (const std::uint8_t value : mask.values()) {
    if ((value != 0) != (current != 0)) {
      runs.push_back(length);
      current = value != 0;
      length = 0;
    }
    ++length;
  }
  runs.push_back(length);
  return runs;
}

structure::Mask maskFromRunLengths(const json& runs, const core::VolumeGeometry& grid, const std::string& where) {
  structure::Mask mask(grid, 0);
  const auto values = mask.values();
  std::size_t at = 0;
  std::uint8_t current = 0;
  for (const json& run : runs) {
    const auto length = run.get<std::size_t>();
    if (length > values.size() - at) throw Error(ErrorCode::BadInput, where + ": more voxels than the CT has");
    std::fill_n(values.begin() + std::ptrdiff_t(at), length, current);
    at += length;
    current ^= 1;
  }
  if (at != values.size())
    throw Error(ErrorCode::BadInput, where + ": " + std::to_string(at) + " voxels, the CT has " +
                                         std::to_string(values.size()));
  return mask;
}

json point(const core::Point3<core::Patient>& p) { return {p.x, p.y, p.z}; }

json beamJson(const dose::Beam& beam) {
  json j = {{"name", beam.name},
            {"gantryAngleDeg", beam.gantryAngleDeg},
            {"collimatorAngleDeg", beam.collimatorAngleDeg},
            {"couchAngleDeg", beam.couchAngleDeg},
            {"patientPosition", std::string(core::dicomTerm(beam.patientPosition))},
            {"isocenterMm", point(beam.isocenterMm)},
            {"jawsMm", {beam.jawsMm.x1, beam.jawsMm.x2, beam.jawsMm.y1, beam.jawsMm.y2}},
            {"weight", beam.weight},
            {"ssdMm", beam.ssdMm},
            {"energy", beam.energy}};
  if (beam.leaves) j["leavesMm"] = {{"x1", beam.leaves->x1Mm}, {"x2", beam.leaves->x2Mm}};
  // Optional: states written before field-in-field have none.
  for (const dose::Subfield& subfield : beam.subfields)
    j["subfields"].push_back({{"leavesMm", {{"x1", subfield.leaves.x1Mm}, {"x2", subfield.leaves.x2Mm}}},
                              {"metersetShare", subfield.metersetShare}});
  return j;
}

dose::Beam beamFromJson(const json& j, const std::string& where) {
  dose::Beam beam;
  beam.name = j.at("name").get<std::string>();
  beam.gantryAngleDeg = j.at("gantryAngleDeg").get<double>();
  beam.collimatorAngleDeg = j.at("collimatorAngleDeg").get<double>();
  beam.couchAngleDeg = j.at("couchAngleDeg").get<double>();
  const auto position = core::patientPositionFromTerm(j.at("patientPosition").get<std::string>());
  if (!position) throw Error(ErrorCode::BadInput, where + ": unknown patient position");
  beam.patientPosition = *position;
  const auto iso = j.at("isocenterMm").get<std::array<double, 3>>();
  beam.isocenterMm = {iso[0], iso[1], iso[2]};
  const auto jaws = j.at("jawsMm").get<std::array<double, 4>>();
  beam.jawsMm = {jaws[0], jaws[1], jaws[2], jaws[3]};
  if (j.contains("leavesMm"))
    beam.leaves = dose::MlcLeaves{j["leavesMm"].at("x1").get<std::vector<double>>(),
                                  j["leavesMm"].at("x2").get<std::vector<double>>()};
  if (j.contains("subfields"))
    for (const json& subfield : j["subfields"])
      beam.subfields.push_back({dose::MlcLeaves{subfield.at("leavesMm").at("x1").get<std::vector<double>>(),
                                                subfield.at("leavesMm").at("x2").get<std::vector<double>>()},
                                subfield.at("metersetShare").get<double>()});
  beam.weight = j.at("weight").get<double>();
  beam.ssdMm = j.at("ssdMm").get<double>();
  beam.energy = j.at("energy").get<std::string>();
  return beam;
}

}  // namespace

std::string encodeWorkingState(const WorkingState& state) {
  json structures = json::array();
  for (const auto& s : state.structures)
    structures.push_back({{"name", s.name},
                          {"type", std::string(structure::dicomTerm(s.type))},
                          {"colour", {s.colour.r, s.colour.g, s.colour.b}},
                          {"mask", runLengths(s.mask)}});
  json beams = json::array();
  for (const auto& beam : state.beams.beams) beams.push_back(beamJson(beam));
  json record = {{"format", "kerma-recovery"},
                 {"version", FORMAT_VERSION},
                 {"patientId", state.patientId},
                 {"ctSeriesInstanceUid", state.ctSeriesInstanceUid},
                 {"editCount", state.editCount},
                 {"savedAtUtc", state.savedAtUtc},
                 {"structures", structures},
                 {"beams", beams}};
  // Optional, so that a record written before points existed reads as one without any.
  if (!state.referencePoints.empty()) {
    json points = json::array();
    for (const auto& p : state.referencePoints)
      points.push_back({{"name", p.name}, {"positionMm", {p.positionMm.x, p.positionMm.y, p.positionMm.z}}});
    record["referencePoints"] = points;
  }
  if (const auto& target = state.beams.target) {
    const auto& o = target->options;
    record["target"] = {{"structureName", target->structureName},
                        {"marginsMm", {o.marginsMm.x1, o.marginsMm.x2, o.marginsMm.y1, o.marginsMm.y2}},
                        {"leafMode", int(o.leafMode)},
                        {"jawMarginMm", o.jawMarginMm}};
  }
  return record.dump();
}

WorkingState decodeWorkingState(std::string_view record, const core::VolumeGeometry& grid, const std::string& origin) {
  const json j = json::parse(record, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "kerma-recovery")
    throw Error(ErrorCode::BadInput, origin + ": not a Kerma recovery record");
  if (j.value("version", 0) != FORMAT_VERSION)
    throw Error(ErrorCode::BadInput, origin + ": recovery record version " + j.value("version", json()).dump() +
                                         ", this Kerma reads version " + std::to_string(FORMAT_VERSION));
  WorkingState state;
  std::string where = origin;
  try {
    state.patientId = j.at("patientId").get<std::string>();
    state.ctSeriesInstanceUid = j.at("ctSeriesInstanceUid").get<std::string>();
    state.editCount = j.at("editCount").get<int>();
    state.savedAtUtc = j.at("savedAtUtc").get<std::string>();
    for (const json& s : j.at("structures")) {
      structure::Structure structure;
      structure.name = s.at("name").get<std::string>();
      where = origin + ": structure '" + structure.name + "'";
      structure.type = structure::roiTypeFromDicomTerm(s.at("type").get<std::string>());
      const auto colour = s.at("colour").get<std::array<std::uint8_t, 3>>();
      structure.colour = {colour[0], colour[1], colour[2]};
      structure.mask = maskFromRunLengths(s.at("mask"), grid, where);
      state.structures.push_back(std::move(structure));
    }
    for (const json& beam : j.at("beams")) {
      where = origin + ": beam " + beam.value("name", "?");
      state.beams.beams.push_back(beamFromJson(beam, where));
    }
    for (const json& point : j.value("referencePoints", json::array())) {
      where = origin + ": reference point " + point.value("name", "?");
      const auto p = point.at("positionMm").get<std::array<double, 3>>();
      state.referencePoints.push_back({point.at("name").get<std::string>(), {p[0], p[1], p[2]}});
    }
    if (j.contains("target")) {
      where = origin + ": plan target";
      const json& t = j["target"];
      PlanTarget target;
      target.structureName = t.at("structureName").get<std::string>();
      const auto margins = t.at("marginsMm").get<std::array<double, 4>>();
      target.options.marginsMm = {margins[0], margins[1], margins[2], margins[3]};
      const int leafMode = t.at("leafMode").get<int>();
      if (leafMode < 0 || leafMode > int(beams::LeafMode::Middle))
        throw Error(ErrorCode::BadInput, where + ": unknown leaf mode " + std::to_string(leafMode));
      target.options.leafMode = beams::LeafMode(leafMode);
      target.options.jawMarginMm = t.at("jawMarginMm").get<double>();
      state.beams.target = target;
    }
  } catch (const json::exception& e) {
    throw Error(ErrorCode::BadInput, where + ": " + e.what());
  }
  return state;
}

std::optional<WorkingState> readRecoveredWork(const PatientStore& store, const core::CtImage& ct) {
  const auto record = store.readRecovery(ct.identity.patientId);
  if (!record) return std::nullopt;
  WorkingState state =
      decodeWorkingState(*record, ct.hu.geometry(), store.recoveryFile(ct.identity.patientId).string());
  if (state.ctSeriesInstanceUid != ct.identity.seriesInstanceUid) return std::nullopt;
  return state;
}

}  // namespace kerma::app
