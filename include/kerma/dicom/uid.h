#ifndef KERMA_DICOM_UID_H
#define KERMA_DICOM_UID_H

#include "kerma/core/uid.h"

#include <string>
#include <string_view>

namespace kerma::dicom {

/// How an exporter names the instances (files, series) it creates.
enum class InstanceUids {
  Fresh,         ///< new UIDs from core::makeUid() on every export
  Reproducible,  ///< core::deterministicUid() of seeds built from the source series' UIDs, so
                 ///< that exporting the same data twice gives identical files
};

/// core::makeUid() when policy is Fresh, core::deterministicUid(seed) when it is Reproducible.
std::string instanceUid(InstanceUids policy, std::string_view seed);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_UID_H
