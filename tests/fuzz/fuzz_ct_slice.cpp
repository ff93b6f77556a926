// CT import on arbitrary bytes. One input holds up to four files, separated by
// KERMA_FUZZ_NEXT_FILE, so that the series checks (order, spacing, gaps) are reached as well as
// the slice parser. scanCtFolder reports bad files as refused, so it may not throw at all.

#include "fuzz_support.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"

#include <filesystem>
#include <string>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kerma::fuzz::warmUpDicom();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path folder = kerma::fuzz::scratchFolder() / "ct";
  std::filesystem::remove_all(folder);
  const auto files = kerma::fuzz::splitInput(data, size, "KERMA_FUZZ_NEXT_FILE", 4);
  for (std::size_t n = 0; n < files.size(); ++n)
    kerma::fuzz::writeScratchFile(std::filesystem::path("ct") / ("CT" + std::to_string(n) + ".dcm"), files[n]);
  const auto scan = kerma::dicom::scanCtFolder(folder, {.threads = 1});
  volatile std::int16_t sink = 0;
  for (const auto& series : scan.series)
    for (std::int16_t hu : series.image.hu.values()) sink = static_cast<std::int16_t>(sink ^ hu);
  return 0;
}
