#ifndef KERMA_TESTS_RUN_PROCESS_H
#define KERMA_TESTS_RUN_PROCESS_H

#include <string>
#include <vector>

namespace kerma::testing {

/// What a finished child process left: exit status (or -signal when a signal ended it), and its
/// standard output and error.
struct ProcessResult {
  int exitStatus = -1;
  std::string out, err;
};

/// Runs program with arguments (no shell) and waits for it.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& arguments);

}  // namespace kerma::testing

#endif  // KERMA_TESTS_RUN_PROCESS_H
