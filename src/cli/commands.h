#ifndef KERMA_CLI_COMMANDS_H
#define KERMA_CLI_COMMANDS_H

#include <string>
#include <vector>

namespace kerma::cli {

/// Each subcommand takes its own arguments (after the subcommand name) and returns the process
/// exit status: 0 success, 2 bad input, 1 internal error. kerma::Error thrown from a command is
/// turned into a message and an exit status by main().
int runCtInfo(const std::vector<std::string>& args);
int runPhantom(const std::vector<std::string>& args);
int runDvh(const std::vector<std::string>& args);
int runEqd2(const std::vector<std::string>& args);
int runSum(const std::vector<std::string>& args);
int runStructures(const std::vector<std::string>& args);
int runContour(const std::vector<std::string>& args);
int runSend(const std::vector<std::string>& args);
int runFind(const std::vector<std::string>& args);
int runGet(const std::vector<std::string>& args);
int runMove(const std::vector<std::string>& args);
int runWater(const std::vector<std::string>& args);
int runDose(const std::vector<std::string>& args);
int runPlan(const std::vector<std::string>& args);
int runGamma(const std::vector<std::string>& args);
int runCompare(const std::vector<std::string>& args);
int runRegister(const std::vector<std::string>& args);
int runBeams(const std::vector<std::string>& args);
int runDrr(const std::vector<std::string>& args);

}  // namespace kerma::cli

#endif  // KERMA_CLI_COMMANDS_H
