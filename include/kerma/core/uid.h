#ifndef KERMA_CORE_UID_H
#define KERMA_CORE_UID_H

#include <string>
#include <string_view>

namespace kerma::core {

/// A new, globally unique DICOM UID of the form 2.25.<decimal of a random (version 4) UUID>
/// (PS3.5 B.2), at most 44 characters.
std::string makeUid();

/// The same UID for the same seed on every machine and run: 2.25.<decimal of the name-based
/// (version 5, SHA-1) UUID of seed in Kerma's own UUID namespace> (PS3.5 B.2, ITU-T X.667).
/// For objects that must be reproducible, such as the demo patient; the seed must name the
/// object uniquely, including a version that changes whenever its content does.
std::string deterministicUid(std::string_view seed);

}  // namespace kerma::core

#endif  // KERMA_CORE_UID_H
