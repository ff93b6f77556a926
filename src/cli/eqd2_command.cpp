// kerma-cli eqd2 --rtdose FILE --fractions N --alpha-beta X --out FILE [--json]: the EQD2 of a
// physical RT Dose, written as an RT Dose of Dose Type EFFECTIVE.

#include "arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/statistics.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/eval/radiobiology.h"

#include <iostream>

namespace kerma::cli {

int runEqd2(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, {"--rtdose", "--fractions", "--alpha-beta", "--out"});
  const std::string input = arguments.required("--rtdose");
  const std::string output = arguments.required("--out");
  const auto fractions = arguments.integer("--fractions");
  if (!fractions) throw Error(ErrorCode::BadInput, "option --fractions is required");
  const double alphaBetaGy = parseNumber(arguments.required("--alpha-beta"), "--alpha-beta");

  const dicom::RtDoseFile rd = dicom::readRtDose(input);
  eval::DoseDistribution eqd2;
  try {
    eqd2 = eval::eqd2Distribution(rd.dose, *fractions, alphaBetaGy);
  } catch (const Error& e) {
    throw Error(e.code(), input + ": " + e.what());
  }
  dicom::RtDoseExportOptions options;
  options.seriesDescription = "EQD2 a/b " + core::shortestText(alphaBetaGy) + " Gy, " + std::to_string(*fractions) + " fx";
  options.referencedRtPlanUids = rd.referencedRtPlanUids;
  const dicom::ExportedDose written = dicom::writeRtDose(eqd2, output, options);

  const auto physical = core::summarize(rd.dose.doseGy);
  const auto effective = core::summarize(eqd2.doseGy);
  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject();
    json.key("out").value(written.file.string());
    json.key("sopInstanceUid").value(written.sopInstanceUid);
    json.key("fractions").value(*fractions);
    json.key("alphaBetaGy").value(alphaBetaGy);
    json.key("physicalMaxGy").value(physical.max);
    json.key("eqd2MaxGy").value(effective.max);
    json.endObject();
    std::cout << "\n";
  } else {
    std::cout << "EQD2 (alpha/beta " << alphaBetaGy << " Gy, " << *fractions << " fractions): max " << effective.max
              << " Gy (physical " << physical.max << " Gy) -> " << written.file.string() << "\n";
  }
  return 0;
}

}  // namespace kerma::cli
