#include "kerma/core/uid.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

namespace kerma::core {

namespace {

using Uuid = std::array<std::uint8_t, 16>;

// Kerma's namespace for name-based UUIDs (itself a random version 4 UUID, fixed forever).
constexpr Uuid KERMA_NAMESPACE = {0x6b, 0x1e, 0x52, 0x9d, 0x3c, 0x47, 0x4f, 0x0a,
                                  0x9e, 0x21, 0x58, 0xd3, 0x07, 0xb4, 0x6c, 0xe5};

// SHA-1 (FIPS 180-4), as X.667 prescribes for version 5 UUIDs; not used for security.
std::array<std::uint8_t, 20> sha1(const std::vector<std::uint8_t>& message) {
  std::array<std::uint32_t, 5> h = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::vector<std::uint8_t> padded = message;
  padded.push_back(0x80);
  while (padded.size() % 64 != 56) padded.push_back(0);
  const std::uint64_t bitLength = std::uint64_t(message.size()) * 8;
  for (int shift = 56; shift >= 0; shift -= 8) padded.push_back(std::uint8_t(bitLength >> shift));
  for (std::size_t block = 0; block < padded.size(); block += 64) {
    std::array<std::uint32_t, 80> w{};
    for (int t = 0; t < 16; ++t)
      w[t] = std::uint32_t(padded[block + 4 * t]) << 24 | std::uint32_t(padded[block + 4 * t + 1]) << 16 |
             std::uint32_t(padded[block + 4 * t + 2]) << 8 | std::uint32_t(padded[block + 4 * t + 3]);
    for (int t = 16; t < 80; ++t) w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    auto [a, b, c, d, e] = h;
    for (int t = 0; t < 80; ++t) {
      std::uint32_t f = 0, k = 0;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      const std::uint32_t next = std::rotl(a, 5) + f + e + k + w[t];
      e = d;
      d = c;
      c = std::rotl(b, 30);
      b = a;
      a = next;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::array<std::uint8_t, 20> digest{};
  for (int n = 0; n < 20; ++n) digest[n] = std::uint8_t(h[n / 4] >> (24 - 8 * (n % 4)));
  return digest;
}

// Sets the version nibble and the RFC 4122 variant bits.
Uuid withVersion(Uuid uuid, int version) {
  uuid[6] = std::uint8_t((uuid[6] & 0x0F) | (version << 4));
  uuid[8] = std::uint8_t((uuid[8] & 0x3F) | 0x80);
  return uuid;
}

// "2.25." followed by the UUID read as one unsigned 128-bit big-endian integer, in decimal.
std::string uidFromUuid(const Uuid& uuid) {
  std::array<std::uint32_t, 4> limbs{};  // most significant first
  for (int n = 0; n < 16; ++n) limbs[n / 4] = limbs[n / 4] << 8 | uuid[n];
  std::string reversedDigits;
  const auto isZero = [&limbs] { return limbs[0] == 0 && limbs[1] == 0 && limbs[2] == 0 && limbs[3] == 0; };
  do {
    std::uint64_t remainder = 0;
    for (auto& limb : limbs) {
      const std::uint64_t value = remainder << 32 | limb;
      limb = std::uint32_t(value / 10);
      remainder = value % 10;
    }
    reversedDigits.push_back(char('0' + remainder));
  } while (!isZero());
  return "2.25." + std::string(reversedDigits.rbegin(), reversedDigits.rend());
}

}  // namespace

std::string makeUid() {
  std::random_device entropy;
  Uuid uuid{};
  for (std::size_t n = 0; n < uuid.size(); n += 4) {
    const std::uint32_t bits = entropy();
    for (int b = 0; b < 4; ++b) uuid[n + b] = std::uint8_t(bits >> (8 * b));
  }
  return uidFromUuid(withVersion(uuid, 4));
}

std::string deterministicUid(std::string_view seed) {
  std::vector<std::uint8_t> message(KERMA_NAMESPACE.begin(), KERMA_NAMESPACE.end());
  message.insert(message.end(), seed.begin(), seed.end());
  const auto digest = sha1(message);
  Uuid uuid{};
  std::copy_n(digest.begin(), uuid.size(), uuid.begin());
  return uidFromUuid(withVersion(uuid, 5));
}

}  // namespace kerma::core
