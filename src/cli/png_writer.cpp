#include "png_writer.h"

#include "kerma/core/error.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <string>

namespace kerma::cli {

namespace {

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (std::size_t n = 0; n < size; ++n) crc = table[(crc ^ data[n]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

void putBigEndian(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void appendChunk(std::vector<std::uint8_t>& png, const char* type, const std::vector<std::uint8_t>& data) {
  putBigEndian(png, static_cast<std::uint32_t>(data.size()));
  const std::size_t typeAt = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  putBigEndian(png, crc32(png.data() + typeAt, png.size() - typeAt));
}

}  // namespace

void writeGreyPng(const std::filesystem::path& file, int widthPx, int heightPx, const std::vector<std::uint8_t>& grey) {
  // Scanlines, each with filter type 0.
  std::vector<std::uint8_t> raw;
  raw.reserve(std::size_t(heightPx) * (widthPx + 1));
  for (int row = 0; row < heightPx; ++row) {
    raw.push_back(0);
    raw.insert(raw.end(), grey.begin() + std::ptrdiff_t(row) * widthPx, grey.begin() + std::ptrdiff_t(row + 1) * widthPx);
  }
  // zlib stream of stored deflate blocks (RFC 1950, RFC 1951 §3.2.4).
  std::vector<std::uint8_t> zlib = {0x78, 0x01};
  constexpr std::size_t MAX_STORED = 65535;
  for (std::size_t at = 0; at < raw.size() || at == 0; at += MAX_STORED) {
    const std::size_t length = std::min(MAX_STORED, raw.size() - at);
    zlib.push_back(at + length >= raw.size() ? 1 : 0);
    zlib.push_back(static_cast<std::uint8_t>(length & 0xff));
    zlib.push_back(static_cast<std::uint8_t>(length >> 8));
    zlib.push_back(static_cast<std::uint8_t>(~length & 0xff));
    zlib.push_back(static_cast<std::uint8_t>((~length >> 8) & 0xff));
    zlib.insert(zlib.end(), raw.begin() + std::ptrdiff_t(at), raw.begin() + std::ptrdiff_t(at + length));
    if (raw.empty()) break;
  }
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t byte : raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  putBigEndian(zlib, (b << 16) | a);

  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> header;
  putBigEndian(header, static_cast<std::uint32_t>(widthPx));
  putBigEndian(header, static_cast<std::uint32_t>(heightPx));
  header.insert(header.end(), {8, 0, 0, 0, 0});  // 8-bit greyscale, deflate, no interlace
  appendChunk(png, "IHDR", header);
  appendChunk(png, "IDAT", zlib);
  appendChunk(png, "IEND", {});

  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size()));
  if (!out) throw Error(ErrorCode::Io, file.string() + ": cannot be written; expected a writable PNG path");
}

}  // namespace kerma::cli
