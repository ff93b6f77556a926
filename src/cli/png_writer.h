#ifndef KERMA_CLI_PNG_WRITER_H
#define KERMA_CLI_PNG_WRITER_H

#include <cstdint>
#include <filesystem>
#include <vector>

namespace kerma::cli {

/// Writes an 8-bit greyscale PNG (rows top to bottom, widthPx values each), with stored
/// (uncompressed) deflate blocks: no library needed, files about width × height bytes. Throws
/// kerma::Error (Io) naming the file when it cannot be written.
void writeGreyPng(const std::filesystem::path& file, int widthPx, int heightPx, const std::vector<std::uint8_t>& grey);

}  // namespace kerma::cli

#endif  // KERMA_CLI_PNG_WRITER_H
