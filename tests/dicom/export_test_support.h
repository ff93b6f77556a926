#ifndef KERMA_TESTS_DICOM_EXPORT_TEST_SUPPORT_H
#define KERMA_TESTS_DICOM_EXPORT_TEST_SUPPORT_H

// For the export tests: a temporary folder, and David Clunie's dicom3tools validators
// (dciodvfy, dcentvfy) run on what was written.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace kerma::testing {

/// A uniquely named folder under the system temporary folder, removed with its contents.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              (name + "-" + std::to_string(::getpid()) + "-" +
               std::to_string(reinterpret_cast<std::uintptr_t>(this)))) {
    std::filesystem::remove_all(path_);
  }
  ~TempFolder() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Whether program is on PATH.
inline bool haveProgram(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

/// Combined stdout and stderr of the shell command.
inline std::string commandOutput(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  pclose(pipe);
  return output;
}

/// Lines of output starting with prefix ("Error", "Warning").
inline std::vector<std::string> linesStartingWith(const std::string& output, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
  return lines;
}

/// dciodvfy's Error (or, with prefix "Warning", Warning) lines for file with its Pixel Data
/// removed, less the findings that only come
/// from the removal. dciodvfy stops at 32-bit pixel data (a defect of the tool), so a copy without
/// it (dcmodify -ea "(7fe0,0010)") is checked; that copy then misses Pixel Data and has the
/// attributes conditional on it (Image Pixel module, Dose Grid Scaling) present without it.
/// The Image Pixel module is checked separately by the callers.
inline std::vector<std::string> dciodvfyErrorsWithoutPixelData(const std::filesystem::path& file,
                                                               const std::string& prefix = "Error") {
  static const char* const PIXEL_CONDITIONED[] = {"PixelData",   "SamplesPerPixel", "PhotometricInterpretation",
                                                  "BitsAllocated", "BitsStored",     "HighBit",
                                                  "PixelRepresentation", "DoseGridScaling"};
  const std::filesystem::path copy = file.parent_path() / ("nopixels_" + file.filename().string());
  std::filesystem::copy_file(file, copy, std::filesystem::copy_options::overwrite_existing);
  commandOutput("dcmodify -nb -ea \"(7fe0,0010)\" '" + copy.string() + "'");
  std::vector<std::string> errors;
  for (const std::string& line : linesStartingWith(commandOutput("dciodvfy '" + copy.string() + "'"), prefix)) {
    bool artefact = false;
    for (const char* element : PIXEL_CONDITIONED)
      artefact = artefact || line.find(std::string("Element=<") + element + ">") != std::string::npos;
    if (!artefact) errors.push_back(line);
  }
  std::filesystem::remove(copy);
  return errors;
}

}  // namespace kerma::testing

#define KERMA_REQUIRE_PROGRAM(program) \
  do {                                 \
    if (!::kerma::testing::haveProgram(program)) GTEST_SKIP() << program << " not installed (dicom3tools)"; \
  } while (false)

#endif  // KERMA_TESTS_DICOM_EXPORT_TEST_SUPPORT_H
