// RT Structure Set reader on arbitrary bytes, and what it read rasterised onto a small CT: any
// outcome but structures or a kerma::Error is a finding.

#include "fuzz_support.h"
#include "tiny_patient.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtstruct_import.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kerma::fuzz::warmUpDicom();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const kerma::core::CtImage TINY_CT = kerma::fuzz::makeTinyCt();
  const auto file = kerma::fuzz::writeScratchFile("RS.dcm", {reinterpret_cast<const char*>(data), size});
  try {
    const auto set = kerma::dicom::readStructureSet(file);
    // On a CT of the set's own patient and Frame of Reference, so that the contours get drawn.
    kerma::core::CtImage ct = TINY_CT;
    ct.identity.patientId = set.identity.patientId;
    ct.identity.frameOfReferenceUid = set.identity.frameOfReferenceUid;
    const auto structures = kerma::dicom::structuresOnCt(set, ct);
    static_cast<void>(structures);
  } catch (const kerma::Error&) {
  }
  return 0;
}
