#ifndef KERMA_TESTS_DICOM_ORTHANC_SERVER_H
#define KERMA_TESTS_DICOM_ORTHANC_SERVER_H

// A real Orthanc PACS (Debian's package) run by a test in the foreground on 127.0.0.1 with a
// throw-away configuration, and stopped when the object goes.

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace kerma::testing {

/// Another application entity the server may send to (for C-MOVE).
struct KnownPeer {
  std::string aeTitle;
  int port;
};

class OrthancServer {
 public:
  /// Starts Orthanc with AE title aeTitle on port (0: a free one) of 127.0.0.1, knowing peers,
  /// and waits until it answers C-ECHO (at most 30 s). started() tells whether it came up.
  explicit OrthancServer(const std::string& aeTitle, const std::vector<KnownPeer>& peers = {}, int port = 0);
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
