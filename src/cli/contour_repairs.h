#ifndef KERMA_CLI_CONTOUR_REPAIRS_H
#define KERMA_CLI_CONTOUR_REPAIRS_H

#include "json.h"

#include "kerma/dicom/rtstruct_import.h"

#include <string>

namespace kerma::cli {

/// Says every repair of a structure set on stderr, one line each ("kerma-cli COMMAND: ..."), so
/// that no command drops a damaged contour or ROI without a word.
void sayRepairs(const std::string& command, const dicom::ContourRepairs& repairs);

/// The repairs as the JSON keys "warnings" and "refused": arrays of {"roi", "contour", "message"}
/// ("contour" as in the file's Contour Sequence, 1-based; 0 for a whole ROI).
void writeRepairs(JsonWriter& json, const dicom::ContourRepairs& repairs);

}  // namespace kerma::cli

#endif  // KERMA_CLI_CONTOUR_REPAIRS_H
