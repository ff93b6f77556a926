// Spatial Registration: Kerma's own written and read back to the precision DS holds, dciodvfy on
// it, one written by another program (pydicom) read, and registrations Kerma cannot use refused.
// Deformable Spatial Registration: a smooth known deformation on an oblique grid (and on one whose
// slices run against DICOM's third axis) written, read back to float32's precision, dciodvfy on it,
// damaged grids refused.

#include "kerma/dicom/spatial_registration.h"

#include "export_test_support.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>
#include <numbers>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

constexpr double DEG = std::numbers::pi / 180;
const std::string FIXED_FRAME = "1.2.826.0.1.3680043.10.1234.10";
const std::string MOVING_FRAME = "1.2.826.0.1.3680043.10.1234.20";

core::FrameRegistration knownRegistration() {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = (Eigen::AngleAxisd(3.7 * DEG, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-1.3 * DEG, Eigen::Vector3d::UnitY()) *
                Eigen::AngleAxisd(2.1 * DEG, Eigen::Vector3d::UnitX()))
                   .toRotationMatrix();
  m.translation() = Eigen::Vector3d(12.345678901, -27.5, 181.25);
  return {FIXED_FRAME, MOVING_FRAME, core::Transform<core::Patient, core::Patient>(m), nullptr};
}

// What every export states: when the registration was accepted.
SpatialRegistrationExportOptions dated() {
  SpatialRegistrationExportOptions options;
  options.contentDate = "20261207";
  options.contentTime = "171500";
  return options;
}

core::SeriesIdentity fixedStudy() {
  core::SeriesIdentity identity;
  identity.patientId = "REG-1";
  identity.patientName = "REGISTRATION^TEST";
  identity.studyInstanceUid = "1.2.826.0.1.3680043.10.1234.1";
  identity.studyId = "1";
  identity.studyDate = "20261207";
  identity.studyTime = "120000";
  identity.frameOfReferenceUid = FIXED_FRAME;
  return identity;
}

// The known registration with a smooth deformation of up to 4 mm on top, on a grid of 12 x 10 x 8
// points 5 mm apart, turned 20 degrees about z; leftHanded: its slices run against row x column.
core::FrameRegistration knownDeformation(bool leftHanded = false) {
  core::FrameRegistration registration = knownRegistration();
  Eigen::Matrix3d axes = Eigen::AngleAxisd(20 * DEG, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  if (leftHanded) axes.col(2) = -axes.col(2);
  auto field = std::make_shared<core::DisplacementField>();
  field->grid = core::VolumeGeometry({12, 10, 8}, {-30, -25, -20}, {5, 5, 5}, axes);
  const core::Transform<core::Patient, core::Patient> movingFromFixed = registration.fixedFromMoving.inverse();
  for (auto& component : field->displacementMm) component = core::Volume<float>(field->grid, 0.f);
  for (int k = 0; k < 8; ++k)
    for (int j = 0; j < 10; ++j)
      for (int i = 0; i < 12; ++i) {
        const core::Point3<core::Patient> p = field->grid.patientPoint({i, j, k});
        const core::Point3<core::Patient> rigid = movingFromFixed(p);
        const double bump = 4 * std::sin(p.x / 25) * std::cos(p.z / 30);
        field->displacementMm[0].at({i, j, k}) = float(rigid.x - p.x + bump);
        field->displacementMm[1].at({i, j, k}) = float(rigid.y - p.y - 0.5 * bump);
        field->displacementMm[2].at({i, j, k}) = float(rigid.z - p.z + 0.25 * bump);
      }
  registration.deformation = std::move(field);
  return registration;
}

// Largest distance between the moving points of two registrations over the field's grid and
// between its points.
double largestDifferenceMm(const core::FrameRegistration& a, const core::FrameRegistration& b) {
  const core::VolumeGeometry& g = a.deformation->grid;
  double largest = 0;
  for (double k = 0; k <= 7; k += 0.5)
    for (double j = 0; j <= 9; j += 0.5)
      for (double i = 0; i <= 11; i += 0.5) {
        const core::Point3<core::Patient> p = g.patientFromVoxel()(core::Point3<core::Voxel>{i, j, k});
        largest = std::max(largest, (a.movingPoint(p) - b.movingPoint(p)).length());
      }
  return largest;
}

TEST(SpatialRegistration, ADeformationIsWrittenAndReadBackToFloatPrecision) {
  for (const bool leftHanded : {false, true}) {
    const testing::TempFolder folder("reg-deformable");
    fs::create_directories(folder.path());
    const fs::path file = folder.path() / "REG.dcm";
    const core::FrameRegistration known = knownDeformation(leftHanded);
    SpatialRegistrationExportOptions options = dated();
    options.creatorName = "PHYSICIST^ANNA";
    writeSpatialRegistration(known, fixedStudy(), file, options);
    const SpatialRegistrationFile read = readSpatialRegistration(file);
    ASSERT_NE(read.registration.deformation, nullptr);
    EXPECT_EQ(read.registration.fixedFrameOfReferenceUid, FIXED_FRAME);
    EXPECT_EQ(read.registration.movingFrameOfReferenceUid, MOVING_FRAME);
    EXPECT_TRUE(read.notes.empty());
    // The rigid part travels as the matrix before the deformation, in DS.
    EXPECT_LT((read.registration.fixedFromMoving.matrix().matrix() - known.fixedFromMoving.matrix().matrix())
                  .cwiseAbs()
                  .maxCoeff(),
              1e-10);
    // float32 offsets of a few mm, displacements of 200 mm kept in float32: 2e-5 mm.
    EXPECT_LT(largestDifferenceMm(known, read.registration), 1e-4) << "leftHanded " << leftHanded;
    if (!leftHanded) {
      EXPECT_EQ(read.registration.deformation->grid.size(), known.deformation->grid.size());
      EXPECT_TRUE(read.registration.deformation->grid.directionCosines().isApprox(known.deformation->grid.directionCosines(), 1e-12));
    }
    // Not a rigid registration in disguise: away from the rigid map by the bump.
    const core::Point3<core::Patient> p{10, 0, 0};
    EXPECT_GT((read.registration.movingPoint(p) - known.fixedFromMoving.inverse()(p)).length(), 1);
  }
}

TEST(SpatialRegistration, WhatKermaWritesItReadsBackToThePrecisionOfDs) {
  const testing::TempFolder folder("reg-roundtrip");
  fs::create_directories(folder.path());
  const fs::path file = folder.path() / "REG.dcm";
  SpatialRegistrationExportOptions options = dated();
  options.creatorName = "PHYSICIST^ANNA";
  options.contentDescription = "rigid, Mattes mutual information on bone";
  const ExportedRegistration written = writeSpatialRegistration(knownRegistration(), fixedStudy(), file, options);
  const SpatialRegistrationFile read = readSpatialRegistration(file);
  EXPECT_EQ(read.sopInstanceUid, written.sopInstanceUid);
  EXPECT_EQ(read.registration.fixedFrameOfReferenceUid, FIXED_FRAME);
  EXPECT_EQ(read.registration.movingFrameOfReferenceUid, MOVING_FRAME);
  EXPECT_EQ(read.identity.patientId, "REG-1");
  EXPECT_EQ(read.creatorName, "PHYSICIST^ANNA");
  EXPECT_EQ(read.contentDescription, options.contentDescription);
  EXPECT_TRUE(read.notes.empty());
  const Eigen::Matrix4d difference =
      read.registration.fixedFromMoving.matrix().matrix() - knownRegistration().fixedFromMoving.matrix().matrix();
  // 16 characters of DS: 13 significant digits of a rotation element, 12 of a translation in mm.
  EXPECT_LT((difference.topLeftCorner<3, 3>().cwiseAbs().maxCoeff()), 1e-13);
  EXPECT_LT((difference.topRightCorner<3, 1>().cwiseAbs().maxCoeff()), 1e-10);

  // Written again from what was read: the same values, digit for digit.
  const fs::path again = folder.path() / "REG2.dcm";
  writeSpatialRegistration(read.registration, fixedStudy(), again, options);
  EXPECT_EQ(readSpatialRegistration(again).registration.fixedFromMoving.matrix().matrix(),
            read.registration.fixedFromMoving.matrix().matrix());
}

TEST(SpatialRegistration, DciodvfyFindsNoErrors) {
  KERMA_REQUIRE_PROGRAM("dciodvfy");
  const testing::TempFolder folder("reg-dciodvfy");
  fs::create_directories(folder.path());
  const fs::path file = folder.path() / "REG.dcm";
  SpatialRegistrationExportOptions options = dated();
  options.method = RegistrationMethod::Fiducials;
  options.creatorName = "PHYSICIST^ANNA";
  writeSpatialRegistration(knownRegistration(), fixedStudy(), file, options);
  const auto errors = testing::linesStartingWith(testing::commandOutput("dciodvfy '" + file.string() + "'"), "Error");
  EXPECT_TRUE(errors.empty()) << errors.front();
  const fs::path deformable = folder.path() / "DEFORMABLE.dcm";
  options.method = RegistrationMethod::ImageContent;
  options.contentDescription = "rigid (Mattes mutual information on bone), then diffeomorphic demons, 4 mm grid";
  writeSpatialRegistration(knownDeformation(), fixedStudy(), deformable, options);
  EXPECT_EQ(readSpatialRegistration(deformable).contentDescription, options.contentDescription.substr(0, 64))
      << "LO holds 64 characters";
  const std::string output = testing::commandOutput("dciodvfy '" + deformable.string() + "'");
  EXPECT_NE(output.find("DeformableSpatialRegistration"), std::string::npos) << output;
  const auto deformableErrors = testing::linesStartingWith(output, "Error");
  EXPECT_TRUE(deformableErrors.empty()) << deformableErrors.front();
}

TEST(SpatialRegistration, OneWrittenByAnotherProgramIsRead) {
  const testing::TempFolder folder("reg-pydicom");
  fs::create_directories(folder.path());
  const fs::path file = folder.path() / "REG.dcm";
  const Eigen::Matrix4d m = knownRegistration().fixedFromMoving.matrix().matrix();
  std::string command = std::string(KERMA_SYSTEM_PYTHON) + " " + KERMA_PYDICOM_REG_SCRIPT + " '" + file.string() + "' " +
                        FIXED_FRAME + " " + MOVING_FRAME;
  for (int n = 0; n < 16; ++n) command += " " + std::to_string(m(n / 4, n % 4));
  const std::string output = testing::commandOutput(command);
  if (output.find("No module named 'pydicom'") != std::string::npos) GTEST_SKIP() << "pydicom absent (python3-pydicom)";
  ASSERT_TRUE(fs::exists(file)) << output;
  const SpatialRegistrationFile read = readSpatialRegistration(file);
  EXPECT_EQ(read.registration.fixedFrameOfReferenceUid, FIXED_FRAME);
  EXPECT_EQ(read.registration.movingFrameOfReferenceUid, MOVING_FRAME);
  EXPECT_EQ(read.identity.patientId, "OTHER-1");
  EXPECT_EQ(read.contentDescription, "written by pydicom");
  // std::to_string keeps 6 decimals.
  EXPECT_LT((read.registration.fixedFromMoving.matrix().matrix() - m).cwiseAbs().maxCoeff(), 1e-6);
  // The identity item without a matrix type is applied as it is, and said.
  ASSERT_EQ(read.notes.size(), 1u);
  EXPECT_NE(read.notes[0].find("not RIGID"), std::string::npos) << read.notes[0];
}

// Writes registration, then lets edit damage the dataset before saving it again.
fs::path damaged(const testing::TempFolder& folder, const std::function<void(DcmDataset&)>& edit,
                 const core::FrameRegistration& registration = knownRegistration()) {
  fs::create_directories(folder.path());
  const fs::path file = folder.path() / "REG.dcm";
  writeSpatialRegistration(registration, fixedStudy(), file, dated());
  DcmFileFormat format;
  EXPECT_TRUE(format.loadFile(file.c_str()).good());
  // Saved over the file it came from: nothing may be left to read from it later.
  EXPECT_TRUE(format.loadAllDataIntoMemory().good());
  edit(*format.getDataset());
  EXPECT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
  return file;
}

void expectRefusal(const fs::path& file, const std::string& words) {
  try {
    readSpatialRegistration(file);
    ADD_FAILURE() << "accepted " << file;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.filename().string()), std::string::npos) << e.what();
  }
}

DcmItem& movingMatrixItem(DcmDataset& ds) {
  DcmItem* registration = nullptr;
  DcmItem* matrixRegistration = nullptr;
  DcmItem* matrix = nullptr;
  ds.findAndGetSequenceItem(DCM_RegistrationSequence, registration, 1);
  registration->findAndGetSequenceItem(DCM_MatrixRegistrationSequence, matrixRegistration, 0);
  matrixRegistration->findAndGetSequenceItem(DCM_MatrixSequence, matrix, 0);
  return *matrix;
}

TEST(SpatialRegistration, WhatCannotBeUsedIsRefusedNamingTheFileAndTheProblem) {
  const testing::TempFolder shear("reg-shear"), shortMatrix("reg-short"), third("reg-third"), notReg("reg-notreg");
  expectRefusal(damaged(shear,
                        [](DcmDataset& ds) {
                          movingMatrixItem(ds).putAndInsertString(DCM_FrameOfReferenceTransformationMatrix,
                                                                   "1\\0.3\\0\\0\\0\\1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1");
                        }),
                "RIGID but its rotation is not orthonormal");
  expectRefusal(damaged(shortMatrix,
                        [](DcmDataset& ds) {
                          movingMatrixItem(ds).putAndInsertString(DCM_FrameOfReferenceTransformationMatrix, "1\\0\\0");
                        }),
                "has 3 values; expected 16");
  expectRefusal(damaged(third,
                        [](DcmDataset& ds) {
                          DcmItem* item = nullptr;
                          ds.findAndGetSequenceItem(DCM_RegistrationSequence, item, 1);
                          auto* copy = new DcmItem(*item);
                          copy->putAndInsertString(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.10.1234.30");
                          ds.findAndGetSequenceItem(DCM_RegistrationSequence, item, 0);
                          DcmSequenceOfItems* sequence = nullptr;
                          ds.findAndGetSequence(DCM_RegistrationSequence, sequence);
                          sequence->append(copy);
                        }),
                "registers 2 Frames of Reference besides the object's own");
  expectRefusal(damaged(notReg, [](DcmDataset& ds) {
                  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.481.2");
                  ds.putAndInsertString(DCM_Modality, "RTDOSE");
                }),
                "Spatial Registration");
}

DcmItem& gridItem(DcmDataset& ds) {
  DcmItem* registration = nullptr;
  DcmItem* grid = nullptr;
  ds.findAndGetSequenceItem(DCM_DeformableRegistrationSequence, registration, 0);
  registration->findAndGetSequenceItem(DCM_DeformableRegistrationGridSequence, grid, 0);
  return *grid;
}

void setFirstDimension(DcmDataset& ds, Uint32 points) {
  const Uint32 dimensions[3] = {points, 10, 8};
  gridItem(ds).putAndInsertUint32Array(DCM_GridDimensions, dimensions, 3);
}

TEST(SpatialRegistration, ADamagedDeformationGridIsRefused) {
  const testing::TempFolder shortData("reg-grid-short"), huge("reg-grid-huge"), skewed("reg-grid-skewed"), nan("reg-grid-nan");
  expectRefusal(damaged(
                    shortData, [](DcmDataset& ds) { setFirstDimension(ds, 13); },
                    knownDeformation()),
                "VectorGridData (0064,0009) has 2880 values; expected 3120");
  expectRefusal(damaged(
                    huge, [](DcmDataset& ds) { setFirstDimension(ds, 4000000); },
                    knownDeformation()),
                "points; at most 30000000 are read");
  expectRefusal(damaged(
                    skewed,
                    [](DcmDataset& ds) { gridItem(ds).putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0.5\\1\\0"); },
                    knownDeformation()),
                "is not two orthogonal unit vectors");
  expectRefusal(damaged(
                    nan,
                    [](DcmDataset& ds) {
                      const Float32* values = nullptr;
                      unsigned long count = 0;
                      gridItem(ds).findAndGetFloat32Array(DCM_VectorGridData, values, &count);
                      std::vector<Float32> broken(values, values + count);
                      broken[100] = std::numeric_limits<Float32>::quiet_NaN();
                      gridItem(ds).putAndInsertFloat32Array(DCM_VectorGridData, broken.data(), count);
                    },
                    knownDeformation()),
                "not finite");
}

TEST(SpatialRegistration, AWriteThatCannotBeMadeIsRefused) {
  const testing::TempFolder folder("reg-refused");
  core::SeriesIdentity otherFrame = fixedStudy();
  otherFrame.frameOfReferenceUid = MOVING_FRAME;
  EXPECT_THROW(writeSpatialRegistration(knownRegistration(), otherFrame, folder.path() / "REG.dcm", dated()), Error);
  core::FrameRegistration noMoving = knownRegistration();
  noMoving.movingFrameOfReferenceUid.clear();
  EXPECT_THROW(writeSpatialRegistration(noMoving, fixedStudy(), folder.path() / "REG.dcm", dated()), Error);
  EXPECT_THROW(writeSpatialRegistration(knownRegistration(), fixedStudy(), folder.path() / "REG.dcm"), Error)
      << "no Content Date and Time";
}

}  // namespace
}  // namespace kerma::dicom
