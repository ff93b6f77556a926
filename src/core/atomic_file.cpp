#include "kerma/core/atomic_file.h"

#include "kerma/core/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

namespace kerma::core {
namespace {

constexpr std::string_view TEMPORARY_MARK = ".kerma-partial-";

[[noreturn]] void throwIo(const std::filesystem::path& file, const std::string& what, int errorNumber) {
  throw Error(ErrorCode::Io, file.string() + ": " + what + ": " + std::strerror(errorNumber));
}

// A name no other writer in this or another process uses at the same time: the same target may be
// saved from two threads (autosave and an explicit save).
std::filesystem::path temporaryPathFor(const std::filesystem::path& target) {
  static std::atomic<unsigned long> counter{0};
  const std::string name = "." + target.filename().string() + std::string(TEMPORARY_MARK) +
                           std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return target.parent_path() / name;
}

void syncPath(const std::filesystem::path& path, int openFlags, const std::filesystem::path& reported) {
  const int descriptor = ::open(path.c_str(), openFlags | O_CLOEXEC);
  if (descriptor < 0) throwIo(reported, "cannot open to flush to disk", errno);
  const int status = ::fsync(descriptor);
  const int syncError = errno;
  ::close(descriptor);
  if (status != 0) throwIo(reported, "cannot flush to disk", syncError);
}

}  // namespace

void replaceFileAtomically(const std::filesystem::path& target,
                           const std::function<void(const std::filesystem::path& temporary)>& write) {
  const std::filesystem::path folder = target.parent_path().empty() ? "." : target.parent_path();
  const std::filesystem::path temporary = temporaryPathFor(target);
  try {
    write(temporary);
    syncPath(temporary, O_RDONLY, target);
    if (::rename(temporary.c_str(), target.c_str()) != 0) throwIo(target, "cannot replace", errno);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  // Without this the rename itself may not survive a power cut.
  syncPath(folder, O_RDONLY | O_DIRECTORY, target);
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
  replaceFileAtomically(target, [&](const std::filesystem::path& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw Error(ErrorCode::Io, target.string() + ": cannot write");
  });
}

void createFoldersDurably(const std::filesystem::path& folder) {
  if (folder.empty() || std::filesystem::is_directory(folder)) return;
  createFoldersDurably(folder.parent_path());
  std::error_code error;
  if (!std::filesystem::create_directory(folder, error) && !std::filesystem::is_directory(folder))
    throw Error(ErrorCode::Io, folder.string() + ": cannot create folder: " + error.message());
  syncPath(folder.parent_path().empty() ? "." : folder.parent_path(), O_RDONLY | O_DIRECTORY, folder);
}

bool isUnfinishedAtomicWrite(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return name.size() > 1 && name.front() == '.' && name.find(TEMPORARY_MARK) != std::string::npos;
}

StagingFolder::StagingFolder(const std::filesystem::path& folder) : folder_(folder) {
  createFoldersDurably(folder);
  std::random_device random;
  path_ = folder / (".kerma-export-" + std::to_string(random()));
  std::error_code error;
  if (!std::filesystem::create_directory(path_, error))
    throw Error(ErrorCode::Io, path_.string() + ": cannot create the staging folder: " +
                                   (error ? error.message() : std::string("it exists")));
}

StagingFolder::~StagingFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void StagingFolder::moveIn() const {
  for (const auto& entry : std::filesystem::directory_iterator(path_)) {
    const std::filesystem::path target = destination(entry.path());
    syncPath(entry.path(), O_RDONLY, target);
    if (::rename(entry.path().c_str(), target.c_str()) != 0) throwIo(target, "cannot move into place", errno);
  }
  syncPath(folder_, O_RDONLY | O_DIRECTORY, folder_);
}

}  // namespace kerma::core
