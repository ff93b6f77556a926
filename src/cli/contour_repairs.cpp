#include "contour_repairs.h"

#include <iostream>

namespace kerma::cli {

void sayRepairs(const std::string& command, const dicom::ContourRepairs& repairs) {
  for (const auto* notices : {&repairs.warnings, &repairs.refused})
    for (const auto& notice : *notices) std::cerr << "kerma-cli " << command << ": " << notice.message << "\n";
}

void writeRepairs(JsonWriter& json, const dicom::ContourRepairs& repairs) {
  for (const auto& [key, notices] : {std::pair{"warnings", &repairs.warnings}, std::pair{"refused", &repairs.refused}}) {
    json.key(key).beginArray();
    for (const auto& notice : *notices)
      json.beginObject()
          .key("roi")
          .value(notice.roi)
          .key("contour")
          .value(notice.contourNumber)
          .key("message")
          .value(notice.message)
          .endObject();
    json.endArray();
  }
}

}  // namespace kerma::cli
