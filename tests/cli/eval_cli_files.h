#ifndef KERMA_TESTS_CLI_EVAL_CLI_FILES_H
#define KERMA_TESTS_CLI_EVAL_CLI_FILES_H

// RT Dose and RT Structure Set files for the dvh, eqd2 and sum command tests, written with
// Kerma's exporters: a sphere on a small synthetic CT and doses that are linear in x.

#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtstruct_export.h"

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>

namespace kerma::testing {

inline const std::string EVAL_FRAME_OF_REFERENCE = "1.2.826.0.1.3680043.10.1234.900";

inline core::SeriesIdentity evalIdentity(const std::string& frameOfReferenceUid = EVAL_FRAME_OF_REFERENCE) {
  core::SeriesIdentity id;
  id.patientId = "EVAL-001";
  id.patientName = "EVAL^CLI";
  id.studyInstanceUid = "1.2.826.0.1.3680043.10.1234.901";
  id.seriesInstanceUid = "1.2.826.0.1.3680043.10.1234.902";
  id.frameOfReferenceUid = frameOfReferenceUid;
  id.modality = "CT";
  return id;
}

/// An RT Structure Set with one ROI, "Sphere" (a PTV), of radiusMm about the origin, drawn as
/// 180-gons on the 2 mm slices of a 64 x 64 x 31 CT of 1 mm pixels centred on the origin.
inline std::filesystem::path writeSphereStructureSet(const std::filesystem::path& folder, double radiusMm,
                                                     const std::string& frameOfReferenceUid = EVAL_FRAME_OF_REFERENCE) {
  core::CtImage ct;
  ct.identity = evalIdentity(frameOfReferenceUid);
  ct.hu = core::CtVolume(core::VolumeGeometry({64, 64, 31}, {-31.5, -31.5, -30}, {1, 1, 2}), std::int16_t{0});
  structure::Structure sphere;
  sphere.name = "Sphere";
  sphere.type = structure::RoiType::Ptv;
  sphere.mask = structure::Mask(ct.hu.geometry(), std::uint8_t{0});
  for (int k = 0; k < 31; ++k) {
    const double z = -30 + 2 * k;
    const double r = std::sqrt(std::max(0.0, radiusMm * radiusMm - z * z));
    if (r <= 0) continue;
    structure::PlanarContour c;
    for (int v = 0; v < 180; ++v) {
      const double phi = 2 * std::numbers::pi * v / 180;
      c.pointsMm.push_back({r * std::cos(phi), r * std::sin(phi), z});
    }
    sphere.contours.push_back(std::move(c));
  }
  std::vector<std::string> sliceUids;
  for (int k = 0; k < 31; ++k) sliceUids.push_back("1.2.826.0.1.3680043.10.1234.903." + std::to_string(k + 1));
  return dicom::writeRtStruct({sphere}, ct, sliceUids, folder);
}

/// An RT Dose of d0Gy + gradientGyPerMm * x on a 2.5 mm grid over the CT above.
inline std::filesystem::path writeLinearDose(const std::filesystem::path& file, double d0Gy, double gradientGyPerMm,
                                             const std::string& frameOfReferenceUid = EVAL_FRAME_OF_REFERENCE) {
  eval::DoseDistribution dose;
  dose.identity = evalIdentity(frameOfReferenceUid);
  dose.doseGy = core::Volume<float>(core::VolumeGeometry({29, 29, 29}, {-35, -35, -35}, {2.5, 2.5, 2.5}));
  for (int k = 0; k < 29; ++k)
    for (int j = 0; j < 29; ++j)
      for (int i = 0; i < 29; ++i)
        dose.doseGy.at({i, j, k}) = static_cast<float>(d0Gy + gradientGyPerMm * (-35 + 2.5 * i));
  dicom::writeRtDose(dose, file, {dicom::InstanceUids::Fresh, "test", {"1.2.826.0.1.3680043.10.1234.904"}});
  return file;
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_CLI_EVAL_CLI_FILES_H
