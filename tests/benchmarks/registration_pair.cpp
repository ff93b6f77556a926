// The LUNG1 registration pair of the benchmark (docs/validation/registration.md), and its scoring.
//   registration_pair make CT_FOLDER OUT [RX RY RZ TX TY TZ]   writes OUT/moving/ (DICOM: the
//       patient "scanned again": moved by a known rigid map, degrees about x, y, z through the
//       image centre, then mm; 5 mm slices, 30 mm shorter at each end, ±20 HU of noise, a new Frame of Reference),
//       OUT/fixed.mha and OUT/moving.mha (for elastix) and OUT/truth.txt (fixedFromMoving, 16 numbers)
//   registration_pair score CT_FOLDER OUT M00 M01 … M33   target registration error of a found
//       fixedFromMoving (row-major) against the truth at points inside the body every 20 mm:
//       prints "mean MM max MM points N"
//   registration_pair make-deformed CT_FOLDER OUT   the same with the tests' smooth deformation
//       (up to 12 mm, registration_cases.h) on top of the benchmark's move: OUT/moving/,
//       OUT/fixed.mha, OUT/moving.mha
//   registration_pair score-field CT_FOLDER FIELD   the deformable registration error of FIELD (a
//       Deformable Spatial Registration, or the deformation field elastix's transformix writes:
//       a .mha of displacements from fixed to moving points) as the registration tests measure it:
//       |found(p(x)) - x| at moving points x inside the body, p(x) where the truth puts x in the
//       fixed study; prints "mean MM max MM points N"
#include "kerma/core/uid.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/phantom/rescan.h"

#include "../support/mha.h"
#include "../support/registration_cases.h"

#include <Eigen/Geometry>

#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace {

using namespace kerma;
using Rigid = testing::RigidMap;

constexpr double SLICE_MM = 5;
constexpr double NOISE_HU = 20;
constexpr double CROP_MM = 30;

core::Volume<float> asFloat(const core::CtVolume& ct) {
  core::Volume<float> v(ct.geometry(), 0.f);
  std::copy(ct.values().begin(), ct.values().end(), v.values().begin());
  return v;
}

// The second scan as a study of its own (new UIDs and Frame of Reference) in OUT/moving/, and both
// images as MetaImages for elastix.
void writePair(const dicom::CtSeries& fixed, core::CtVolume rescan, const std::string& description,
               const std::filesystem::path& out) {
  core::CtImage moving{fixed.image.identity, std::move(rescan)};
  moving.identity.studyInstanceUid = core::makeUid();
  moving.identity.seriesInstanceUid = core::makeUid();
  moving.identity.frameOfReferenceUid = core::makeUid();
  moving.identity.seriesDescription = description;
  std::filesystem::create_directories(out);
  dicom::writeCtSeries(moving, out / "moving");
  testing::writeMha(out / "fixed.mha", asFloat(fixed.image.hu));
  testing::writeMha(out / "moving.mha", asFloat(moving.hu));
}

int make(const std::string& ctFolder, const std::filesystem::path& out, const std::array<double, 6>& move) {
  const dicom::CtSeries fixed = dicom::loadCtSeries(ctFolder);
  const core::VolumeGeometry& g = fixed.image.hu.geometry();
  const Rigid movingFromFixed = testing::movedAboutCentre(g, move);
  const core::VolumeGeometry grid = testing::rescanGrid(g, SLICE_MM, CROP_MM);
  writePair(fixed, phantom::rescanned(fixed.image.hu, {grid, movingFromFixed, NOISE_HU, 7}), "rescan, known rigid map", out);
  std::ofstream truth(out / "truth.txt");
  truth.precision(17);
  const Eigen::Matrix4d m = movingFromFixed.inverse().matrix().matrix();
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) truth << m(r, c) << (c == 3 ? '\n' : ' ');
  return 0;
}

// The benchmark's move and the tests' deformation about the fixed CT's centre.
struct DeformedCase {
  Rigid fixedFromMoving;
  testing::SmoothDeformation u;
};

DeformedCase deformedCase(const core::VolumeGeometry& g) {
  const core::Point3<core::Patient> c =
      g.patientFromVoxel()(core::Point3<core::Voxel>{(g.size()[0] - 1) / 2.0, (g.size()[1] - 1) / 2.0, (g.size()[2] - 1) / 2.0});
  return {testing::movedAboutCentre(g, {1.5, -2, 3, 15, -20, 10}).inverse(), {Eigen::Vector3d(c.x, c.y, c.z)}};
}

int makeDeformed(const std::string& ctFolder, const std::filesystem::path& out) {
  const dicom::CtSeries fixed = dicom::loadCtSeries(ctFolder);
  const core::VolumeGeometry& g = fixed.image.hu.geometry();
  const DeformedCase truth = deformedCase(g);
  writePair(fixed,
            testing::deformedRescan(fixed.image.hu, testing::rescanGrid(g, SLICE_MM, CROP_MM), truth.fixedFromMoving,
                                    truth.u, NOISE_HU),
            "rescan, known rigid map and deformation", out);
  return 0;
}

// A MetaImage of 3-component float displacements (transformix -def all) as a moving-point map.
std::function<core::Point3<core::Patient>(const core::Point3<core::Patient>&)> mhaField(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::map<std::string, std::string> header;
  for (std::string line; std::getline(in, line);) {
    const auto equals = line.find(" = ");
    if (equals == std::string::npos) throw std::runtime_error(file.string() + ": not a MetaImage header line: " + line);
    header[line.substr(0, equals)] = line.substr(equals + 3);
    if (line.rfind("ElementDataFile", 0) == 0) break;
  }
  if (header["ElementType"] != "MET_FLOAT" || header["ElementNumberOfChannels"] != "3" || header["ElementDataFile"] != "LOCAL")
    throw std::runtime_error(file.string() + ": expected 3 channels of MET_FLOAT, data LOCAL");
  auto numbers = [&](const std::string& key) {
    std::istringstream text(header.at(key));
    std::vector<double> values;
    for (double v; text >> v;) values.push_back(v);
    return values;
  };
  const auto size = numbers("DimSize"), spacing = numbers("ElementSpacing"), offset = numbers("Offset"),
             matrix = numbers("TransformMatrix");
  Eigen::Matrix3d axes;
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 3; ++r) axes(r, c) = matrix[std::size_t(3 * c + r)];
  const core::VolumeGeometry grid({int(size[0]), int(size[1]), int(size[2])}, {offset[0], offset[1], offset[2]},
                                  {spacing[0], spacing[1], spacing[2]}, axes);
  auto field = std::make_shared<core::DisplacementField>();
  field->grid = grid;
  std::vector<float> values(3 * grid.voxelCount());
  in.read(reinterpret_cast<char*>(values.data()), std::streamsize(values.size() * sizeof(float)));
  if (!in) throw std::runtime_error(file.string() + ": shorter than its header says");
  for (std::size_t c = 0; c < 3; ++c) {
    field->displacementMm[c] = core::Volume<float>(grid, 0.f);
    for (std::size_t n = 0; n < grid.voxelCount(); ++n) field->displacementMm[c].values()[n] = values[3 * n + c];
  }
  return [field](const core::Point3<core::Patient>& p) { return field->movingPoint(p); };
}

int scoreField(const std::string& ctFolder, const std::filesystem::path& fieldFile) {
  const dicom::CtSeries fixed = dicom::loadCtSeries(ctFolder);
  const core::VolumeGeometry& g = fixed.image.hu.geometry();
  const DeformedCase truth = deformedCase(g);
  std::function<core::Point3<core::Patient>(const core::Point3<core::Patient>&)> movingPoint;
  if (fieldFile.extension() == ".mha") {
    movingPoint = mhaField(fieldFile);
  } else {
    const auto registration = std::make_shared<const core::FrameRegistration>(dicom::readSpatialRegistration(fieldFile).registration);
    movingPoint = [registration](const core::Point3<core::Patient>& p) { return registration->movingPoint(p); };
  }
  // The tests' lattice: every 20 pixels, every 4th 5 mm slice of the moving grid, inside the body.
  const core::CtVolume moving = testing::deformedRescan(fixed.image.hu, testing::rescanGrid(g, SLICE_MM, CROP_MM),
                                                        truth.fixedFromMoving, truth.u, 0);
  const auto& mg = moving.geometry();
  double sum = 0, worst = 0;
  int points = 0;
  for (int k = 2; k < mg.size()[2] - 2; k += 4)
    for (int j = 0; j < mg.size()[1]; j += 20)
      for (int i = 0; i < mg.size()[0]; i += 20) {
        if (moving.at({i, j, k}) < -500) continue;
        const core::Point3<core::Patient> x = mg.patientPoint({i, j, k});
        const Eigen::Vector3d p = testing::deformedFixedPoint(truth.fixedFromMoving, truth.u, Eigen::Vector3d(x.x, x.y, x.z));
        const double error = (movingPoint({p.x(), p.y(), p.z()}) - x).length();
        sum += error;
        worst = std::max(worst, error);
        ++points;
      }
  std::cout << "mean " << (points ? sum / points : 0) << " max " << worst << " points " << points << "\n";
  return 0;
}

int score(const std::string& ctFolder, const std::filesystem::path& out, char** numbers) {
  Eigen::Matrix4d truth, found;
  std::ifstream in(out / "truth.txt");
  for (int n = 0; n < 16; ++n) in >> truth(n / 4, n % 4);
  for (int n = 0; n < 16; ++n) found(n / 4, n % 4) = std::stod(numbers[n]);
  const dicom::CtSeries fixed = dicom::loadCtSeries(ctFolder);
  const testing::TargetError e =
      testing::targetError(Rigid(Eigen::Affine3d(found)), Rigid(Eigen::Affine3d(truth)), fixed.image.hu);
  std::cout << "mean " << e.meanMm << " max " << e.maxMm << " points " << e.points << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    // The benchmark's move: 1.5, -2 and 3 degrees about x, y, z; 15, -20, 10 mm (27 mm).
    std::array<double, 6> move{1.5, -2, 3, 15, -20, 10};
    if (mode == "make" && argc == 10)
      for (std::size_t n = 0; n < 6; ++n) move[n] = std::stod(argv[4 + n]);
    if (mode == "make" && (argc == 4 || argc == 10)) return make(argv[2], argv[3], move);
    if (mode == "score" && argc == 20) return score(argv[2], argv[3], argv + 4);
    if (mode == "make-deformed" && argc == 4) return makeDeformed(argv[2], argv[3]);
    if (mode == "score-field" && argc == 4) return scoreField(argv[2], argv[3]);
    std::cerr << "usage: registration_pair make CT_FOLDER OUT [RX RY RZ TX TY TZ] | score CT_FOLDER OUT M00 … M33 |\n"
                 "       make-deformed CT_FOLDER OUT | score-field CT_FOLDER REG.dcm|FIELD.mha\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "registration_pair: " << e.what() << "\n";
    return 1;
  }
}
