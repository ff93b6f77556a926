// kerma-cli drr: a digitally reconstructed radiograph of a beam, written as PNG (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"
#include "png_writer.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/beams/drr.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>

namespace kerma::cli {

int runDrr(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"},
                            {"--ct", "--gantry", "--collimator", "--couch", "--isocenter", "--size", "--field-mm",
                             "--sid-mm", "--machine", "--threads", "--out"});
  const std::string ctFolder = arguments.required("--ct");
  const std::string out = arguments.required("--out");
  dose::Beam beam;
  beam.name = "DRR";
  beam.gantryAngleDeg = parseNumber(arguments.required("--gantry"), "--gantry");
  beam.collimatorAngleDeg = parseNumber(arguments.value("--collimator").value_or("0"), "--collimator");
  beam.couchAngleDeg = parseNumber(arguments.value("--couch").value_or("0"), "--couch");
  beam.isocenterMm = parsePoint(arguments.required("--isocenter"), "--isocenter");
  beams::DrrOptions options;
  options.sizePx = arguments.integer("--size").value_or(512);
  if (options.sizePx < 1 || options.sizePx > 8192)
    throw Error(ErrorCode::BadInput, "--size is " + std::to_string(options.sizePx) + "; expected 1 to 8192 pixels");
  options.fieldSizeMm = parseNumber(arguments.value("--field-mm").value_or("400"), "--field-mm");
  options.sidMm = parseNumber(arguments.value("--sid-mm").value_or("1000"), "--sid-mm");
  if (!(options.fieldSizeMm > 0) || !(options.sidMm > 0))
    throw Error(ErrorCode::BadInput, "--field-mm and --sid-mm must be positive");
  options.threads = arguments.integer("--threads").value_or(0);
  const dose::Machine machine = machineFromArguments(arguments);

  const dicom::CtSeries ct = dicom::loadCtSeries(ctFolder);
  beam.patientPosition = patientPosition(ct.image, ctFolder);
  requireInsideCt(ct.image.hu, beam.isocenterMm, "--isocenter");

  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpuStart = std::clock();
  const beams::DrrImage image = *beams::computeDrr(ct.image.hu, beam, machine.sadMm, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
  writeGreyPng(out, image.widthPx, image.heightPx, beams::drrGreyLevels(image));

  if (!arguments.flag("--json")) {
    std::cout << "wrote " << out << " (" << image.widthPx << " x " << image.heightPx << ", " << seconds << " s)\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("out").value(out);
  json.key("sizePx").numbers(std::array{image.widthPx, image.heightPx});
  json.key("pixelSpacingAtIsocenterMm").value(image.pixelSpacingAtIsocenterMm);
  json.key("pixelSpacingAtImagerMm").value(image.pixelSpacingAtImagerMm);
  json.key("sidMm").value(options.sidMm);
  json.key("seconds").value(seconds);
  json.key("cpuSeconds").value(cpuSeconds);
  json.endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
