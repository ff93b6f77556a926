#include "kerma/dose/machine.h"

#include "kerma/core/error.h"
#include "kerma/core/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kerma::dose {

namespace {

using nlohmann::json;

constexpr const char* MACHINE_FILE_NAME = "machine.json";

/// Reads the values of one machine.json, naming the file, the line and the key path in every
/// error. nlohmann::json keeps no positions, so the line is that of the first occurrence of the
/// key's quoted name in the text (key names are unique in the format).
class MachineReader {
 public:
  MachineReader(std::filesystem::path file, const std::string& text) : file_(std::move(file)), text_(text) {}

  [[noreturn]] void fail(const std::string& where, const char* key, const std::string& problem) const {
    const std::string path = where.empty() ? key : where + "." + key;
    const int line = lineOf(key);
    const std::string location = file_.string() + (line > 0 ? ":" + std::to_string(line) : "");
    throw Error(ErrorCode::BadInput, location + ": " + path + " " + problem);
  }

  const json& member(const json& object, const std::string& where, const char* key) const {
    if (!object.contains(key)) fail(where, key, "is missing");
    return object.at(key);
  }

  double number(const json& object, const std::string& where, const char* key) const {
    const json& value = member(object, where, key);
    if (!value.is_number()) fail(where, key, "is " + describe(value) + "; expected a number");
    return value.get<double>();
  }

  double fraction(const json& object, const std::string& where, const char* key) const {
    const double value = number(object, where, key);
    if (!(value >= 0 && value <= 1)) fail(where, key, "is " + std::to_string(value) + "; expected a fraction in [0, 1]");
    return value;
  }

  double positive(const json& object, const std::string& where, const char* key) const {
    const double value = number(object, where, key);
    if (!(value > 0)) fail(where, key, "is " + std::to_string(value) + "; expected a positive number");
    return value;
  }

  std::string string(const json& object, const std::string& where, const char* key) const {
    const json& value = member(object, where, key);
    if (!value.is_string()) fail(where, key, "is " + describe(value) + "; expected a string");
    return value.get<std::string>();
  }

  bool boolean(const json& object, const std::string& where, const char* key) const {
    const json& value = member(object, where, key);
    if (!value.is_boolean()) fail(where, key, "is " + describe(value) + "; expected true or false");
    return value.get<bool>();
  }

  std::vector<double> numbers(const json& object, const std::string& where, const char* key) const {
    const json& value = member(object, where, key);
    if (!value.is_array()) fail(where, key, "is " + describe(value) + "; expected an array of numbers");
    std::vector<double> result;
    for (const json& element : value) {
      if (!element.is_number()) fail(where, key, "holds " + describe(element) + "; expected only numbers");
      result.push_back(element.get<double>());
    }
    return result;
  }

  Range range(const json& object, const std::string& where, const char* key) const {
    const std::vector<double> values = numbers(object, where, key);
    if (values.size() != 2 || !(values[0] <= values[1]))
      fail(where, key, "is " + object.at(key).dump() + "; expected [min, max] with min <= max");
    return {values[0], values[1]};
  }

  const json& object(const json& parent, const std::string& where, const char* key) const {
    const json& value = member(parent, where, key);
    if (!value.is_object()) fail(where, key, "is " + describe(value) + "; expected an object");
    return value;
  }

 private:
  static std::string describe(const json& value) {
    std::string text = value.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return std::string(value.type_name()) + " " + text;
  }

  /// Line of the key's first occurrence outside the "sources" notes (whose keys repeat the value
  /// keys); 0 when there is none.
  int lineOf(const char* key) const {
    const std::size_t notesBegin = text_.find("\"sources\"");
    const std::size_t notesEnd = notesBegin == std::string::npos ? notesBegin : text_.find('}', notesBegin);
    const std::string quoted = "\"" + std::string(key) + "\"";
    for (std::size_t at = text_.find(quoted); at != std::string::npos; at = text_.find(quoted, at + 1)) {
      if (notesBegin != std::string::npos && at > notesBegin && at < notesEnd) continue;
      return 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<long>(at), '\n'));
    }
    return 0;
  }

  std::filesystem::path file_;
  const std::string& text_;
};

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, file.string() + ": cannot be opened; expected a machine description");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

MlcModel readMlc(const MachineReader& reader, const json& mlc) {
  const std::string where = "mlc";
  MlcModel model;
  model.leafBoundariesMm = reader.numbers(mlc, where, "leafBoundariesMm");
  if (model.leafBoundariesMm.size() < 2)
    reader.fail(where, "leafBoundariesMm", "has " + std::to_string(model.leafBoundariesMm.size()) +
                                               " values; expected at least 2 (one more than the leaf pairs)");
  for (std::size_t n = 1; n < model.leafBoundariesMm.size(); ++n)
    if (!(model.leafBoundariesMm[n] > model.leafBoundariesMm[n - 1]))
      reader.fail(where, "leafBoundariesMm", "is not strictly increasing at value " + std::to_string(n) +
                                                 "; expected boundaries from -Y to +Y");
  model.leafTravelMm = reader.range(mlc, where, "leafTravelMm");
  model.maxTipSpreadMm = reader.positive(mlc, where, "maxTipSpreadMm");
  model.minimumGapMm = reader.number(mlc, where, "minimumGapMm");
  if (model.minimumGapMm < 0) reader.fail(where, "minimumGapMm", "is negative; expected a gap of 0 mm or more");
  model.interdigitationAllowed = reader.boolean(mlc, where, "interdigitationAllowed");
  model.transmission = reader.fraction(mlc, where, "mlcTransmission");
  return model;
}

}  // namespace

Machine loadMachine(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / MACHINE_FILE_NAME;
  const std::string text = readFile(file);
  json document;
  try {
    document = json::parse(text);
  } catch (const json::exception& e) {
    // nlohmann's message names the line and column ("at line 12, column 5"), or the number that
    // does not fit a double ("number overflow parsing '1e400'", an out_of_range, not a parse_error;
    // found by fuzz_machine).
    throw Error(ErrorCode::BadInput, file.string() + ": not valid JSON: " + e.what());
  }
  const MachineReader reader(file, text);
  if (!document.is_object()) throw Error(ErrorCode::BadInput, file.string() + ": expected a JSON object at the top");
  if (reader.string(document, "", "format") != "kerma-machine")
    reader.fail("", "format", "is not \"kerma-machine\"; expected a Kerma machine description");

  Machine machine;
  machine.folder = folder;
  machine.checksum = core::sha256Hex(text);
  machine.name = reader.string(document, "", "name");
  machine.version = reader.string(document, "", "version");
  const json& energies = reader.member(document, "", "energies");
  if (!energies.is_array() || energies.empty())
    reader.fail("", "energies", "is " + energies.dump() + "; expected a non-empty array of strings");
  for (const json& energy : energies) {
    if (!energy.is_string()) reader.fail("", "energies", "holds " + energy.dump() + "; expected strings such as \"6X\"");
    machine.energies.push_back(energy.get<std::string>());
  }
  machine.sadMm = reader.positive(document, "", "sadMm");

  const json& jaws = reader.object(document, "", "jaws");
  machine.jawLimitsMm = {reader.range(jaws, "jaws", "x1Mm"), reader.range(jaws, "jaws", "x2Mm"),
                         reader.range(jaws, "jaws", "y1Mm"), reader.range(jaws, "jaws", "y2Mm")};
  machine.jawTransmission = reader.fraction(jaws, "jaws", "jawTransmission");
  machine.mlc = readMlc(reader, reader.object(document, "", "mlc"));

  machine.gantryAngleDeg = reader.range(document, "", "gantryAngleDeg");
  machine.collimatorAngleDeg = reader.range(document, "", "collimatorAngleDeg");
  machine.couchAngleDeg = reader.range(document, "", "couchAngleDeg");
  machine.muPerBeam = reader.range(document, "", "muPerBeam");
  machine.minMuPerSegment = reader.positive(document, "", "minMuPerSegment");
  machine.doseRatesMuPerMin = reader.numbers(document, "", "doseRatesMuPerMin");
  machine.maxDosePerFractionGy = reader.positive(document, "", "maxDosePerFractionGy");
  return machine;
}

}  // namespace kerma::dose
