#ifndef KERMA_TESTS_DICOM_ORTHANC_SERVER_H
#define KERMA_TESTS_DICOM_ORTHANC_SERVER_H

// A real Orthanc PACS (Debian's package) run by a test in the foreground on 127.0.0.1 with a
// throw-away configuration, and stopped when the object goes.

#include "kerma/dicom/network.h"

#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace kerma::testing {

/// Another application entity the server may send to (for C-MOVE).
struct KnownPeer {
  std::string aeTitle;
  int port;
};

/// A throw-away certificate authority and a server and a client certificate it signed, each
/// side trusting the authority.
struct TestCertificates {
  dicom::TlsSettings server, client;
  std::filesystem::path authorityFile;
};

/// Makes TestCertificates in folder with the openssl command; none when it is absent or fails.
std::optional<TestCertificates> makeTestCertificates(const std::filesystem::path& folder);

class OrthancServer {
 public:
  /// Starts Orthanc with AE title aeTitle on port (0: a free one) of 127.0.0.1, knowing peers,
  /// and waits until it answers C-ECHO (at most 30 s). started() tells whether it came up. With
  /// tls, Orthanc accepts only TLS associations (tls->server) from clients whose certificate its
  /// authority signed, and the C-ECHO uses tls->client.
  explicit OrthancServer(const std::string& aeTitle, const std::vector<KnownPeer>& peers = {}, int port = 0,
                         const std::optional<TestCertificates>& tls = std::nullopt);
  ~OrthancServer();
  OrthancServer(const OrthancServer&) = delete;
  OrthancServer& operator=(const OrthancServer&) = delete;

  bool started() const { return started_; }
  int port() const { return port_; }
  const std::string& aeTitle() const { return aeTitle_; }
  /// The files Orthanc keeps, for counting what arrived.
  std::vector<std::filesystem::path> storedFiles() const;

 private:
  std::string aeTitle_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool started_ = false;
  std::filesystem::path folder_;
};

/// A TCP port on 127.0.0.1 that nothing listens on right now.
int freeLocalPort();

}  // namespace kerma::testing

#endif  // KERMA_TESTS_DICOM_ORTHANC_SERVER_H
