#include "tiny_patient.h"

#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/segmentation.h"

namespace kerma::fuzz {

core::CtImage makeTinyCt() {
  core::CtImage ct;
  auto& id = ct.identity;
  id.patientId = "KERMA-FUZZ";
  id.patientName = "FUZZ^TINY";
  id.patientBirthDate = "19700101";
  id.studyInstanceUid = "1.2.826.0.1.3680043.10.1234.900.1";
  id.seriesInstanceUid = "1.2.826.0.1.3680043.10.1234.900.2";
  id.frameOfReferenceUid = "1.2.826.0.1.3680043.10.1234.900.3";
  id.modality = "CT";
  id.patientPosition = "HFS";
  ct.hu = core::CtVolume(core::VolumeGeometry({16, 12, 4}, {-15, -11, -4.5}, {2, 2, 3}), -1000);
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 12; ++j)
      for (int i = 0; i < 16; ++i) {
        const double x = (i - 7.5) / 7.0, y = (j - 5.5) / 5.0;
        const double r2 = x * x + y * y;
        if (r2 <= 1) ct.hu.at({i, j, k}) = static_cast<std::int16_t>(r2 < 0.15 ? 700 : 0);
      }
  return ct;
}

std::vector<structure::Structure> makeTinyStructures(const core::CtImage& ct) {
  std::vector<structure::Structure> structures(2);
  structures[0].name = "Body";
  structures[0].type = structure::RoiType::External;
  structures[0].mask = structure::thresholdMask(ct.hu, -500, 3000);
  structures[1].name = "Core";
  structures[1].mask = structure::thresholdMask(ct.hu, 300, 3000);
  for (auto& s : structures) s.contours = structure::extractContours(s.mask);
  return structures;
}

TinyPatientFiles writeTinyPatient(const std::filesystem::path& folder) {
  const auto ct = makeTinyCt();
  TinyPatientFiles files;
  dicom::CtExportOptions ctOptions;
  ctOptions.uids = dicom::InstanceUids::Reproducible;
  const auto series = dicom::writeCtSeries(ct, folder / "ct", ctOptions);
  files.ctSlices = series.files;
  dicom::RtStructExportOptions structOptions;
  structOptions.uids = dicom::InstanceUids::Reproducible;
  files.rtstruct = dicom::writeRtStruct(makeTinyStructures(ct), ct, series.sopInstanceUids, folder / "rtstruct",
                                        structOptions);
  eval::DoseDistribution dose;
  dose.identity = ct.identity;
  dose.doseGy = core::Volume<float>(core::VolumeGeometry({8, 6, 3}, {-14, -10, -4.5}, {4, 4, 3}), 0.0f);
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 6; ++j)
      for (int i = 0; i < 8; ++i) dose.doseGy.at({i, j, k}) = 0.5f * float(i + j + k);
  std::filesystem::create_directories(folder / "rtdose");
  dicom::RtDoseExportOptions doseOptions;
  doseOptions.uids = dicom::InstanceUids::Reproducible;
  files.rtdose = dicom::writeRtDose(dose, folder / "rtdose" / "RD.dcm", doseOptions).file;
  return files;
}

}  // namespace kerma::fuzz
