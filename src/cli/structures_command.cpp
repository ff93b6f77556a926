// kerma-cli structures --ct DIR --rtstruct FILE [--json]: the structures of an RT Structure Set
// on its CT, with volume and centroid.

#include "arguments.h"
#include "commands.h"
#include "contour_repairs.h"
#include "json.h"

#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtstruct_import.h"

#include <iomanip>
#include <iostream>

namespace kerma::cli {

int runStructures(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, {"--ct", "--rtstruct"});
  const dicom::CtSeries ct = dicom::loadCtSeries(arguments.required("--ct"));
  const dicom::StructureSetFile set = dicom::readStructureSet(arguments.required("--rtstruct"));
  const auto [structures, repairs] = dicom::structuresOnCt(set, ct.image);
  sayRepairs("structures", repairs);

  if (!arguments.flag("--json")) {
    std::cout << std::left << std::setw(24) << "name" << std::setw(10) << "type" << std::right << std::setw(12)
              << "volume cc" << "  centroid mm (LPS)\n";
    for (const auto& s : structures) {
      const auto c = structure::centroidMm(s.mask);
      std::cout << std::left << std::setw(24) << s.name << std::setw(10) << structure::dicomTerm(s.type) << std::right
                << std::setw(12) << std::fixed << std::setprecision(2) << structure::volumeCc(s.mask) << "  ";
      if (c) std::cout << "(" << c->x << ", " << c->y << ", " << c->z << ")";
      std::cout << "\n";
    }
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject().key("structures").beginArray();
  for (const auto& s : structures) {
    json.beginObject();
    json.key("name").value(s.name);
    json.key("type").value(structure::dicomTerm(s.type));
    json.key("colorRgb").numbers(std::array{int(s.colour.r), int(s.colour.g), int(s.colour.b)});
    json.key("volumeCc").value(structure::volumeCc(s.mask));
    json.key("centroidMm");
    if (const auto c = structure::centroidMm(s.mask))
      json.numbers(std::array{c->x, c->y, c->z});
    else
      json.beginArray().endArray();
    json.key("contours").value(s.contours.size());
    json.endObject();
  }
  json.endArray();
  writeRepairs(json, repairs);
  json.endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
