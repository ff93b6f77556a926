// kerma-cli dose: a template plan conformed to a target, its dose by collapsed-cone
// superposition on the patient's CT, monitor units from the prescription, and an RT Dose
// (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"
#include "template_plan.h"

#include "kerma/core/error.h"
#include "kerma/core/stopwatch.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/prescription.h"

#include <iomanip>
#include <iostream>

namespace kerma::cli {

int runDose(const std::vector<std::string>& args) {
  std::set<std::string> options = TEMPLATE_PLAN_OPTIONS;
  options.insert("--out");
  const Arguments arguments(args, TEMPLATE_PLAN_FLAGS, options);
  core::Stopwatch total;
  const TemplatePlan computed = computeTemplatePlan("dose", arguments);
  const plan::Plan& planned = computed.plan;
  plan::requireDeliverable(planned);
  const auto maximum = globalMaximumSaid("dose", computed);
  const auto points = plan::referencePoints(planned, referencePointArguments(arguments));
  core::Stopwatch clock;
  const eval::Prescription& rx = planned.rx;
  const std::string& targetName = rx.target;
  const structure::Structure& target = computed.target();
  const dose::Machine& machine = planned.machine;
  const dose::BeamModel& model = computed.model;
  const std::vector<dose::Beam>& beams = planned.beams;
  const core::VolumeGeometry& grid = planned.doseGy.geometry();
  const double gridMm = grid.spacingMm()[0];
  const dose::DoseStageTimes& stages = computed.times.stages;
  const double loadS = computed.loadS, beamsS = computed.beamsS, densityS = computed.times.densityS,
               muS = computed.times.monitorUnitsS;

  const eval::DoseDistribution distribution = plan::doseDistribution(planned, computed.ct.image.identity);
  const eval::DoseStatistics stats = eval::doseStatistics(eval::computeDvh(target.contours, distribution));
  const double statisticsS = clock.lap();
  std::string written;
  if (const auto out = arguments.value("--out")) {
    dicom::RtDoseExportOptions exportOptions;
    exportOptions.seriesDescription = "Kerma dose " + eval::describe(rx);
    written = dicom::writeRtDose(distribution, *out, exportOptions).file.string();
  }
  const double writeS = clock.lap();
  const double calculationS = computed.times.calculationS();
  const double voxelDirections = static_cast<double>(grid.voxelCount()) * model.kernel.directionCount() * beams.size();

  if (!arguments.flag("--json")) {
    std::cout << "dose grid " << grid.size()[0] << " x " << grid.size()[1] << " x " << grid.size()[2] << " at " << gridMm
              << " mm, prescription " << eval::describe(rx) << " to " << targetName << "\n";
    for (std::size_t b = 0; b < beams.size(); ++b)
      std::cout << std::left << std::setw(8) << beams[b].name << std::right << std::fixed << std::setprecision(1)
                << std::setw(8) << planned.muPerFraction[b] << " MU\n";
    std::cout << std::setprecision(2) << targetName << ": mean " << stats.meanGy << " Gy, D95 " << stats.d95Gy
              << " Gy, D2 " << stats.d2Gy << " Gy; calculation " << calculationS << " s\n"
              << describeGlobalMaximum(planned, maximum) << "\n";
    printFieldInField(std::cout, computed);
    printReferencePoints(std::cout, planned, points);
    if (!written.empty()) std::cout << "RT Dose written to " << written << "\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  writeMachineJson(json, machine);
  json.key("prescription").beginObject();
  json.key("totalGy").value(rx.totalDoseGy).key("fractions").value(rx.fractions);
  json.key("normalisation").value(eval::normalisationName(rx.normalisation));
  json.key("normalisationDoseGy").value(planned.normalisationDoseGy);
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
    json.key("weight").value(beam.weight).key("muPerFraction").value(planned.muPerFraction[b]);
    json.key("ssdMm").value(beam.ssdMm);
    json.key("jawsMm").numbers(std::array{beam.jawsMm.x1, beam.jawsMm.x2, beam.jawsMm.y1, beam.jawsMm.y2});
    json.key("segmentMu").numbers(plan::segmentMuPerFraction(planned, b));
    json.endObject();
  }
  json.endArray();
  json.key("target").beginObject();
  json.key("name").value(targetName).key("volumeCc").value(stats.volumeCc);
  json.key("minGy").value(stats.minGy).key("meanGy").value(stats.meanGy).key("maxGy").value(stats.maxGy);
  json.key("d98Gy").value(stats.d98Gy).key("d95Gy").value(stats.d95Gy).key("d50Gy").value(stats.d50Gy);
  json.key("d2Gy").value(stats.d2Gy).key("homogeneityIndex").value(stats.homogeneityIndex);
  json.endObject();
  writeGlobalMaximum(json, planned, maximum);
  writeFieldInField(json, computed);
  writeReferencePoints(json, planned, points);
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
