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

}  // namespace kerma::testing

#define KERMA_REQUIRE_PROGRAM(program) \
  do {                                 \
    if (!::kerma::testing::haveProgram(program)) GTEST_SKIP() << program << " not installed (dicom3tools)"; \
  } while (false)

#endif  // KERMA_TESTS_DICOM_EXPORT_TEST_SUPPORT_H
