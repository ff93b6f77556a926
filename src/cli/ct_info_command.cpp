// kerma-cli ct-info DIR [--json] [--threads N]: the CT series in a folder, and those refused.

#include "arguments.h"
#include "commands.h"
#include "json.h"

#include "kerma/core/statistics.h"
#include "kerma/dicom/ct_import.h"

#include <iomanip>
#include <iostream>

namespace kerma::cli {

namespace {

void writeJson(const dicom::CtScanResult& scan, std::ostream& out) {
  JsonWriter json(out);
  json.beginObject().key("series").beginArray();
  for (const auto& series : scan.series) {
    const auto& id = series.image.identity;
    const auto& g = series.image.hu.geometry();
    const auto hu = core::summarize(series.image.hu);
    const Eigen::Matrix3d& d = g.directionCosines();
    json.beginObject();
    json.key("seriesInstanceUid").value(id.seriesInstanceUid);
    json.key("patientId").value(id.patientId);
    json.key("patientName").value(id.patientName);
    json.key("modality").value(id.modality);
    json.key("frameOfReferenceUid").value(id.frameOfReferenceUid);
    json.key("size").numbers(g.size());
    json.key("spacingMm").numbers(g.spacingMm());
    json.key("originMm").numbers(std::array{g.originMm().x, g.originMm().y, g.originMm().z});
    json.key("direction").numbers(std::array{d(0, 0), d(0, 1), d(0, 2), d(1, 0), d(1, 1), d(1, 2),
                                             d(2, 0), d(2, 1), d(2, 2)});
    json.key("huMin").value(hu.min).key("huMax").value(hu.max).key("huMean").value(hu.mean);
    json.key("loadSeconds").value(series.loadSeconds);
    json.key("files").value(series.files.size());
    json.key("notes").beginArray();
    for (const auto& note : series.notes) json.value(note);
    json.endArray();
    json.endObject();
  }
  json.endArray().key("refused").beginArray();
  for (const auto& refused : scan.refused) {
    json.beginObject().key("files").beginArray();
    for (const auto& f : refused.files) json.value(f.string());
    json.endArray().key("reason").value(refused.reason).endObject();
  }
  json.endArray().endObject();
  out << "\n";
}

void writeText(const dicom::CtScanResult& scan, std::ostream& out) {
  for (const auto& series : scan.series) {
    const auto& id = series.image.identity;
    const auto& g = series.image.hu.geometry();
    const auto hu = core::summarize(series.image.hu);
    out << "CT series " << id.seriesInstanceUid << "\n"
        << "  patient     " << id.patientName << " (" << id.patientId << ")\n"
        << "  size        " << g.size()[0] << " x " << g.size()[1] << " x " << g.size()[2] << " voxels\n"
        << "  spacing     " << g.spacingMm()[0] << " x " << g.spacingMm()[1] << " x " << g.spacingMm()[2]
        << " mm\n"
        << "  origin      (" << g.originMm().x << ", " << g.originMm().y << ", " << g.originMm().z
        << ") mm LPS\n"
        << "  HU          " << hu.min << " to " << hu.max << ", mean " << std::fixed << std::setprecision(1)
        << hu.mean << std::defaultfloat << "\n"
        << "  loaded in   " << std::setprecision(3) << series.loadSeconds << std::defaultfloat << " s\n";
    for (const auto& note : series.notes) out << "  note        " << note << "\n";
  }
}

}  // namespace

int runCtInfo(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, {"--threads"});
  const std::string folder = arguments.onePositional("CT folder");
  dicom::CtScanOptions options;
  options.threads = arguments.integer("--threads").value_or(0);
  const dicom::CtScanResult scan = dicom::scanCtFolder(folder, options);

  if (arguments.flag("--json"))
    writeJson(scan, std::cout);
  else
    writeText(scan, std::cout);
  for (const auto& refused : scan.refused)
    std::cerr << "kerma-cli ct-info: refused " << (refused.files.size() == 1 ? refused.files.front().string()
                                                                            : folder + " (series " + refused.seriesInstanceUid + ")")
              << ": " << refused.reason << "\n";
  if (scan.series.empty()) {
    std::cerr << "kerma-cli ct-info: " << folder << ": no usable CT series\n";
    return 2;
  }
  return 0;
}

}  // namespace kerma::cli
