// The LUNG1 registration pair of the benchmark (docs/validation/registration.md), and its scoring.
//   registration_pair make CT_FOLDER OUT [RX RY RZ TX TY TZ]   writes OUT/moving/ (DICOM: the
//       patient "scanned again": moved by a known rigid map, degrees about x, y, z through the
//       image centre, then mm; 5 mm slices, 30 mm shorter at each end, ±20 HU of noise, a new Frame of Reference),
//       OUT/fixed.mha and OUT/moving.mha (for elastix) and OUT/truth.txt (fixedFromMoving, 16 numbers)
//   registration_pair score CT_FOLDER OUT M00 M01 … M33   target registration error of a found
//       fixedFromMoving (row-major) against the truth at points inside the body every 20 mm:
//       prints "mean MM max MM points N"
#include "kerma/core/uid.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/phantom/rescan.h"

#include "../support/mha.h"
#include "../support/registration_cases.h"

#include <Eigen/Geometry>

#include <fstream>
#include <iostream>

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

int make(const std::string& ctFolder, const std::filesystem::path& out, const std::array<double, 6>& move) {
  const dicom::CtSeries fixed = dicom::loadCtSeries(ctFolder);
  const core::VolumeGeometry& g = fixed.image.hu.geometry();
  const Rigid movingFromFixed = testing::movedAboutCentre(g, move);
  const core::VolumeGeometry grid = testing::rescanGrid(g, SLICE_MM, CROP_MM);
  core::CtImage moving{fixed.image.identity, phantom::rescanned(fixed.image.hu, {grid, movingFromFixed, NOISE_HU, 7})};
  moving.identity.studyInstanceUid = core::makeUid();
  moving.identity.seriesInstanceUid = core::makeUid();
  moving.identity.frameOfReferenceUid = core::makeUid();
  moving.identity.seriesDescription = "rescan, known rigid map";
  std::filesystem::create_directories(out);
  dicom::writeCtSeries(moving, out / "moving");
  testing::writeMha(out / "fixed.mha", asFloat(fixed.image.hu));
  testing::writeMha(out / "moving.mha", asFloat(moving.hu));
  std::ofstream truth(out / "truth.txt");
  truth.precision(17);
  const Eigen::Matrix4d m = movingFromFixed.inverse().matrix().matrix();
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) truth << m(r, c) << (c == 3 ? '\n' : ' ');
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
    std::cerr << "usage: registration_pair make CT_FOLDER OUT [RX RY RZ TX TY TZ] | score CT_FOLDER OUT M00 … M33\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "registration_pair: " << e.what() << "\n";
    return 1;
  }
}
