// kerma-cli dose: a template plan conformed to a target, its dose by collapsed-cone
// superposition on the patient's CT, monitor units from the prescription, and an RT Dose
// (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/dose/patient_dose.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/monitor_units.h"
#include "kerma/eval/prescription.h"
#include "kerma/plan/conformed_beams.h"

#include <chrono>
#include <iomanip>
#include <iostream>

namespace kerma::cli {

namespace {

class Stopwatch {
 public:
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

double numberOption(const Arguments& arguments, const std::string& option, double fallback) {
  const auto text = arguments.value(option);
  return text ? parseNumber(*text, option) : fallback;
}

const structure::Structure& findStructure(const std::vector<structure::Structure>& structures, const std::string& name,
                                          const std::string& rtstructFile) {
  std::string available;
  for (const auto& s : structures) {
    if (s.name == name) return s;
    available += (available.empty() ? "" : ", ") + s.name;
  }
  throw Error(ErrorCode::BadInput, rtstructFile + ": --target '" + name + "' not found; expected one of " + available);
}

}  // namespace

int runDose(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"},
                            {"--ct", "--rtstruct", "--target", "--template", "--rx", "--grid-mm", "--normalisation",
                             "--point", "--isocenter", "--margin-mm", "--density-curve", "--machine", "--threads", "--out"});
  Stopwatch clock, total;
  const std::string ctFolder = arguments.required("--ct");
  const std::string rtstructFile = arguments.required("--rtstruct");
  const std::string targetName = arguments.required("--target");
  const plan::BeamTemplate beamTemplate = plan::beamTemplateFromName(arguments.required("--template"));
  eval::Prescription rx = eval::parsePrescription(arguments.required("--rx"));
  rx.target = targetName;
  rx.normalisation = eval::normalisationFromName(arguments.value("--normalisation").value_or("d95"));
  if (const auto p = arguments.value("--point")) rx.pointMm = parsePoint(*p, "--point");
  if (rx.normalisation == eval::Normalisation::Point && !rx.pointMm)
    throw Error(ErrorCode::BadInput, "--normalisation point needs --point x,y,z (mm, DICOM patient coordinates)");
  const double gridMm = numberOption(arguments, "--grid-mm", dose::DEFAULT_DOSE_GRID_MM);
  plan::ConformationOptions conformation;
  const double marginMm = numberOption(arguments, "--margin-mm", 7);
  if (marginMm < 0) throw Error(ErrorCode::BadInput, "--margin-mm is " + compactNumber(marginMm) + "; expected 0 mm or more");
  conformation.marginsMm = {marginMm, marginMm, marginMm, marginMm};
  const int threads = arguments.integer("--threads").value_or(0);
  const dose::Machine machine = machineFromArguments(arguments);
  const dose::BeamModel model = dose::loadBeamModel(machine.folder);
  const dose::CtDensityCurve curve =
      dose::loadCtDensityCurve(arguments.value("--density-curve").value_or(KERMA_DEFAULT_CT_DENSITY_CURVE));

  const dicom::CtSeries ct = dicom::loadCtSeries(ctFolder);
  const auto structures = dicom::structuresOnCt(dicom::readStructureSet(rtstructFile), ct.image);
  const structure::Structure& target = findStructure(structures, targetName, rtstructFile);
  const structure::Structure* body = structure::findBody(structures);
  if (!body) throw Error(ErrorCode::BadInput, rtstructFile + ": no BODY (EXTERNAL) structure; expected the patient outline");
  const double loadS = clock.lap();

  core::Point3<core::Patient> isocenterMm;
  if (const auto text = arguments.value("--isocenter")) {
    isocenterMm = parsePoint(*text, "--isocenter");
  } else {
    const auto centroid = structure::centroidMm(target.mask);
    if (!centroid) throw Error(ErrorCode::BadInput, rtstructFile + ": --target '" + targetName + "' is empty on the CT");
    isocenterMm = *centroid;
  }
  requireInsideCt(ct.image.hu, isocenterMm, "--isocenter");
  const auto beams = plan::conformedTemplateBeams(beamTemplate, target, &body->mask, machine, conformation, isocenterMm,
                                                  patientPosition(ct.image, ctFolder));
  const double beamsS = clock.lap();

  const core::VolumeGeometry grid = dose::doseGridForBody(body->mask, gridMm);
  const core::Volume<float> rho = dose::densityOnGrid(ct.image.hu, body->mask, curve, grid, threads);
  const double densityS = clock.lap();
  dose::BeamDoseOptions options;
  options.threads = threads;
  dose::DoseStageTimes stages;
  const auto perBeam = dose::beamDosesGyPerMu(rho, beams, machine, model, options, &stages);
  clock.lap();
  const eval::NormalisedPlanDose plan = eval::normaliseToPrescription(*perBeam, beams, rx, &target);
  const double muS = clock.lap();

  eval::DoseDistribution distribution;
  distribution.identity = ct.image.identity;
  distribution.doseGy = plan.doseGy;
  const eval::DoseStatistics stats = eval::doseStatistics(eval::computeDvh(target.contours, distribution));
  const double statisticsS = clock.lap();
  std::string written;
  if (const auto out = arguments.value("--out")) {
    dicom::RtDoseExportOptions exportOptions;
    exportOptions.seriesDescription = "Kerma dose " + eval::describe(rx);
    written = dicom::writeRtDose(distribution, *out, exportOptions).file.string();
  }
  const double writeS = clock.lap();
  const double calculationS =
      densityS + stages.calibrationS + stages.fluenceS + stages.termaS + stages.superpositionS + muS;
  const double voxelDirections = static_cast<double>(grid.voxelCount()) * model.kernel.directionCount() * beams.size();

  if (!arguments.flag("--json")) {
    std::cout << "dose grid " << grid.size()[0] << " x " << grid.size()[1] << " x " << grid.size()[2] << " at " << gridMm
              << " mm, prescription " << eval::describe(rx) << " to " << targetName << "\n";
    for (std::size_t b = 0; b < beams.size(); ++b)
      std::cout << std::left << std::setw(8) << beams[b].name << std::right << std::fixed << std::setprecision(1)
                << std::setw(8) << plan.muPerFraction[b] << " MU\n";
    std::cout << std::setprecision(2) << targetName << ": mean " << stats.meanGy << " Gy, D95 " << stats.d95Gy
              << " Gy, D2 " << stats.d2Gy << " Gy; calculation " << calculationS << " s\n";
    if (!written.empty()) std::cout << "RT Dose written to " << written << "\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("machine").beginObject();
  json.key("name").value(machine.name).key("version").value(machine.version).key("checksum").value(machine.checksum);
  json.endObject();
  json.key("prescription").beginObject();
  json.key("totalGy").value(rx.totalDoseGy).key("fractions").value(rx.fractions);
  json.key("normalisation").value(arguments.value("--normalisation").value_or("d95"));
  json.key("normalisationDoseGy").value(plan.normalisationDoseGy);
  json.endObject();
  json.key("grid").beginObject();
  json.key("spacingMm").value(gridMm);
  json.key("size").numbers(grid.size());
  json.key("originMm").numbers(std::array{grid.originMm().x, grid.originMm().y, grid.originMm().z});
  json.endObject();
  json.key("beams").beginArray();
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const dose::Beam& beam = beams[b];
    json.beginObject();
    json.key("name").value(beam.name).key("gantryDeg").value(beam.gantryAngleDeg);
    json.key("weight").value(beam.weight).key("muPerFraction").value(plan.muPerFraction[b]);
    json.key("ssdMm").value(beam.ssdMm);
    json.key("jawsMm").numbers(std::array{beam.jawsMm.x1, beam.jawsMm.x2, beam.jawsMm.y1, beam.jawsMm.y2});
    json.endObject();
  }
  json.endArray();
  json.key("target").beginObject();
  json.key("name").value(targetName).key("volumeCc").value(stats.volumeCc);
  json.key("minGy").value(stats.minGy).key("meanGy").value(stats.meanGy).key("maxGy").value(stats.maxGy);
  json.key("d98Gy").value(stats.d98Gy).key("d95Gy").value(stats.d95Gy).key("d50Gy").value(stats.d50Gy);
  json.key("d2Gy").value(stats.d2Gy).key("homogeneityIndex").value(stats.homogeneityIndex);
  json.endObject();
  json.key("timingsS").beginObject();
  json.key("load").value(loadS).key("beams").value(beamsS).key("density").value(densityS);
  json.key("calibration").value(stages.calibrationS).key("fluence").value(stages.fluenceS);
  json.key("terma").value(stages.termaS).key("superposition").value(stages.superpositionS);
  json.key("monitorUnits").value(muS).key("statistics").value(statisticsS).key("write").value(writeS);
  json.key("calculation").value(calculationS).key("total").value(total.lap());
  json.endObject();
  json.key("voxelDirectionsPerSecond").value(voxelDirections / stages.superpositionS);
  if (!written.empty()) json.key("rtdose").value(written);
  json.endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
