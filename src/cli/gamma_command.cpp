// kerma-cli gamma REF EVAL: 3D gamma index of one RT Dose against another (docs/cli.md).

#include "arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/eval/gamma.h"

#include <iostream>

namespace kerma::cli {

int runGamma(const std::vector<std::string>& args) {
  std::set<std::string> options = GAMMA_OPTIONS;
  options.insert("--threads");
  const Arguments arguments(args, {"--json"}, options);
  if (arguments.positionals().size() != 2)
    throw Error(ErrorCode::BadInput, "gamma takes " + std::to_string(arguments.positionals().size()) +
                                         " files; expected REF.dcm EVAL.dcm");
  const eval::GammaCriteria criteria = gammaCriteria(arguments);
  const dicom::RtDoseFile reference = dicom::readRtDose(arguments.positionals()[0]);
  const dicom::RtDoseFile evaluated = dicom::readRtDose(arguments.positionals()[1]);
  eval::requireSameFrameOfReference(reference.dose.identity.frameOfReferenceUid, reference.file.string(),
                                    evaluated.dose.identity.frameOfReferenceUid, evaluated.file.string());
  const eval::GammaResult result = eval::gammaIndex(reference.dose.doseGy, evaluated.dose.doseGy, criteria,
                                                    arguments.integer("--threads").value_or(0));
  double referenceMaxGy = 0;
  for (float v : reference.dose.doseGy.values()) referenceMaxGy = std::max(referenceMaxGy, double(v));

  if (!arguments.flag("--json")) {
    std::cout << "gamma " << core::shortestText(criteria.dosePercent) << " %/" << core::shortestText(criteria.dtaMm)
              << " mm (global, threshold " << core::shortestText(criteria.thresholdPercent) << " %): " << result.passed
              << " of " << result.evaluated << " voxels pass, " << result.passRatePercent() << " %\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("dosePercent").value(criteria.dosePercent).key("dtaMm").value(criteria.dtaMm);
  json.key("thresholdPercent").value(criteria.thresholdPercent).key("referenceMaxGy").value(referenceMaxGy);
  json.key("evaluated").value(result.evaluated).key("passed").value(result.passed);
  json.key("passRatePercent").value(result.passRatePercent());
  json.endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
