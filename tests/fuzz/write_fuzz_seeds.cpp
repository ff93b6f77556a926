// Writes the seed inputs that Kerma itself makes, for the fuzz targets of the DICOM readers: the
// tiny patient's CT slices (each alone, and all of them as one multi-file input), its RT
// Structure Set, an RT Dose and an RT Plan on it, and a Spatial Registration from another Frame of
// Reference to its own. Usage: write_fuzz_seeds OUTPUT_FOLDER (gets ct_slice/, rtstruct/, rtdose/,
// rtplan/, spatial_registration/).

#include "tiny_patient.h"

#include "kerma/core/error.h"
#include "kerma/dicom/rtplan_export.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/eval/prescription.h"

#include <Eigen/Geometry>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  try {
    const auto files = kerma::fuzz::writeTinyPatient(out / "written");
    fs::create_directories(out / "ct_slice");
    fs::create_directories(out / "rtstruct");
    fs::create_directories(out / "rtdose");
    std::string all;
    for (const auto& file : files.ctSlices) {
      fs::copy_file(file, out / "ct_slice" / file.filename(), fs::copy_options::overwrite_existing);
      std::ifstream in(file, std::ios::binary);
      all += (all.empty() ? "" : "KERMA_FUZZ_NEXT_FILE") +
             std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::ofstream(out / "ct_slice" / "series.bin", std::ios::binary) << all;
    fs::copy_file(files.rtstruct, out / "rtstruct" / files.rtstruct.filename(), fs::copy_options::overwrite_existing);
    fs::copy_file(files.rtdose, out / "rtdose" / files.rtdose.filename(), fs::copy_options::overwrite_existing);

    // A two-beam plan on the tiny patient's bone core.
    kerma::dicom::RtPlan plan;
    plan.identity = kerma::fuzz::makeTinyCt().identity;
    plan.prescription = kerma::eval::parsePrescription("20Gy/5");
    plan.prescription.target = "Core";
    plan.machine = {"Generic 6 MV", "1.0.0", std::string(64, '0'), 1000, {}};
    for (const double gantryDeg : {0.0, 90.0}) {
      kerma::dicom::PlanBeam beam;
      beam.beam.name = gantryDeg == 0 ? "AP" : "LAT";
      beam.beam.gantryAngleDeg = gantryDeg;
      beam.beam.jawsMm = {-20, 20, -15, 15};
      beam.monitorUnits = 250;
      beam.beamDoseGy = 2;
      plan.beams.push_back(beam);
    }
    kerma::dicom::RtPlanExportOptions planOptions;
    planOptions.uids = kerma::dicom::InstanceUids::Reproducible;
    kerma::dicom::writeRtPlan(plan, out / "rtplan", planOptions);

    // A rigid registration onto it: 2 degrees about z and a shift.
    Eigen::Affine3d m = Eigen::Affine3d::Identity();
    m.linear() = Eigen::AngleAxisd(0.035, Eigen::Vector3d::UnitZ()).toRotationMatrix();
    m.translation() = Eigen::Vector3d(4, -7, 12.5);
    const kerma::core::FrameRegistration registration{plan.identity.frameOfReferenceUid, "1.2.826.0.1.3680043.10.1234.77",
                                                      kerma::core::Transform<kerma::core::Patient, kerma::core::Patient>(m), nullptr};
    fs::create_directories(out / "spatial_registration");
    kerma::dicom::SpatialRegistrationExportOptions registrationOptions;
    registrationOptions.uids = kerma::dicom::InstanceUids::Reproducible;
    registrationOptions.contentDate = "20261207";
    registrationOptions.contentTime = "120000";
    kerma::dicom::writeSpatialRegistration(registration, plan.identity, out / "spatial_registration" / "REG.dcm",
                                           registrationOptions);
    // The same with a small deformation on a 3 x 3 x 2 grid: a Deformable Spatial Registration.
    auto field = std::make_shared<kerma::core::DisplacementField>();
    field->grid = kerma::core::VolumeGeometry({3, 3, 2}, {-20, -20, -10}, {20, 20, 20});
    for (int c = 0; c < 3; ++c) field->displacementMm[std::size_t(c)] = kerma::core::Volume<float>(field->grid, 1.5f * float(c));
    kerma::core::FrameRegistration deformable = registration;
    deformable.deformation = field;
    kerma::dicom::writeSpatialRegistration(deformable, plan.identity, out / "spatial_registration" / "DEFORMABLE.dcm",
                                           registrationOptions);
  } catch (const kerma::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
