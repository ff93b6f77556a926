// kerma-cli contour --ct DIR --rtstruct FILE --out FILE OPERATIONS...: applies contouring
// operations in order and writes a new RT Structure Set (grammar in docs/cli.md).

#include "arguments.h"
#include "commands.h"
#include "contour_repairs.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/contour_program.h"
#include "kerma/structure/contour_rasterization.h"

#include <filesystem>
#include <iostream>

namespace kerma::cli {

namespace {

// Contours the exporter can reference to a CT slice: imported ones that lie between slices are
// replaced by the outline of their mask.
void putContoursOnSlices(std::vector<structure::Structure>& structures, const core::VolumeGeometry& grid) {
  for (auto& s : structures) {
    const bool onSlices = std::all_of(s.contours.begin(), s.contours.end(), [&](const structure::PlanarContour& c) {
      return structure::contourSliceIndex(c, grid).has_value();
    });
    if (!onSlices) s.contours = structure::extractContours(s.mask);
  }
}

}  // namespace

int runContour(const std::vector<std::string>& args) {
  // The file options come first or anywhere; everything else is the program, in order.
  std::vector<std::string> fileArgs, programArgs;
  for (std::size_t n = 0; n < args.size(); ++n) {
    if (args[n] == "--json") {
      fileArgs.push_back(args[n]);
    } else if ((args[n] == "--ct" || args[n] == "--rtstruct" || args[n] == "--out") && n + 1 < args.size()) {
      fileArgs.push_back(args[n]);
      fileArgs.push_back(args[++n]);
    } else {
      programArgs.push_back(args[n]);
    }
  }
  const Arguments arguments(fileArgs, {"--json"}, {"--ct", "--rtstruct", "--out"});
  const std::filesystem::path out = arguments.required("--out");
  const auto steps = structure::parseContourProgram(programArgs);

  const dicom::CtSeries ct = dicom::loadCtSeries(arguments.required("--ct"));
  const dicom::StructureSetFile set = dicom::readStructureSet(arguments.required("--rtstruct"));
  auto [structures, repairs] = dicom::structuresOnCt(set, ct.image);
  sayRepairs("contour", repairs);
  const std::vector<std::string> warnings = structure::runContourProgram(steps, ct.image.hu, structures);
  for (const auto& warning : warnings) std::cerr << "kerma-cli contour: " << warning << "\n";
  putContoursOnSlices(structures, ct.image.hu.geometry());

  if (ct.sopInstanceUids.size() != std::size_t(ct.image.hu.geometry().size()[2]))
    throw Error(ErrorCode::BadInput, "the CT was resampled to equal slice spacing, so its slices have no SOP "
                                     "instances to reference; export needs the original regular series");
  const auto folder = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  dicom::RtStructExportOptions options;
  options.structureSetLabel = set.label.empty() ? "KERMA" : set.label.substr(0, 16);
  const auto written = dicom::writeRtStruct(structures, ct.image, ct.sopInstanceUids, folder, options);
  std::error_code ec;
  std::filesystem::rename(written, out, ec);
  if (ec) throw Error(ErrorCode::Io, out.string() + ": cannot write (" + ec.message() + ")");

  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject().key("rtstruct").value(out.string()).key("structures").beginArray();
    for (const auto& s : structures)
      json.beginObject()
          .key("name").value(s.name)
          .key("type").value(structure::dicomTerm(s.type))
          .key("volumeCc").value(structure::volumeCc(s.mask))
          .key("contours").value(s.contours.size())
          .endObject();
    json.endArray().key("warnings").beginArray();
    for (const auto& warning : warnings) json.value(warning);
    json.endArray().endObject();
    std::cout << "\n";
    return 0;
  }
  std::cout << "wrote " << out.string() << ":";
  for (const auto& s : structures) std::cout << " " << s.name << " (" << structure::volumeCc(s.mask) << " cc)";
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
