#include "kerma/core/resources.h"

#include "kerma/core/error.h"

#include <cstdlib>
#include <string>
#include <system_error>

namespace kerma::core {

namespace {

namespace fs = std::filesystem;

// A folder holds Kerma's resources when it has the default machine's description.
bool holdsResources(const fs::path& folder) {
  std::error_code error;
  return fs::is_regular_file(folder / "machines" / "generic-6mv" / "machine.json", error);
}

}  // namespace

fs::path resourceFolder() {
  if (const char* set = std::getenv("KERMA_RESOURCES"); set != nullptr && *set != '\0') {
    if (!holdsResources(set))
      throw Error(ErrorCode::Io, std::string("KERMA_RESOURCES=") + set +
                                     ": not Kerma's resources (expected machines/generic-6mv/machine.json there)");
    return set;
  }
  std::error_code error;
  // Linux names the running program here, whatever the current folder or the PATH.
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  const fs::path besideProgram = program.parent_path().parent_path() / "share" / "kerma";
  if (!error && holdsResources(besideProgram)) return besideProgram;
  throw Error(ErrorCode::Io, "Kerma's resources were not found: looked in " +
                                 (error ? std::string("(the program's folder: ") + error.message() + ")"
                                        : besideProgram.string()) +
                                 " and $KERMA_RESOURCES is not set");
}

fs::path defaultMachineFolder() { return resourceFolder() / "machines" / "generic-6mv"; }

fs::path defaultCtDensityCurve() { return resourceFolder() / "ct-density" / "generic-120kvp.csv"; }

fs::path constraintTemplateFolder() { return resourceFolder() / "constraints"; }

}  // namespace kerma::core
