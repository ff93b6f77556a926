#ifndef KERMA_CLI_BEAM_ARGUMENTS_H
#define KERMA_CLI_BEAM_ARGUMENTS_H

// Arguments shared by the beams and drr commands.

#include "arguments.h"

#include "kerma/core/image_series.h"
#include "kerma/core/iec61217.h"
#include "kerma/dose/machine.h"

#include <optional>
#include <string>

namespace kerma::cli {

class JsonWriter;

/// "x,y,z" in DICOM patient mm; throws kerma::Error (BadInput) naming option otherwise.
core::Point3<core::Patient> parsePoint(const std::string& text, const std::string& option);

/// The CT's Patient Position (0018,5100); HFS when absent; throws naming the CT folder for
/// decubitus and other positions that beams do not support yet.
core::PatientPosition patientPosition(const core::CtImage& ct, const std::string& ctFolder);

/// Throws naming option when pMm lies outside the box of the CT's voxels.
void requireInsideCt(const core::CtVolume& ct, const core::Point3<core::Patient>& pMm, const std::string& option);

/// --machine DIR, or the generic 6 MV machine of the source tree's resources/machines
/// (core::defaultMachineFolder(), found at run time).
dose::Machine machineFromArguments(const Arguments& arguments);

/// Writes "machine": {"name", "version", "checksum"}: what every plan-making command records.
void writeMachineJson(JsonWriter& json, const dose::Machine& machine);

}  // namespace kerma::cli

#endif  // KERMA_CLI_BEAM_ARGUMENTS_H
