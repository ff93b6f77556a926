#include "kerma/dose/patient_dose.h"

#include "kerma/core/error.h"
#include "kerma/core/stopwatch.h"
#include "kerma/dose/collapsed_cone.h"
#include "kerma/dose/fluence.h"
#include "kerma/dose/terma.h"
#include "kerma/dose/water_phantom.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace kerma::dose {

namespace {

std::string millimetres(double v) {
  std::string text = std::to_string(v);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text + " mm";
}

void requireGridSpacing(double spacingMm, const std::string& what) {
  if (!(spacingMm >= MIN_DOSE_GRID_MM && spacingMm <= MAX_DOSE_GRID_MM))
    throw Error(ErrorCode::BadInput, what + " is " + millimetres(spacingMm) + "; expected " +
                                         millimetres(MIN_DOSE_GRID_MM) + " to " + millimetres(MAX_DOSE_GRID_MM));
}

/// Pixel of the beams' fluence maps at the isocentre plane, mm: a tenth of the narrowest leaf.
constexpr double FLUENCE_PIXEL_MM = 0.5;

/// Half-width of the fluence map, mm: the jaw opening plus the reach of the extra-focal source;
/// beyond it the map's edge value (the closed-collimator transmission) stands in.
double fluenceHalfExtentMm(const JawsMm& j, const BeamModel& model) {
  const double opening = std::max({std::abs(j.x1), std::abs(j.x2), std::abs(j.y1), std::abs(j.y2)});
  return std::min(400.0, opening + 4 * model.extraFocalSigmaAtIsoMm + 10);
}

void requireLeavesOfMachine(const Beam& beam, const MlcLeaves& leaves, const Machine& machine, const std::string& what) {
  if (static_cast<int>(leaves.x1Mm.size()) != machine.mlc.pairCount() || leaves.x2Mm.size() != leaves.x1Mm.size())
    throw Error(ErrorCode::BadInput, "beam " + beam.name + what + " has " + std::to_string(leaves.x1Mm.size()) +
                                         " leaf pairs; expected " + std::to_string(machine.mlc.pairCount()) + " (" +
                                         machine.name + ")");
}

void requireDeliverableSegments(const Beam& beam, const Machine& machine) {
  if (beam.leaves) requireLeavesOfMachine(beam, *beam.leaves, machine, "");
  if (beam.subfields.empty()) return;
  if (!beam.leaves) throw Error(ErrorCode::BadInput, "beam " + beam.name + " has subfields but no leaves; expected an MLC field");
  for (std::size_t s = 0; s < beam.subfields.size(); ++s) {
    const std::string what = " subfield " + std::to_string(s + 1);
    requireLeavesOfMachine(beam, beam.subfields[s].leaves, machine, what);
    if (!(beam.subfields[s].metersetShare > 0 && beam.subfields[s].metersetShare < 1))
      throw Error(ErrorCode::BadInput, "beam " + beam.name + what + " delivers a share " +
                                           std::to_string(beam.subfields[s].metersetShare) +
                                           " of the beam's MU; expected between 0 and 1");
  }
  if (!(beam.openFieldShare() >= 0))
    throw Error(ErrorCode::BadInput, "beam " + beam.name + "'s subfields deliver more than the beam's MU (open field " +
                                         std::to_string(beam.openFieldShare()) + "); expected at most all of it");
}

// The beam's fluence: its open field's, or, for a field with subfields, the mean of its segments'
// weighted by their share of the MU. Fluence is what a segment adds to the beam, and dose is
// linear in it, so one TERMA and one superposition serve every segment.
FluenceMap beamFluence(const Beam& beam, const Machine& machine, const BeamModel& model) {
  Aperture aperture;
  aperture.jawsMm = beam.jawsMm;
  aperture.leaves = beam.leaves;
  aperture.leafBoundariesMm = machine.mlc.leafBoundariesMm;
  aperture.jawTransmission = machine.jawTransmission;
  aperture.leafTransmission = machine.mlc.transmission;
  const double halfExtentMm = fluenceHalfExtentMm(beam.jawsMm, model);
  FluenceMap open = fluenceMap(aperture, model, machine.sadMm, FLUENCE_PIXEL_MM, halfExtentMm);
  if (beam.subfields.empty()) return open;
  std::vector<double> mixed = open.values();
  for (double& v : mixed) v *= beam.openFieldShare();
  for (const Subfield& subfield : beam.subfields) {
    aperture.leaves = subfield.leaves;
    const FluenceMap segment = fluenceMap(aperture, model, machine.sadMm, FLUENCE_PIXEL_MM, halfExtentMm);
    for (std::size_t p = 0; p < mixed.size(); ++p) mixed[p] += subfield.metersetShare * segment.values()[p];
  }
  return FluenceMap(open.xMinMm(), open.yMinMm(), open.pixelMm(), open.nx(), open.ny(), std::move(mixed));
}

}  // namespace

core::VolumeGeometry doseGridForBody(const structure::Mask& body, double spacingMm, double marginMm) {
  requireGridSpacing(spacingMm, "dose grid spacing");
  const core::VolumeGeometry& ct = body.geometry();
  const auto& size = ct.size();
  std::array<std::int64_t, 3> lo{size[0], size[1], size[2]}, hi{-1, -1, -1};
  for (std::int64_t k = 0; k < size[2]; ++k)
    for (std::int64_t j = 0; j < size[1]; ++j)
      for (std::int64_t i = 0; i < size[0]; ++i) {
        if (body.at({i, j, k}) == 0) continue;
        const std::array<std::int64_t, 3> ijk{i, j, k};
        for (int a = 0; a < 3; ++a) {
          lo[a] = std::min(lo[a], ijk[a]);
          hi[a] = std::max(hi[a], ijk[a]);
        }
      }
  if (hi[0] < 0) throw Error(ErrorCode::BadInput, "BODY is empty; expected a patient outline to bound the dose grid");
  // Along each CT axis (in mm from the CT origin): the voxels' outer faces plus the margin, cut
  // to the scan's outer faces; the grid's centres sit half a dose voxel inside.
  std::array<int, 3> gridSize{};
  Eigen::Vector3d startMm;
  for (int a = 0; a < 3; ++a) {
    const double h = ct.spacingMm()[a];
    const double from = std::max((lo[a] - 0.5) * h - marginMm, -0.5 * h);
    const double to = std::min((hi[a] + 0.5) * h + marginMm, (size[a] - 0.5) * h);
    gridSize[a] = std::max(1, static_cast<int>(std::ceil((to - from) / spacingMm - 1e-9)));
    startMm[a] = 0.5 * (from + to) - 0.5 * (gridSize[a] - 1) * spacingMm;
  }
  const Eigen::Vector3d o = Eigen::Vector3d(ct.originMm().x, ct.originMm().y, ct.originMm().z) +
                            ct.directionCosines() * startMm;
  return core::VolumeGeometry(gridSize, {o.x(), o.y(), o.z()}, {spacingMm, spacingMm, spacingMm},
                              ct.directionCosines());
}

std::optional<std::vector<core::Volume<float>>> beamDosesGyPerMu(const core::Volume<float>& rho,
                                                                 const std::vector<Beam>& beams,
                                                                 const Machine& machine, const BeamModel& model,
                                                                 const BeamDoseOptions& options,
                                                                 DoseStageTimes* times) {
  const auto& h = rho.geometry().spacingMm();
  if (std::abs(h[0] - h[1]) > 1e-6 || std::abs(h[0] - h[2]) > 1e-6)
    throw Error(ErrorCode::BadInput, "dose grid spacing " + millimetres(h[0]) + " x " + millimetres(h[1]) + " x " +
                                         millimetres(h[2]) + " is not isotropic; expected equal spacings");
  requireGridSpacing(h[0], "dose grid spacing");
  for (const Beam& beam : beams) requireDeliverableSegments(beam, machine);
  DoseStageTimes local;
  DoseStageTimes& t = times ? *times : local;
  // Stages: calibration, then fluence + TERMA and superposition per beam (superposition weighs most).
  const double stages = 1 + 4.0 * beams.size();
  double done = 0;
  auto proceed = [&](double weight, const std::string& stage) {
    done += weight;
    return !options.progress || options.progress(std::min(1.0, done / stages), stage);
  };
  if (!proceed(0, "calibration")) return std::nullopt;
  core::Stopwatch clock;
  const double referenceSc = model.collimatorScatter.at(model.calibrationFieldMm);
  const double gyPerUnitFluenceAtCalibration =
      model.calibrationGyPerMu / calibrationDosePerUnitFluence(model, machine.sadMm, h[0], options.threads);
  t.calibrationS += clock.lap();
  const TermaDepthTable table = termaDepthTable(model);

  std::vector<core::Volume<float>> doses;
  for (const Beam& beam : beams) {
    if (!proceed(doses.empty() ? 1 : 3, "TERMA " + beam.name)) return std::nullopt;
    clock.lap();
    const FluenceMap fluence = beamFluence(beam, machine, model);
    t.fluenceS += clock.lap();
    const BeamFrame frame{beam.patientFromBeamLimitingDevice(), machine.sadMm};
    const core::Volume<float> terma =
        computeTerma(rho, frame, fluence, table, model.offAxisSofteningPerMm, options.threads);
    t.termaS += clock.lap();
    if (!proceed(1, "superposition " + beam.name)) return std::nullopt;
    core::Volume<float> dose = superposeCollapsedCone(
        rho, terma, coneDirections(model.kernel, core::beamAxisDirection(frame.patientFromBld)), options.threads);
    t.superpositionS += clock.lap();
    const double gyPerUnitFluence =
        gyPerUnitFluenceAtCalibration * model.collimatorScatter.at(equivalentSquareMm(beam.jawsMm)) / referenceSc;
    for (float& v : dose.values()) v = static_cast<float>(v * gyPerUnitFluence);
    doses.push_back(std::move(dose));
  }
  if (!proceed(3, "done")) return std::nullopt;
  return doses;
}

}  // namespace kerma::dose
