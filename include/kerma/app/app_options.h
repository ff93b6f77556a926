#ifndef KERMA_APP_APP_OPTIONS_H
#define KERMA_APP_APP_OPTIONS_H

#include <filesystem>
#include <optional>
#include <vector>
#include <span>
#include <string>

namespace kerma::app {

/// What the `kerma` executable was asked to do.
enum class AppMode {
  Interactive,  ///< open the main window until the user closes it
  Screenshot,   ///< render the main window at 1600 × 1000, save it as PNG, exit
  Timing,       ///< measure the frame time of slice changes and brush strokes, print it, exit
  ListStructures,  ///< print each structure's name and voxel count (after any recovery), exit
};

/// The command line of `kerma [--screenshot FILE.png | --timing | --list-structures]
/// [--store DIR] [--recover] [--prior-ct DIR] [--prior-course RD.dcm:N[:REG.dcm]]…
/// [--paint-strokes N [--save-after K]] [DIR]`.
/// A prior course given on the command line: its RT Dose, fractions and, for a course planned on
/// another CT, the Spatial Registration from that CT to the one opened.
struct PriorCourseArgument {
  std::filesystem::path rtdose;
  int fractions = 1;
  std::optional<std::filesystem::path> registration;
};

struct AppOptions {
  AppMode mode = AppMode::Interactive;
  std::optional<std::filesystem::path> ctFolder;  ///< nullopt: the built-in demo patient
  std::filesystem::path screenshotPng;             ///< set in Screenshot mode
  std::optional<std::filesystem::path> storeFolder;  ///< nullopt: defaultStoreFolder()
  /// Restore the patient's unsaved work from the store without asking (scripts and tests).
  bool acceptRecovery = false;
  /// Scripted contouring for the kill tests (docs/validation/reliability.md): paints this many
  /// brush strokes, each into a new structure, through the brush tool as the mouse does.
  int paintStrokes = 0;
  /// With paintStrokes: after this stroke, saves to the patient store (File menu) and waits.
  std::optional<int> saveAfterStroke;
  /// --prior-ct DIR: a prior CT of the patient fused over the one opened (MainWindow::setUpFusion).
  std::optional<std::filesystem::path> priorCtFolder;
  /// --prior-course RD.dcm:FRACTIONS[:REG.dcm], repeatable: the re-irradiation panel's prior courses.
  std::vector<PriorCourseArgument> priorCourses;
};

/// Parses the arguments after the program name. Throws kerma::Error (BadInput) naming the
/// argument for an unknown option, a missing FILE after --screenshot, a --prior-course that is not
/// RD.dcm:FRACTIONS[:REG.dcm], or more than one DIR.
AppOptions parseAppArguments(std::span<const std::string> args);

/// Usage text for --help and for argument errors.
std::string appUsage();

}  // namespace kerma::app

#endif  // KERMA_APP_APP_OPTIONS_H
