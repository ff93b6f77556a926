#ifndef KERMA_CORE_IMAGE_SERIES_H
#define KERMA_CORE_IMAGE_SERIES_H

#include "kerma/core/volume.h"

#include <string>

namespace kerma::core {

/// Who and what an image series belongs to. Kept with every volume so that objects of different
/// patients or Frames of Reference are never combined silently.
struct SeriesIdentity {
  std::string patientId;
  std::string patientName;       ///< DICOM PN form, e.g. "KERMA^DEMO"
  std::string patientBirthDate;  ///< YYYYMMDD or empty
  std::string patientSex;        ///< M, F, O or empty
  std::string studyInstanceUid;
  std::string studyId;
  std::string studyDate;  ///< YYYYMMDD or empty
  std::string studyTime;  ///< HHMMSS or empty
  std::string studyDescription;
  std::string accessionNumber;
  std::string referringPhysicianName;
  std::string seriesInstanceUid;
  std::string seriesDescription;
  int seriesNumber = 0;
  std::string frameOfReferenceUid;
  std::string modality;         ///< "CT" for a planning CT
  std::string patientPosition;  ///< HFS, FFS, HFP, FFP, ...
};

/// A planning CT: Hounsfield units on a grid in patient coordinates, with its identity.
struct CtImage {
  SeriesIdentity identity;
  CtVolume hu;
};

}  // namespace kerma::core

#endif  // KERMA_CORE_IMAGE_SERIES_H
