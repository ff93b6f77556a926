#include "kerma/app/app_options.h"

#include "kerma/core/error.h"

namespace kerma::app {

AppOptions parseAppArguments(std::span<const std::string> args) {
  AppOptions options;
  for (std::size_t n = 0; n < args.size(); ++n) {
    const std::string& arg = args[n];
    if (arg == "--screenshot") {
      if (n + 1 >= args.size() || args[n + 1].empty() || args[n + 1].starts_with("--"))
        throw Error(ErrorCode::BadInput, "--screenshot needs the path of the PNG file to write");
      options.mode = AppMode::Screenshot;
      options.screenshotPng = args[++n];
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
  return options;
}

std::string appUsage() {
  return "usage: kerma [DIR]                        open the CT in DIR (default: demo patient)\n"
         "       kerma --screenshot FILE.png [DIR]  save the main window at 1600x1000 and exit\n"
         "       kerma --timing [DIR]               measure the frame time of slice changes and brush strokes\n";
}

}  // namespace kerma::app
