// kerma: the workstation. Opens a CT folder (or the demo patient) in the main window, with the
// patient store (autosave, unsaved work restored); with --screenshot saves the window as PNG and
// exits, with --timing measures slice changes, with --list-structures prints the structures.
// Exit status: 0 success, 2 bad input (message on stderr or in a dialog), 1 internal error.

#include "autosave.h"
#include "combine_dialog.h"
#include "contouring_script.h"
#include "evaluation_panel.h"
#include "frame_timing.h"
#include "main_window.h"
#include "patient_window.h"
#include "reirradiation_panel.h"
#include "slice_view.h"
#include "vtk_gl_widget.h"

#include "kerma/app/app_options.h"
#include "kerma/app/patient_files.h"
#include "kerma/app/patient_store.h"
#include "kerma/app/plan_dose.h"
#include "kerma/app/reirradiation_model.h"
#include "kerma/app/working_state.h"
#include "kerma/core/error.h"
#include "kerma/dicom/spatial_registration.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QPixmap>

#include <QWindow>

#include <algorithm>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using kerma::app::AppMode;
using kerma::app::AppOptions;
using kerma::app::MainWindow;
using kerma::app::ViewOrientation;

// The size reviewers and docs expect of --screenshot.
constexpr int SCREENSHOT_WIDTH_PX = 1600;
constexpr int SCREENSHOT_HEIGHT_PX = 1000;
constexpr int EXPOSE_TIMEOUT_MS = 10000;
constexpr int EVALUATION_TIMEOUT_MS = 120000;

// Shows window and returns once it is on screen and has painted, or false after a timeout
// (no display, no OpenGL).
bool showAndWait(MainWindow& window) {
  window.show();
  QElapsedTimer timer;
  timer.start();
  while (!(window.windowHandle() && window.windowHandle()->isExposed())) {
    if (timer.elapsed() > EXPOSE_TIMEOUT_MS) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  QCoreApplication::processEvents();
  return true;
}

int saveScreenshot(MainWindow& window, const std::filesystem::path& png) {
  window.resize(SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX);
  if (!showAndWait(window)) {
    std::cerr << "kerma: the main window was not shown within " << EXPOSE_TIMEOUT_MS / 1000
              << " s; is there a display (try xvfb-run)?\n";
    return 1;
  }
  if (!window.waitForPlanEvaluation(EVALUATION_TIMEOUT_MS))
    std::cerr << "kerma: the plan dose's DVHs were not ready within "
              << EVALUATION_TIMEOUT_MS / 1000 << " s\n";
  const QPixmap shot = window.grab();
  if (!shot.save(QString::fromStdString(png.string()), "PNG")) {
    std::cerr << "kerma: cannot write screenshot " << png << "\n";
    return 2;
  }
  std::cout << "kerma: saved " << shot.width() << "x" << shot.height() << " screenshot to " << png
            << "\n";
  return 0;
}

// --timing: frames per slice change and brush move (frame_timing.h).
int measureTiming(MainWindow& window) {
  window.resize(SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX);
  if (!showAndWait(window)) {
    std::cerr << "kerma: the main window was not shown; is there a display?\n";
    return 1;
  }
  return kerma::app::measureFrameTimes(window, std::cout) ? 0 : 1;
}

// The first usable RT Dose in the CT's folder becomes the plan dose; refused or unreadable ones
// are reported (stderr, and a dialog when interactive).
void openFolderDose(MainWindow& window, const std::filesystem::path& folder, bool batch) {
  for (const auto& file : kerma::app::findRtDoseFiles(folder)) {
    try {
      window.setPlanDose(kerma::app::readPlanDose(file));
      std::cout << "kerma: plan dose " << file.string() << "\n";
      return;
    } catch (const kerma::Error& e) {
      std::cerr << "kerma: RT Dose not used: " << e.what() << "\n";
      if (!batch)
        QMessageBox::warning(&window, "Kerma: RT Dose not used",
                             QString("The RT Dose\n\n%1\n\nwas not used:\n\n%2")
                                 .arg(QString::fromStdString(file.string()), QString::fromStdString(e.what())));
    }
  }
}

// The prior CT of the command line over the one opened; one that cannot be read or is another
// patient's is reported (stderr, and a dialog when interactive) and left out.
void fusePriorCt(MainWindow& window, const std::filesystem::path& folder, bool batch) {
  try {
    const auto doses = kerma::app::findRtDoseFiles(folder);
    window.setUpFusion(kerma::app::openPatient(folder), doses.empty() ? std::nullopt : std::optional(doses.front()));
    std::cout << "kerma: prior CT " << folder.string() << " fused, " << window.fusion()->method() << "\n";
  } catch (const kerma::Error& e) {
    std::cerr << "kerma: prior CT not fused: " << e.what() << "\n";
    if (!batch) QMessageBox::warning(&window, "Kerma: prior CT not fused", QString::fromStdString(e.what()));
  }
}

// The prior courses of the command line in the re-irradiation panel; one that cannot be read or
// is refused is reported (stderr, and a dialog when interactive) and left out. A registration
// named on the command line is the user's acceptance of it, logged as the panel logs one.
void addPriorCourses(MainWindow& window, const std::vector<kerma::app::PriorCourseArgument>& courses, bool batch) {
  for (const auto& course : courses) {
    try {
      std::optional<kerma::app::AcceptedRegistration> registration;
      if (course.registration) {
        const auto read = kerma::dicom::readSpatialRegistration(*course.registration);
        registration = kerma::app::acceptedRegistration(read);
        std::cout << "kerma: " << kerma::app::describeRegistration(read) << "; accepted from the command line\n";
        // The fused prior CT is shown through the registration its dose is mapped through.
        if (window.showAcceptedRegistrationInFusion(*registration, "the command line (" + qEnvironmentVariable("USER", "unknown").toStdString() + ")"))
          std::cout << "kerma: the fused prior CT shown through " << course.registration->filename().string() << "\n";
      }
      window.evaluationPanel()->reirradiationPanel()->addPriorCourse(kerma::app::readPlanDose(course.rtdose),
                                                                     course.fractions, registration);
      std::cout << "kerma: prior course " << course.rtdose.string() << " in " << course.fractions << " fractions\n";
    } catch (const kerma::Error& e) {
      std::cerr << "kerma: prior course not used: " << e.what() << "\n";
      if (!batch)
        QMessageBox::warning(&window, "Kerma: prior course not used", QString::fromStdString(e.what()));
    }
  }
}

// The patient store, or nullptr (with the reason on stderr and in a dialog) when it cannot be
// opened: the workstation still works, without autosave.
std::shared_ptr<kerma::app::PatientStore> openStore(const std::filesystem::path& folder, bool batch) {
  try {
    auto store = std::make_shared<kerma::app::PatientStore>(folder);
    const auto& cleanup = store->cleanupOnOpen();
    if (cleanup.unfinishedWrites + cleanup.unindexedFiles > 0)
      std::cout << "kerma: patient store " << folder.string() << ": removed " << cleanup.unfinishedWrites
                << " unfinished writes and " << cleanup.unindexedFiles
                << " unindexed files left by an interrupted import or save\n";
    return store;
  } catch (const std::exception& e) {
    std::cerr << "kerma: patient store not opened, work will not be autosaved: " << e.what() << "\n";
    if (!batch)
      QMessageBox::warning(nullptr, "Kerma: patient store",
                           QString("The patient store could not be opened; work will not be autosaved.\n\n%1")
                               .arg(QString::fromStdString(e.what())));
    return nullptr;
  }
}

int listStructures(MainWindow& window) {
  const auto& structures = window.structures();
  for (int n = 0; n < structures.count(); ++n) {
    const auto values = structures.structure(n).mask.values();
    std::cout << "structure '" << structures.structure(n).name << "': "
              << std::count(values.begin(), values.end(), 1) << " voxels\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Arguments first: usage errors and --help need no display.
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << kerma::app::appUsage();
    return 0;
  }
  AppOptions options;
  try {
    options = kerma::app::parseAppArguments(args);
  } catch (const kerma::Error& e) {
    std::cerr << "kerma: " << e.what() << "\n" << kerma::app::appUsage();
    return 2;
  }
  // Before QApplication, so that every OpenGL context (the widgets' and the window's
  // compositing context) is created with the profile VTK needs.
  QSurfaceFormat::setDefaultFormat(kerma::app::VtkGlWidget::defaultFormat());
  QApplication application(argc, argv);
  QApplication::setApplicationName("Kerma");

  const bool batch = options.mode != AppMode::Interactive;
  const QString folder =
      options.ctFolder ? QString::fromStdString(options.ctFolder->string()) : QString();

  kerma::app::OpenedPatient loaded;
  try {
    // Screenshots and timings ask nobody: a structure set of another patient stays refused.
    loaded = batch ? kerma::app::openPatient(options.ctFolder) : kerma::app::openPatientAsking(nullptr, options.ctFolder);
  } catch (const kerma::Error& e) {
    const int status = e.code() == kerma::ErrorCode::Internal ? 1 : 2;
    // Kerma's messages name the folder already.
    std::cerr << "kerma: " << e.what() << "\n";
    if (!batch)
      QMessageBox::critical(nullptr, "Kerma: cannot open CT",
                            QString("Kerma could not open a CT from the folder\n\n%1\n\n%2")
                                .arg(folder, QString::fromStdString(e.what())));
    return status;
  } catch (const std::exception& e) {
    std::cerr << "kerma: internal error while loading: " << e.what() << "\n";
    if (!batch)
      QMessageBox::critical(nullptr, "Kerma: internal error", QString::fromStdString(e.what()));
    return 1;
  }

  // Screenshots and timings leave the user's store alone unless asked.
  std::shared_ptr<kerma::app::PatientStore> store;
  if (options.storeFolder || options.mode == AppMode::Interactive || options.mode == AppMode::ListStructures)
    store = openStore(options.storeFolder.value_or(kerma::app::defaultStoreFolder()), batch);
  const std::unique_ptr<MainWindow> opened =
      kerma::app::openPatientWindow(std::move(loaded), store, !batch, options.acceptRecovery);
  MainWindow& window = *opened;
  if (options.ctFolder) openFolderDose(window, *options.ctFolder, batch);
  if (options.priorCtFolder) fusePriorCt(window, *options.priorCtFolder, batch);
  addPriorCourses(window, options.priorCourses, batch);
  switch (options.mode) {
    case AppMode::Screenshot: return saveScreenshot(window, options.screenshotPng);
    case AppMode::Timing: return measureTiming(window);
    case AppMode::ListStructures: return listStructures(window);
    case AppMode::Interactive: break;
  }
  window.resize(SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX);
  window.show();
  if (options.paintStrokes > 0)
    kerma::app::startContouringScript(window, options.paintStrokes, options.saveAfterStroke);
  return application.exec();
}
