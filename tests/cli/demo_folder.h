#ifndef KERMA_TESTS_CLI_DEMO_FOLDER_H
#define KERMA_TESTS_CLI_DEMO_FOLDER_H

// The demo patient written once by kerma-cli phantom, for the beams and drr command tests.

#include "run_process.h"
#include "synthetic_ct.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace kerma::cli {

inline const std::filesystem::path& demoPatientFolder() {
  static const std::filesystem::path folder = [] {
    const auto f = testing::makeTemporaryFolder("cli-beams-demo");
    const auto run = testing::runProcess(KERMA_CLI_PATH, {"phantom", "--out", f.string()});
    EXPECT_EQ(run.exitStatus, 0) << run.err;
    return f;
  }();
  return folder;
}

inline std::filesystem::path demoPatientStructureSet() {
  for (const auto& e : std::filesystem::directory_iterator(demoPatientFolder()))
    if (e.path().filename().string().rfind("RS", 0) == 0) return e.path();
  return {};
}

}  // namespace kerma::cli

#endif  // KERMA_TESTS_CLI_DEMO_FOLDER_H
