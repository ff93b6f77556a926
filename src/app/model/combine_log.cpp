#include "kerma/app/combine_log.h"

#include "kerma/core/error.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <system_error>

namespace kerma::app {

std::string describeDecision(const CombineDecision& decision) {
  std::string line = decision.timeUtc + " user " + decision.user + " combined " + decision.action + " although: ";
  for (std::size_t d = 0; d < decision.differences.size(); ++d) line += (d == 0 ? "" : "; ") + decision.differences[d];
  // One decision, one line, whatever the names held.
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

void appendCombineDecision(const std::filesystem::path& logFile, const CombineDecision& decision) {
  std::error_code error;
  std::filesystem::create_directories(logFile.parent_path(), error);
  const std::string line = describeDecision(decision) + "\n";
  // O_APPEND writes the line in one piece even when two workstations share the log.
  const int fd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(ErrorCode::Io, logFile.string() + ": cannot open the decision log: " + std::strerror(errno));
  const bool written = ::write(fd, line.data(), line.size()) == ssize_t(line.size()) && ::fsync(fd) == 0;
  const int savedErrno = errno;
  ::close(fd);
  if (!written) throw Error(ErrorCode::Io, logFile.string() + ": cannot write the decision log: " + std::strerror(savedErrno));
}

}  // namespace kerma::app
