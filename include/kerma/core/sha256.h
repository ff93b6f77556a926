#ifndef KERMA_CORE_SHA256_H
#define KERMA_CORE_SHA256_H

#include <string>
#include <string_view>

namespace kerma::core {

/// SHA-256 (FIPS 180-4) of bytes as 64 lower-case hexadecimal digits. Used to identify file
/// versions (a machine description, a beam model) in plans, not for security.
std::string sha256Hex(std::string_view bytes);

}  // namespace kerma::core

#endif  // KERMA_CORE_SHA256_H
