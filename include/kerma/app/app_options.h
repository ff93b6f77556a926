#ifndef KERMA_APP_APP_OPTIONS_H
#define KERMA_APP_APP_OPTIONS_H

#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace kerma::app {

/// What the `kerma` executable was asked to do.
enum class AppMode {
  Interactive,  ///< open the main window until the user closes it
  Screenshot,   ///< render the main window at 1600 × 1000, save it as PNG, exit
  Timing,       ///< measure the frame time of slice changes and brush strokes, print it, exit
};

/// The command line of `kerma [--screenshot FILE.png | --timing] [DIR]`.
struct AppOptions {
  AppMode mode = AppMode::Interactive;
  std::optional<std::filesystem::path> ctFolder;  ///< nullopt: the built-in demo patient
  std::filesystem::path screenshotPng;             ///< set in Screenshot mode
};

/// Parses the arguments after the program name. Throws kerma::Error (BadInput) naming the
/// argument for an unknown option, a missing FILE after --screenshot, or more than one DIR.
AppOptions parseAppArguments(std::span<const std::string> args);

/// Usage text for --help and for argument errors.
std::string appUsage();

}  // namespace kerma::app

#endif  // KERMA_APP_APP_OPTIONS_H
