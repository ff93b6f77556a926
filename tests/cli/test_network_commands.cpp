// kerma-cli send / find / get / move against real Orthanc servers on 127.0.0.1.

#include "orthanc_server.h"
#include "run_process.h"
#include "synthetic_ct.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace kerma::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::runProcess;

std::vector<std::string> nodeArgs(const testing::OrthancServer& server) {
  return {"--host", "127.0.0.1", "--port", std::to_string(server.port()), "--aet", "KERMA", "--aec", server.aeTitle()};
}

testing::ProcessResult cli(const std::string& command, const testing::OrthancServer& server,
                           const std::vector<std::string>& more) {
  std::vector<std::string> args{command};
  for (const auto& a : nodeArgs(server)) args.push_back(a);
  args.insert(args.end(), more.begin(), more.end());
  return runProcess(KERMA_CLI_PATH, args);
}

TEST(NetworkCommands, SendFindGetAndMoveTheDemoPatient) {
  if (!fs::exists("/usr/sbin/Orthanc")) GTEST_SKIP() << "Orthanc is not installed (Debian package orthanc)";
  const int destinationPort = testing::freeLocalPort();
  testing::OrthancServer pacs("KERMAPACS", {{"KERMADEST", destinationPort}});
  testing::OrthancServer destination("KERMADEST", {}, destinationPort);
  ASSERT_TRUE(pacs.started());
  ASSERT_TRUE(destination.started());

  const auto demo = testing::makeTemporaryFolder("cli-network-demo");
  ASSERT_EQ(runProcess(KERMA_CLI_PATH, {"phantom", "--out", demo.string()}).exitStatus, 0);
  const auto sent = cli("send", pacs, {demo.string(), "--json"});
  ASSERT_EQ(sent.exitStatus, 0) << sent.err;
  EXPECT_EQ(json::parse(sent.out)["sent"], 97);

  const auto found = cli("find", pacs, {"--level", "series", "--key", "PatientID=KERMA-DEMO-001", "--key", "Modality=CT",
                                        "--key", "StudyInstanceUID=", "--json"});
  ASSERT_EQ(found.exitStatus, 0) << found.err;
  const json matches = json::parse(found.out)["matches"];
  ASSERT_EQ(matches.size(), 1u);
  const std::string study = matches[0]["StudyInstanceUID"], series = matches[0]["SeriesInstanceUID"];

  const auto out = testing::makeTemporaryFolder("cli-network-get");
  const auto got = cli("get", pacs, {"--study", study, "--series", series, "--out", out.string(), "--json"});
  ASSERT_EQ(got.exitStatus, 0) << got.err;
  EXPECT_EQ(json::parse(got.out)["received"], 96);
  const auto info = runProcess(KERMA_CLI_PATH, {"ct-info", out.string(), "--json"});
  EXPECT_EQ(json::parse(info.out)["series"][0]["size"], json({512, 512, 96}));

  const auto moved = cli("move", pacs, {"--study", study, "--to", "KERMADEST", "--json"});
  ASSERT_EQ(moved.exitStatus, 0) << moved.err;
  EXPECT_EQ(json::parse(moved.out)["moved"], 97);
  EXPECT_EQ(destination.storedFiles().size(), 97u);
}

TEST(NetworkCommands, AnUnreachableNodeExitsWithTwoNamingIt) {
  const int port = testing::freeLocalPort();
  const auto run = runProcess(KERMA_CLI_PATH, {"find", "--host", "127.0.0.1", "--port", std::to_string(port), "--aec",
                                               "NOBODY", "--level", "study", "--timeout", "2"});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("NOBODY@127.0.0.1:" + std::to_string(port)), std::string::npos) << run.err;
  const auto badLevel = runProcess(KERMA_CLI_PATH, {"find", "--host", "127.0.0.1", "--port", "104", "--aec", "X",
                                                    "--level", "galaxy"});
  EXPECT_EQ(badLevel.exitStatus, 2);
  EXPECT_NE(badLevel.err.find("--level is 'galaxy'"), std::string::npos) << badLevel.err;
}

TEST(NetworkCommands, TlsNeedsItsThreeFilesAndNamesAMissingOne) {
  const std::vector<std::string> node = {"--host", "127.0.0.1", "--port", "104", "--aec", "X", "--level", "study"};
  auto withOptions = [&](std::vector<std::string> options) {
    std::vector<std::string> args{"find"};
    args.insert(args.end(), node.begin(), node.end());
    args.insert(args.end(), options.begin(), options.end());
    return runProcess(KERMA_CLI_PATH, args);
  };
  const auto partial = withOptions({"--tls-cert", "kerma.pem"});
  EXPECT_EQ(partial.exitStatus, 2);
  EXPECT_NE(partial.err.find("--tls-cert, --tls-key and --tls-ca"), std::string::npos) << partial.err;
  const auto missing = withOptions({"--tls-cert", "/nonexistent/kerma.pem", "--tls-key", "/nonexistent/kerma.key",
                                    "--tls-ca", "/nonexistent/ca.pem"});
  EXPECT_EQ(missing.exitStatus, 2);
  EXPECT_NE(missing.err.find("/nonexistent/kerma."), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace kerma::cli
