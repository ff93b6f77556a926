// kerma_write_analytic_rtdose --ct DIR --rtstruct FILE --out FILE [--grid-mm 2.5]
// Writes an analytic RT Dose in the CT's Frame of Reference, for validation against other DVH
// tools and for benchmarks: a Gaussian of 60 Gy peak and 40 mm standard deviation centred on the
// first structure's contour points, on a 5 Gy background that rises by 0.05 Gy/mm towards the
// patient's left, over the CT's extent on a grid of --grid-mm.

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtstruct_import.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

namespace {

constexpr double PEAK_GY = 60, SIGMA_MM = 40, BACKGROUND_GY = 5, RAMP_GY_PER_MM = 0.05;

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  for (int n = 1; n + 1 < argc; n += 2) options[argv[n]] = argv[n + 1];
  if (!options.count("--ct") || !options.count("--rtstruct") || !options.count("--out")) {
    std::cerr << "usage: " << argv[0] << " --ct DIR --rtstruct FILE --out FILE [--grid-mm 2.5]\n";
    return 2;
  }
  try {
    using namespace kerma;
    const double gridMm = options.count("--grid-mm") ? std::atof(options["--grid-mm"].c_str()) : 2.5;
    const dicom::CtSeries ct = dicom::loadCtSeries(options["--ct"]);
    const dicom::StructureSetFile set = dicom::readStructureSet(options["--rtstruct"]);
    core::Point3<core::Patient> centre;
    std::size_t points = 0;
    for (const auto& contour : set.rois.front().contours)
      for (const auto& p : contour.pointsMm) {
        centre = {centre.x + p.x, centre.y + p.y, centre.z + p.z};
        ++points;
      }
    centre = {centre.x / points, centre.y / points, centre.z / points};

    const auto& g = ct.image.hu.geometry();
    const auto lastMm = g.patientPoint({g.size()[0] - 1, g.size()[1] - 1, g.size()[2] - 1});
    const auto firstMm = g.originMm();
    const std::array<int, 3> size{int(std::floor((lastMm.x - firstMm.x) / gridMm)) + 1,
                                  int(std::floor((lastMm.y - firstMm.y) / gridMm)) + 1,
                                  int(std::floor((lastMm.z - firstMm.z) / gridMm)) + 1};
    eval::DoseDistribution dose;
    dose.identity = ct.image.identity;
    dose.doseGy = core::Volume<float>(core::VolumeGeometry(size, firstMm, {gridMm, gridMm, gridMm}));
    for (int k = 0; k < size[2]; ++k)
      for (int j = 0; j < size[1]; ++j)
        for (int i = 0; i < size[0]; ++i) {
          const auto p = dose.doseGy.geometry().patientPoint({i, j, k});
          const double r2 = (p - centre).dot(p - centre);
          dose.doseGy.at({i, j, k}) = static_cast<float>(PEAK_GY * std::exp(-r2 / (2 * SIGMA_MM * SIGMA_MM)) +
                                                         BACKGROUND_GY + RAMP_GY_PER_MM * (p.x - firstMm.x));
        }
    dicom::RtDoseExportOptions exportOptions;
    exportOptions.seriesDescription = "Kerma analytic validation dose";
    exportOptions.referencedRtPlanUids = {core::deterministicUid("kerma-analytic-validation-plan-v1")};
    dicom::writeRtDose(dose, options["--out"], exportOptions);
    std::cout << options["--out"] << ": " << size[0] << " x " << size[1] << " x " << size[2] << " voxels of " << gridMm
              << " mm, Gaussian centred at (" << centre.x << ", " << centre.y << ", " << centre.z << ") mm\n";
    return 0;
  } catch (const kerma::Error& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n";
    return 2;
  }
}
