#include "kerma/dose/machine.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kerma::dose {
namespace {

namespace fs = std::filesystem;

const fs::path GENERIC_6MV = fs::path(KERMA_MACHINES_DIR) / "generic-6mv";

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fresh folder holding machine.json with the given text.
fs::path machineFolder(const std::string& name, const std::string& text) {
  const fs::path folder = fs::temp_directory_path() / ("kerma-test-machine-" + name);
  fs::create_directories(folder);
  std::ofstream(folder / "machine.json", std::ios::binary) << text;
  return folder;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

/// The message of the kerma::Error that loading folder throws, or "" when it loads.
std::string loadError(const fs::path& folder) {
  try {
    loadMachine(folder);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    return e.what();
  }
  return "";
}

TEST(Machine, LoadsTheGenericSixMegavoltMachine) {
  const Machine m = loadMachine(GENERIC_6MV);
  EXPECT_EQ(m.name, "Generic 6 MV");
  EXPECT_EQ(m.version, "1.1.0");
  EXPECT_EQ(m.energies, std::vector<std::string>{"6X"});
  EXPECT_EQ(m.sadMm, 1000);
  EXPECT_EQ(m.jawLimitsMm.x1, (Range{-200, 20}));
  EXPECT_EQ(m.jawLimitsMm.y2, (Range{-20, 200}));
  EXPECT_EQ(m.jawTransmission, 0.005);
  ASSERT_EQ(m.mlc.pairCount(), 60);
  EXPECT_EQ(m.mlc.leafBoundariesMm.front(), -200);
  EXPECT_EQ(m.mlc.leafBoundariesMm[10], -100);
  EXPECT_EQ(m.mlc.leafBoundariesMm[50], 100);
  EXPECT_EQ(m.mlc.leafBoundariesMm.back(), 200);
  EXPECT_EQ(m.mlc.pairCentreMm(0), -195);
  EXPECT_EQ(m.mlc.pairCentreMm(10), -97.5);
  EXPECT_EQ(m.mlc.pairCentreMm(49), 97.5);
  EXPECT_EQ(m.mlc.transmission, 0.015);
  EXPECT_EQ(m.mlc.minimumGapMm, 0.5);
  EXPECT_TRUE(m.mlc.interdigitationAllowed);
  EXPECT_EQ(m.muPerBeam, (Range{1, 999}));
  EXPECT_EQ(m.minMuPerSegment, 2);
  EXPECT_EQ(m.maxDosePerFractionGy, 25);
  EXPECT_EQ(m.checksum.size(), 64u);
  EXPECT_EQ(m.folder, GENERIC_6MV);
}

TEST(Machine, ChecksumFollowsTheBytesOfTheFile) {
  const std::string text = readText(GENERIC_6MV / "machine.json");
  const Machine same = loadMachine(machineFolder("same", text));
  EXPECT_EQ(same.checksum, loadMachine(GENERIC_6MV).checksum);
  // One byte changed, in a note that loading ignores, still changes the checksum.
  const Machine edited = loadMachine(machineFolder("edited", replaced(text, "[typ]", "[tyq]")));
  EXPECT_NE(edited.checksum, same.checksum);
}

TEST(Machine, MissingKeyNamesFileLineAndKey) {
  const std::string text = readText(GENERIC_6MV / "machine.json");
  const fs::path folder = machineFolder("missing", replaced(text, "\"mlcTransmission\": 0.015", "\"leafTransmission\": 0.015"));
  const std::string message = loadError(folder);
  EXPECT_NE(message.find((folder / "machine.json").string()), std::string::npos) << message;
  EXPECT_NE(message.find("mlc.mlcTransmission is missing"), std::string::npos) << message;
}

TEST(Machine, WrongTypeNamesTheLineAndWhatWasFound) {
  const std::string text = readText(GENERIC_6MV / "machine.json");
  const fs::path folder = machineFolder("wrong-type", replaced(text, "\"sadMm\": 1000", "\"sadMm\": \"1000\""));
  const std::string message = loadError(folder);
  const int line = 1 + int(std::count(text.begin(), text.begin() + long(text.find("\"sadMm\": 1000")), '\n'));
  EXPECT_NE(message.find("machine.json:" + std::to_string(line) + ": "), std::string::npos) << message;
  EXPECT_NE(message.find("sadMm is string \"1000\"; expected a number"), std::string::npos) << message;
}

TEST(Machine, InconsistentValuesAreRefused) {
  const std::string text = readText(GENERIC_6MV / "machine.json");
  EXPECT_NE(loadError(machineFolder("order", replaced(text, "[-200, -190,", "[-190, -200,")))
                .find("mlc.leafBoundariesMm is not strictly increasing"),
            std::string::npos);
  EXPECT_NE(loadError(machineFolder("range", replaced(text, "\"x1Mm\": [-200, 20]", "\"x1Mm\": [20, -200]")))
                .find("jaws.x1Mm is [20,-200]; expected [min, max]"),
            std::string::npos);
  EXPECT_NE(loadError(machineFolder("fraction", replaced(text, "\"jawTransmission\": 0.005", "\"jawTransmission\": 5")))
                .find("jaws.jawTransmission is 5.000000; expected a fraction"),
            std::string::npos);
  // A number beyond double's range is refused by the JSON parser as an out_of_range, which escaped
  // as such (found by fuzz_machine; tests/fuzz/corpus/machine/sad-1e400.json).
  EXPECT_NE(loadError(machineFolder("overflow", replaced(text, "\"sadMm\": 1000", "\"sadMm\": 1e400")))
                .find("machine.json: not valid JSON: [json.exception.out_of_range.406] number overflow parsing '1e400'"),
            std::string::npos);
}

TEST(Machine, SyntaxErrorNamesFileAndLine) {
  const std::string text = readText(GENERIC_6MV / "machine.json");
  const std::string message = loadError(machineFolder("syntax", replaced(text, "\"sadMm\": 1000,", "\"sadMm\": 1000")));
  EXPECT_NE(message.find("machine.json: not valid JSON"), std::string::npos) << message;
  EXPECT_NE(message.find("line"), std::string::npos) << message;
}

TEST(Machine, MissingFileIsAnIoError) {
  try {
    loadMachine(fs::temp_directory_path() / "kerma-no-such-machine");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_NE(std::string(e.what()).find("machine.json: cannot be opened"), std::string::npos);
  }
}

}  // namespace
}  // namespace kerma::dose
