#ifndef KERMA_DICOM_RTPLAN_TERMS_H
#define KERMA_DICOM_RTPLAN_TERMS_H

// Private to src/dicom: the RT Plan terms and text forms that the plan writer and reader share,
// so that what one writes the other reads back.

#include "kerma/dicom/rtplan_export.h"

#include <dcmtk/dcmdata/dcitem.h>

#include <optional>
#include <string>

namespace kerma::dicom {

/// RT Beam Limiting Device Type (300A,00B8) defined terms Kerma writes.
inline constexpr const char* ASYMX = "ASYMX";
inline constexpr const char* ASYMY = "ASYMY";
inline constexpr const char* MLCX = "MLCX";

/// Nominal Beam Energy in MeV (MV for photons) of a Kerma energy name such as "6X"; nullopt when
/// the name is not "<positive number>X".
std::optional<double> nominalEnergyMeV(const std::string& energy);

/// The Kerma energy name of a photon Nominal Beam Energy, e.g. "6X" for 6, "15X" for 15.
std::string photonEnergyName(double nominalEnergyMeV);

/// RT Plan Description text recording the machine and the dose algorithm, e.g.
/// "machine: Generic 6 MV; version: 1.0.0; sha256: 3f…; dose: Kerma collapsed cone 1.0".
std::string planDescription(const PlanMachine& machine, const std::string& doseAlgorithm);

/// The machine name, version and checksum and the dose algorithm read back from a description
/// planDescription wrote; fields it does not hold stay as they are in machine and doseAlgorithm.
void readPlanDescription(const std::string& description, PlanMachine& machine, std::string& doseAlgorithm);

/// The RT Approval module of an RT Plan dataset: status (absent or unknown terms read as
/// Unapproved), reviewer, date and time.
PlanApproval readPlanApproval(DcmItem& dataset);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTPLAN_TERMS_H
