#include "kerma/dose/water_phantom.h"

#include "kerma/core/iec61217.h"
#include "kerma/dose/collapsed_cone.h"
#include "kerma/dose/fluence.h"
#include "kerma/dose/terma.h"

#include <algorithm>
#include <cmath>

namespace kerma::dose {

namespace {

/// Density of the depth interval [z0, z1]: thickness-weighted mean of the layers, water where
/// none is given.
double layerDensity(const std::vector<DensityLayer>& layers, double z0, double z1) {
  double covered = 0, mass = 0;
  for (const DensityLayer& l : layers) {
    const double t = std::max(0.0, std::min(z1, l.toMm) - std::max(z0, l.fromMm));
    covered += t;
    mass += t * l.rho;
  }
  return (mass + (z1 - z0 - covered)) / (z1 - z0);
}

struct PhantomDose {
  core::Volume<float> dose;  // per unit fluence
  double dmaxMm = 0, maxValue = 0;
};

/// Dose along the axis by voxel j, and the parabola through the largest sample and its
/// neighbours: (depth, value) of the maximum.
std::pair<double, double> centralAxisMaximum(const core::Volume<float>& dose, double h) {
  const auto& size = dose.geometry().size();
  const std::int64_t ic = size[0] / 2, kc = size[2] / 2;
  std::int64_t best = 0;
  for (std::int64_t j = 0; j < size[1]; ++j)
    if (dose.at({ic, j, kc}) > dose.at({ic, best, kc})) best = j;
  const double y1 = dose.at({ic, best, kc});
  if (best == 0 || best + 1 >= size[1]) return {(best + 0.5) * h, y1};
  const double y0 = dose.at({ic, best - 1, kc}), y2 = dose.at({ic, best + 1, kc});
  const double curvature = y0 - 2 * y1 + y2;
  if (curvature >= 0) return {(best + 0.5) * h, y1};
  const double shift = 0.5 * (y0 - y2) / curvature;
  return {(best + 0.5 + shift) * h, y1 - 0.25 * (y0 - y2) * shift};
}

PhantomDose phantomDose(const WaterPhantomSetup& s, const BeamModel& model, double sadMm, int threads) {
  const double h = s.gridMm;
  int lateral = static_cast<int>(std::round(s.sizeMm / h));
  if (lateral % 2 == 0) ++lateral;  // a voxel centre on the central axis
  const int depth = static_cast<int>(std::round(s.sizeMm / h));
  const double half = 0.5 * (lateral - 1) * h;
  const core::VolumeGeometry grid({lateral, depth, lateral}, {-half, 0.5 * h, -half}, {h, h, h});
  core::Volume<float> rho(grid, 1.f);
  for (int j = 0; j < depth; ++j) {
    const float r = static_cast<float>(layerDensity(s.layers, j * h, (j + 1) * h));
    for (int k = 0; k < lateral; ++k)
      for (int i = 0; i < lateral; ++i) rho.at({i, j, k}) = r;
  }
  const core::Point3<core::Patient> iso{0, sadMm - s.ssdMm, 0};
  const BeamFrame frame{core::patientFromBeamLimitingDevice(0, 0, 0, core::PatientPosition::Hfs, iso), sadMm};
  Aperture aperture;
  aperture.jawsMm = {-0.5 * s.fieldXMm, 0.5 * s.fieldXMm, -0.5 * s.fieldYMm, 0.5 * s.fieldYMm};
  aperture.jawTransmission = s.jawTransmission;
  // The map reaches the phantom's far corners projected to the isocentre plane.
  const double extentMm = std::min(400.0, std::hypot(half, half) * sadMm / s.ssdMm + 20);
  const FluenceMap fluence = fluenceMap(aperture, model, sadMm, 0.5, extentMm);
  const core::Volume<float> terma =
      computeTerma(rho, frame, fluence, termaDepthTable(model), model.offAxisSofteningPerMm, threads);
  const auto axis = core::beamAxisDirection(frame.patientFromBld);
  PhantomDose out{superposeCollapsedCone(rho, terma, coneDirections(model.kernel, axis), threads)};
  std::tie(out.dmaxMm, out.maxValue) = centralAxisMaximum(out.dose, h);
  return out;
}

}  // namespace

double WaterPhantomDose::doseAt(double xMm, double depthMm, double zMm) const {
  return core::sampleTrilinear(doseGyPerMu, core::Point3<core::Patient>{xMm, depthMm, zMm}).value_or(0.0);
}

double calibrationDosePerUnitFluence(const BeamModel& model, double sadMm, double gridMm, int threads) {
  WaterPhantomSetup reference;
  reference.fieldXMm = reference.fieldYMm = model.calibrationFieldMm;
  reference.ssdMm = model.calibrationSsdMm;
  reference.gridMm = gridMm;
  reference.sizeMm = 200;
  return phantomDose(reference, model, sadMm, threads).maxValue;
}

WaterPhantomDose calculateWaterPhantom(const WaterPhantomSetup& setup, const BeamModel& model,
                                       double sadMm, int threads) {
  PhantomDose d = phantomDose(setup, model, sadMm, threads);
  const double referenceSc = model.collimatorScatter.at(model.calibrationFieldMm);
  const double sc = model.collimatorScatter.at(equivalentSquareMm(
                        {-0.5 * setup.fieldXMm, 0.5 * setup.fieldXMm, -0.5 * setup.fieldYMm, 0.5 * setup.fieldYMm})) /
                    referenceSc;
  const double gyPerUnitFluence =
      model.calibrationGyPerMu * sc / calibrationDosePerUnitFluence(model, sadMm, setup.gridMm, threads);
  for (float& v : d.dose.values()) v = static_cast<float>(v * gyPerUnitFluence);
  WaterPhantomDose out{std::move(d.dose), d.dmaxMm, d.maxValue * gyPerUnitFluence};
  return out;
}

}  // namespace kerma::dose
