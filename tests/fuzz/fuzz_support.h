#ifndef KERMA_TESTS_FUZZ_FUZZ_SUPPORT_H
#define KERMA_TESTS_FUZZ_FUZZ_SUPPORT_H

// Shared by the fuzz targets: Kerma's readers take files, so each input is written to a scratch
// folder of this process first (under /dev/shm when it exists, to keep the disk out of the loop).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace kerma::fuzz {

/// An empty folder of this process, the same on every call; removed at exit.
const std::filesystem::path& scratchFolder();

/// Writes bytes to scratchFolder()/name (replacing it) and returns the path.
std::filesystem::path writeScratchFile(const std::filesystem::path& name, std::string_view bytes);

/// The input split at every occurrence of separator (at most maxParts parts; the last keeps the
/// rest), so that one input can hold several files or arguments.
std::vector<std::string_view> splitInput(const std::uint8_t* data, std::size_t size, std::string_view separator,
                                         std::size_t maxParts);

/// Writes the tiny patient's files and reads each back once, so that DCMTK's one-time start (its
/// data dictionary, the codecs) is not charged to the first input: on a loaded machine it takes
/// longer than the 1 s an input may take.
void warmUpDicom();

}  // namespace kerma::fuzz

/// The libFuzzer entry points: every target defines the first, the DICOM targets the second.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);

#endif  // KERMA_TESTS_FUZZ_FUZZ_SUPPORT_H
