// kerma-cli's usage: the command list, and each command's own with COMMAND --help.

#include "run_process.h"

#include <gtest/gtest.h>

#include <string>

namespace kerma::cli {
namespace {

using testing::runProcess;

TEST(Usage, EveryCommandPrintsItsOwnUsageWithHelpAndExitsZero) {
  const auto all = runProcess(KERMA_CLI_PATH, {"--help"});
  ASSERT_EQ(all.exitStatus, 0);
  int commands = 0;
  for (std::size_t at = all.out.find("  kerma-cli "); at != std::string::npos; at = all.out.find("  kerma-cli ", at + 1)) {
    const std::size_t start = at + 12;
    const std::string command = all.out.substr(start, all.out.find(' ', start) - start);
    const auto own = runProcess(KERMA_CLI_PATH, {command, "--help"});
    EXPECT_EQ(own.exitStatus, 0) << command << ": " << own.err;
    EXPECT_EQ(own.out.rfind("usage: kerma-cli " + command + " ", 0), 0u) << own.out;
    ++commands;
  }
  EXPECT_GE(commands, 17);
  // Help wins over what else is on the line, which would be refused.
  EXPECT_EQ(runProcess(KERMA_CLI_PATH, {"plan", "--out", "x", "--help"}).exitStatus, 0);
  EXPECT_EQ(runProcess(KERMA_CLI_PATH, {"plan", "--out", "x"}).exitStatus, 2);
}

}  // namespace
}  // namespace kerma::cli
