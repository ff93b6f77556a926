#ifndef KERMA_CORE_ATOMIC_FILE_H
#define KERMA_CORE_ATOMIC_FILE_H

#include <filesystem>
#include <functional>
#include <string_view>

namespace kerma::core {

/// Replaces (or creates) target so that anyone reading it, and the file system after a crash or a
/// power cut at any moment, sees either the previous complete file or the new complete file, never
/// a mix or a truncated file. write receives a temporary path in target's folder and must write the
/// whole new content there; it is then flushed to disk (fsync), renamed over target, and the folder
/// entry is flushed too. If write throws, the temporary file is removed, target is untouched and the
/// exception propagates. Throws kerma::Error (Io, naming target) when flushing or renaming fails.
void replaceFileAtomically(const std::filesystem::path& target,
                           const std::function<void(const std::filesystem::path& temporary)>& write);

/// replaceFileAtomically with bytes as the new content.
void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes);

/// Creates folder and whichever of its parents are missing, and flushes each new folder entry to
/// disk, so that files later renamed into folder survive a power cut with it. Throws kerma::Error
/// (Io, naming the folder) when it cannot.
void createFoldersDurably(const std::filesystem::path& folder);

/// Whether file is a temporary file that replaceFileAtomically left behind because the process died
/// before renaming it: a store that opens after a crash removes these.
bool isUnfinishedAtomicWrite(const std::filesystem::path& file);

/// A hidden folder inside folder (created durably with folder if absent) for the files of a write
/// that is to be all or nothing: they are written into path() and moveIn() moves them into folder
/// together (each flushed to disk, renamed over a file of the same name, then folder flushed).
/// The destructor removes the staging folder with whatever is still in it, so that an error or a
/// cancel before moveIn leaves folder as it was, with nothing half-written in it. Throws
/// kerma::Error (Io, naming the path) when a folder cannot be created or a file not moved.
class StagingFolder {
 public:
  explicit StagingFolder(const std::filesystem::path& folder);
  ~StagingFolder();
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Where a file of path() lands in folder.
  std::filesystem::path destination(const std::filesystem::path& staged) const { return folder_ / staged.filename(); }
  void moveIn() const;

 private:
  std::filesystem::path folder_, path_;
};

}  // namespace kerma::core

#endif  // KERMA_CORE_ATOMIC_FILE_H
