#ifndef KERMA_DICOM_RTDOSE_EXPORT_H
#define KERMA_DICOM_RTDOSE_EXPORT_H

#include "kerma/dicom/uid.h"
#include "kerma/eval/dose_distribution.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// A (Deformable) Spatial Registration through which a dose was mapped onto its grid.
struct ReferencedRegistration {
  std::string sopInstanceUid;
  bool deformable = false;
  friend bool operator==(const ReferencedRegistration&, const ReferencedRegistration&) = default;
};

/// Choices of an RT Dose export beyond the dose itself.
struct RtDoseExportOptions {
  InstanceUids uids = InstanceUids::Fresh;
  std::string seriesDescription = "Kerma dose";
  /// SOP Instance UIDs of the RT Plans the dose belongs to (several for a MULTI_PLAN sum). DICOM
  /// requires at least one for every Dose Summation Type but RECORD; none gives no Referenced RT
  /// Plan Sequence.
  std::vector<std::string> referencedRtPlanUids;
  /// For a dose of one beam (Dose Summation Type BEAM): its Beam Number in fraction group 1 of
  /// the referenced plan, written as the Referenced Fraction Group and Beam Sequences DICOM
  /// requires there; 0 for other summation types.
  int referencedBeamNumber = 0;
  /// The registrations a summed dose was mapped through (a course of another Frame of Reference):
  /// Spatial Transform of Dose RIGID (NON_RIGID when one deforms) and the Referenced Spatial
  /// Registration Sequence; none: neither is written.
  std::vector<ReferencedRegistration> registrations{};
  int seriesNumber = 903;  ///< of the RT series, beside the structure set's 900, plan's 901, images' 902
};

/// What writeRtDose wrote.
struct ExportedDose {
  std::filesystem::path file;
  std::string sopInstanceUid;
  double doseGridScaling = 0;  ///< Gy per stored unit, as written
};

/// Writes dose as a multi-frame RT Dose (Explicit VR Little Endian): 32-bit unsigned values times
/// Dose Grid Scaling (chosen so that the maximum uses the full range; negative doses are stored
/// as 0), Dose Units, Dose Type and Dose Summation Type from dose, one frame per slice k with a
/// relative Grid Frame Offset Vector, and the patient, study and Frame of Reference of
/// dose.identity (a new RT Dose series). Throws kerma::Error: BadInput when the identity lacks a
/// Study Instance or Frame of Reference UID or the dose is not finite; Io naming the file when
/// it cannot be written.
ExportedDose writeRtDose(const eval::DoseDistribution& dose, const std::filesystem::path& file,
                         const RtDoseExportOptions& options = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTDOSE_EXPORT_H
