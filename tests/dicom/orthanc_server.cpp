#include "orthanc_server.h"

#include "kerma/core/error.h"
#include "kerma/dicom/network.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

extern char** environ;

namespace kerma::testing {

namespace fs = std::filesystem;

int freeLocalPort() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(s);
  return ntohs(address.sin_port);
}

std::optional<TestCertificates> makeTestCertificates(const fs::path& folder) {
  fs::create_directories(folder);
  auto path = [&](const std::string& name) { return (folder / name).string(); };
  const std::string quiet = " > /dev/null 2>&1";
  std::string script = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Kerma test authority' -keyout '" +
                       path("ca.key") + "' -out '" + path("ca.pem") + "'" + quiet;
  for (const std::string side : {"server", "client"})
    script += " && openssl req -newkey rsa:2048 -nodes -subj '/CN=kerma-test-" + side + "' -keyout '" +
              path(side + ".key") + "' -out '" + path(side + ".csr") + "'" + quiet +
              " && openssl x509 -req -days 2 -in '" + path(side + ".csr") + "' -CA '" + path("ca.pem") + "' -CAkey '" +
              path("ca.key") + "' -CAcreateserial -out '" + path(side + ".pem") + "'" + quiet;
  if (std::system(script.c_str()) != 0) return std::nullopt;
  return TestCertificates{{path("server.pem"), path("server.key"), path("ca.pem")},
                          {path("client.pem"), path("client.key"), path("ca.pem")},
                          path("ca.pem")};
}

OrthancServer::OrthancServer(const std::string& aeTitle, const std::vector<KnownPeer>& peers, int port,
                             const std::optional<TestCertificates>& tls)
    : aeTitle_(aeTitle), port_(port ? port : freeLocalPort()) {
  folder_ = fs::temp_directory_path() / ("kerma-orthanc-" + aeTitle + "-" + std::to_string(::getpid()));
  fs::remove_all(folder_);
  fs::create_directories(folder_);
  std::string modalities;
  for (const auto& p : peers)
    modalities += (modalities.empty() ? "" : ", ") + std::string("\"") + p.aeTitle + "\": [\"" + p.aeTitle +
                  "\", \"127.0.0.1\", " + std::to_string(p.port) + "]";
  const fs::path config = folder_ / "orthanc.json";
  std::ofstream out(config);
  out << "{\n"
      << "  \"Name\": \"kerma-test-" << aeTitle << "\",\n"
      << "  \"StorageDirectory\": \"" << (folder_ / "storage").string() << "\",\n"
      << "  \"IndexDirectory\": \"" << (folder_ / "index").string() << "\",\n"
      << "  \"DicomAet\": \"" << aeTitle << "\",\n"
      << "  \"DicomPort\": " << port_ << ",\n"
      << "  \"HttpServerEnabled\": false,\n"
      << "  \"RemoteAccessAllowed\": false,\n"
      << "  \"Plugins\": [],\n"
      << "  \"DicomAlwaysAllowStore\": true,\n"
      << "  \"DicomAlwaysAllowFind\": true,\n"
      << "  \"DicomAlwaysAllowGet\": true,\n"
      << "  \"DicomAlwaysAllowMove\": true,\n"
      << "  \"StorageCompression\": false,\n";
  if (tls)
    out << "  \"DicomTlsEnabled\": true,\n"
        << "  \"DicomTlsCertificate\": \"" << tls->server.certificateFile.string() << "\",\n"
        << "  \"DicomTlsPrivateKey\": \"" << tls->server.privateKeyFile.string() << "\",\n"
        << "  \"DicomTlsTrustedCertificates\": \"" << tls->authorityFile.string() << "\",\n"
        << "  \"DicomTlsRemoteCertificateRequired\": true,\n";
  out << "  \"DicomModalities\": {" << modalities << "}\n"
      << "}\n";
  out.close();
  const std::string program = "/usr/sbin/Orthanc";
  const std::string logs = "--logdir=" + folder_.string();
  std::vector<char*> argv{const_cast<char*>(program.c_str()), const_cast<char*>(logs.c_str()),
                          const_cast<char*>(config.c_str()), nullptr};
  if (::posix_spawn(&pid_, program.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    return;
  }
  dicom::DicomNode node{"127.0.0.1", port_, "KERMA", aeTitle, 2, {}};
  if (tls) node.tls = tls->client;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      dicom::verify(node);
      started_ = true;
      return;
    } catch (const Error&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
}

OrthancServer::~OrthancServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

std::vector<fs::path> OrthancServer::storedFiles() const {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder_ / "storage", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  return files;
}

}  // namespace kerma::testing
