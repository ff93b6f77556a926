#include "kerma/app/app_options.h"

#include "kerma/core/error.h"

#include <exception>
#include <optional>
#include <string>

namespace kerma::app {

namespace {

// The value after option args[n]; throws naming the option when there is none.
const std::string& valueOf(std::span<const std::string> args, std::size_t& n, const char* what) {
  if (n + 1 >= args.size() || args[n + 1].empty() || args[n + 1].starts_with("--"))
    throw Error(ErrorCode::BadInput, args[n] + " needs " + what);
  return args[++n];
}

// The whole of text as a positive integer; nullopt otherwise.
std::optional<int> positiveInteger(const std::string& text) {
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
  }
  if (used == 0 || used != text.size() || value <= 0) return std::nullopt;
  return value;
}

int positiveCount(std::span<const std::string> args, std::size_t& n) {
  const std::string& option = args[n];
  const std::string& text = valueOf(args, n, "a positive number");
  const std::optional<int> value = positiveInteger(text);
  if (!value) throw Error(ErrorCode::BadInput, option + " needs a positive number, not '" + text + "'");
  return *value;
}

// RD.dcm:FRACTIONS[:REG.dcm]; the RT Dose's name may not hold a colon.
PriorCourseArgument priorCourse(const std::string& text) {
  const std::string expected = "--prior-course '" + text + "'; expected RD.dcm:FRACTIONS or RD.dcm:FRACTIONS:REG.dcm";
  const std::size_t first = text.find(':');
  if (first == std::string::npos || first == 0) throw Error(ErrorCode::BadInput, expected);
  const std::size_t second = text.find(':', first + 1);
  const std::string fractionsText = text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  const std::optional<int> fractions = positiveInteger(fractionsText);
  if (!fractions) throw Error(ErrorCode::BadInput, expected);
  PriorCourseArgument course{text.substr(0, first), *fractions, std::nullopt};
  if (second != std::string::npos) {
    if (second + 1 >= text.size()) throw Error(ErrorCode::BadInput, expected);
    course.registration = text.substr(second + 1);
  }
  return course;
}

}  // namespace

AppOptions parseAppArguments(std::span<const std::string> args) {
  AppOptions options;
  for (std::size_t n = 0; n < args.size(); ++n) {
    const std::string& arg = args[n];
    if (arg == "--store") {
      options.storeFolder = valueOf(args, n, "the folder of the patient store");
      continue;
    }
    if (arg == "--recover") {
      options.acceptRecovery = true;
      continue;
    }
    if (arg == "--list-structures") {
      options.mode = AppMode::ListStructures;
      continue;
    }
    if (arg == "--paint-strokes") {
      options.paintStrokes = positiveCount(args, n);
      continue;
    }
    if (arg == "--save-after") {
      options.saveAfterStroke = positiveCount(args, n);
      continue;
    }
    if (arg == "--screenshot") {
      if (n + 1 >= args.size() || args[n + 1].empty() || args[n + 1].starts_with("--"))
        throw Error(ErrorCode::BadInput, "--screenshot needs the path of the PNG file to write");
      options.mode = AppMode::Screenshot;
      options.screenshotPng = args[++n];
      continue;
    }
    if (arg == "--prior-course") {
      options.priorCourses.push_back(priorCourse(valueOf(args, n, "RD.dcm:FRACTIONS[:REG.dcm]")));
      continue;
    }
    if (arg == "--prior-ct") {
      options.priorCtFolder = valueOf(args, n, "the folder of the prior CT to fuse");
      continue;
    }
    if (arg == "--timing") {
      options.mode = AppMode::Timing;
      continue;
    }
    if (arg.starts_with("-"))
      throw Error(ErrorCode::BadInput, "unknown option '" + arg + "'");
    if (options.ctFolder)
      throw Error(ErrorCode::BadInput, "more than one DICOM folder given: '" +
                                           options.ctFolder->string() + "' and '" + arg + "'");
    options.ctFolder = arg;
  }
  if (options.saveAfterStroke && options.paintStrokes == 0)
    throw Error(ErrorCode::BadInput, "--save-after needs --paint-strokes");
  return options;
}

std::string appUsage() {
  return "usage: kerma [DIR]                        open the CT in DIR (default: demo patient)\n"
         "       kerma --screenshot FILE.png [DIR]  save the main window at 1600x1000 and exit\n"
         "       kerma --timing [DIR]               measure the frame time of slice changes and brush strokes\n"
         "       kerma --list-structures [DIR]      print each structure's voxel count and exit\n"
         "options: --store DIR                      the patient store (default $KERMA_STORE, else\n"
         "                                          $XDG_DATA_HOME/kerma/store)\n"
         "         --recover                        restore unsaved work found in the store without asking\n"
         "         --prior-course RD.dcm:N[:REG.dcm]  a prior course for the re-irradiation panel (N fractions;\n"
         "                                          REG: its CT's Spatial Registration to this one)\n"
         "         --prior-ct DIR                   a prior CT of the patient shown over this one (Fusion dock)\n"
         "         --paint-strokes N [--save-after K]  scripted contouring for the kill tests\n";
}

}  // namespace kerma::app
