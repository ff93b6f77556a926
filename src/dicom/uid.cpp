#include "kerma/dicom/uid.h"

namespace kerma::dicom {

std::string instanceUid(InstanceUids policy, std::string_view seed) {
  switch (policy) {
    case InstanceUids::Fresh: return core::makeUid();
    case InstanceUids::Reproducible: return core::deterministicUid(seed);
  }
  return {};
}

}  // namespace kerma::dicom
