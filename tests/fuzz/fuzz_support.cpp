#include "fuzz_support.h"

#include "tiny_patient.h"

#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtstruct_import.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

namespace kerma::fuzz {

namespace {

struct Scratch {
  std::filesystem::path folder;
  Scratch() {
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    folder = base / ("kerma-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder, ec);
    std::filesystem::create_directories(folder);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
  }
};

}  // namespace

const std::filesystem::path& scratchFolder() {
  static const Scratch scratch;
  return scratch.folder;
}

std::filesystem::path writeScratchFile(const std::filesystem::path& name, std::string_view bytes) {
  const std::filesystem::path file = scratchFolder() / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) std::abort();  // the harness, not the reader, failed
  return file;
}

std::vector<std::string_view> splitInput(const std::uint8_t* data, std::size_t size, std::string_view separator,
                                         std::size_t maxParts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < maxParts) {
    const std::size_t at = rest.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + separator.size());
  }
  parts.push_back(rest);
  return parts;
}

void warmUpDicom() {
  const auto files = writeTinyPatient(scratchFolder() / "warm-up");
  dicom::scanCtFolder(files.ctSlices.front().parent_path(), {.threads = 1});
  dicom::readStructureSet(files.rtstruct);
  dicom::readRtDose(files.rtdose);
  std::filesystem::remove_all(scratchFolder() / "warm-up");
}

}  // namespace kerma::fuzz
