#ifndef KERMA_DICOM_UID_H
#define KERMA_DICOM_UID_H

#include <string>
#include <string_view>

namespace kerma::dicom {

/// A new, globally unique DICOM UID of the form 2.25.<decimal of a random (version 4) UUID>
/// (PS3.5 B.2), at most 44 characters.
std::string makeUid();

/// The same UID for the same seed on every machine and run: 2.25.<decimal of the name-based
/// (version 5, SHA-1) UUID of seed in Kerma's own UUID namespace> (PS3.5 B.2, ITU-T X.667).
/// For objects that must be reproducible, such as the demo patient; the seed must name the
/// object uniquely, including a version that changes whenever its content does.
std::string deterministicUid(std::string_view seed);

/// How an exporter names the instances (files, series) it creates.
enum class InstanceUids {
  Fresh,         ///< new UIDs from makeUid() on every export
  Reproducible,  ///< deterministicUid() of seeds built from the source series' UIDs, so that
                 ///< exporting the same data twice gives identical files
};

/// makeUid() when policy is Fresh, deterministicUid(seed) when it is Reproducible.
std::string instanceUid(InstanceUids policy, std::string_view seed);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_UID_H
