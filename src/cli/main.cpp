// kerma-cli: every capability of Kerma's libraries, headless. Exit status: 0 success, 2 bad
// input (message on stderr), 1 internal error.

#include "commands.h"

#include "kerma/core/error.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct Command {
  std::function<int(const std::vector<std::string>&)> run;
  const char* usage;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"dvh", {kerma::cli::runDvh,
               "dvh --rtstruct FILE --rtdose FILE [--ct DIR] [--rx-gy X] [--v 20,40] [--step-gy X] "
               "[--constraints FILE --fractions N] [--json]"}},
      {"eqd2", {kerma::cli::runEqd2, "eqd2 --rtdose FILE --fractions N --alpha-beta X --out FILE [--json]"}},
      {"sum", {kerma::cli::runSum,
               "sum --course FILE:FRACTIONS[:RECOVERED[:REG]] ... --as physical|eqd2 [--alpha-beta X] --out FILE "
               "[--rtstruct FILE --structure-alpha-beta NAME=X,... --structure-recovered NAME=R,...] "
               "[--ref-point NAME:x,y,z]... [--json]"}},
      {"ct-info", {kerma::cli::runCtInfo, "ct-info DIR [--json] [--threads N]"}},
      {"phantom", {kerma::cli::runPhantom, "phantom --out DIR [--course 1|2] [--json]"}},
      {"structures", {kerma::cli::runStructures, "structures --ct DIR --rtstruct FILE [--json]"}},
      {"beams", {kerma::cli::runBeams,
                 "beams --ct DIR --rtstruct FILE --target NAME --template ap|pa|ap-pa|lateral-pair|box3|box4 "
                 "[--margin-mm 7] [--margin-x1-mm|-x2-mm|-y1-mm|-y2-mm M] [--jaw-margin-mm 0] "
                 "[--leaf-mode outside|inside|middle] [--isocenter x,y,z] [--machine DIR] [--json]"}},
      {"drr", {kerma::cli::runDrr,
               "drr --ct DIR --gantry DEG [--collimator DEG] [--couch DEG] --isocenter x,y,z [--size 512] "
               "[--field-mm 400] [--sid-mm 1000] [--machine DIR] [--threads N] --out FILE.png [--json]"}},
      {"dose", {kerma::cli::runDose,
                "dose --ct DIR --rtstruct FILE --target NAME --template ap|pa|ap-pa|lateral-pair|box3|box4 --rx \"20Gy/5\" "
                "[--grid-mm 2.5] [--normalisation d95|mean|isocentre|point] [--point x,y,z] [--isocenter x,y,z] "
                "[--margin-mm 7] [--density-curve FILE] [--machine DIR] [--threads N] [--optimise-weights] [--ref-point NAME:x,y,z]... "
                "[--shield NAME:MM]... [--shield-rule target-first|organ-first] [--fif LEVEL:N] [--out RD.dcm] [--json]"}},
      {"plan", {kerma::cli::runPlan,
                "plan --ct DIR --rtstruct FILE --target NAME --template ap|pa|ap-pa|lateral-pair|box3|box4 --rx \"20Gy/5\" "
                "--out DIR [--report FILE.pdf] [--constraints FILE] [--label TEXT] [--approved-by NAME "
                "[--accept-global-max PERCENT]] [--optimise-weights] [--ref-point NAME:x,y,z]... [--shield NAME:MM]... "
                "[--shield-rule target-first|organ-first] [--fif LEVEL:N] [--grid-mm 2.5] "
                "[--normalisation d95|mean|isocentre|point] [--point x,y,z] [--isocenter x,y,z] [--margin-mm 7] "
                "[--density-curve FILE] [--machine DIR] [--threads N] [--json]"}},
      {"compare", {kerma::cli::runCompare,
                   "compare REFERENCE.dcm EVALUATED.dcm --rtstruct RS.dcm [--dose-pct 2] [--dta-mm 2] "
                   "[--threshold-pct 10] [--threads N] [--json]"}},
      {"register", {kerma::cli::runRegister,
                    "register --fixed DIR --moving DIR [--method rigid|deformable] [--bone-only] [--bone-hu HU] "
                    "[--landmark NAME:fx,fy,fz:mx,my,mz]... [--landmarks-only] [--out REG.dcm [--accepted-by NAME]] "
                    "[--json]"}},
      {"gamma", {kerma::cli::runGamma,
                 "gamma REF.dcm EVAL.dcm [--dose-pct 2] [--dta-mm 2] [--threshold-pct 10] [--threads N] [--json]"}},
      {"water", {kerma::cli::runWater,
                 "water --field-mm WxL [--ssd-mm 1000] [--grid-mm 2.5] [--size-mm 300] [--layers FROM-TO:RHO,...] "
                 "[--point-source] [--machine DIR] [--threads N] [--json]"}},
      {"send", {kerma::cli::runSend, "send --host H --port P [--aet OURS] --aec THEIRS [--tls-cert PEM --tls-key PEM --tls-ca PEM] [--timeout S] FILE|DIR..."}},
      {"find", {kerma::cli::runFind,
                "find --host H --port P [--aet OURS] --aec THEIRS [--tls-cert PEM --tls-key PEM --tls-ca PEM] --level patient|study|series|image "
                "[--key Keyword=Value]..."}},
      {"get", {kerma::cli::runGet,
               "get --host H --port P [--aet OURS] --aec THEIRS [--tls-cert PEM --tls-key PEM --tls-ca PEM] --study UID [--series UID] --out DIR"}},
      {"move", {kerma::cli::runMove,
                "move --host H --port P [--aet OURS] --aec THEIRS [--tls-cert PEM --tls-key PEM --tls-ca PEM] --study UID [--series UID] --to AE"}},
      {"contour", {kerma::cli::runContour,
                   "contour --ct DIR --rtstruct FILE --out FILE [--json] OPERATIONS... (see docs/cli.md)"}},
  };
  return table;
}

void printUsage(std::ostream& out) {
  out << "usage: kerma-cli COMMAND [ARGS]\ncommands:\n";
  for (const auto& [name, command] : commands()) out << "  kerma-cli " << command.usage << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    printUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  const auto it = commands().find(args[0]);
  if (it == commands().end()) {
    std::cerr << "kerma-cli: unknown command '" << args[0] << "'\n";
    printUsage(std::cerr);
    return 2;
  }
  // kerma-cli COMMAND --help: that command's usage, whatever else is on the line.
  if (std::find(args.begin() + 1, args.end(), "--help") != args.end()) {
    std::cout << "usage: kerma-cli " << it->second.usage << "\n(docs/cli.md has the details)\n";
    return 0;
  }
  try {
    return it->second.run(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const kerma::Error& e) {
    std::cerr << "kerma-cli " << args[0] << ": " << e.what() << "\n";
    return e.code() == kerma::ErrorCode::Internal ? 1 : 2;
  } catch (const std::exception& e) {
    std::cerr << "kerma-cli " << args[0] << ": internal error: " << e.what() << "\n";
    return 1;
  }
}
