#ifndef KERMA_DICOM_RTPLAN_IMPORT_H
#define KERMA_DICOM_RTPLAN_IMPORT_H

#include "kerma/dicom/rtplan_export.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// An RT Plan read from a file.
struct RtPlanFile {
  std::filesystem::path file;
  std::string sopInstanceUid;
  RtPlan plan;
  /// What the file holds that Kerma's static beams do not represent, one sentence each naming
  /// the beam and what was done (docs/methods/dicom-rt-plan.md): a beam whose aperture or angles
  /// change between control points (dynamic MLC, arcs) is read with control point 0's geometry;
  /// wedges, blocks, compensators, boli, MLCY, a table-top eccentric angle and non-photon beams
  /// are named; non-photon beams are left out. Empty for a plan Kerma represents exactly.
  std::vector<std::string> notes;
};

/// Reads an RT Plan's photon beams into Kerma beams (angles, isocentre, SSD, ASYMX/X and
/// ASYMY/Y jaws, MLCX leaves, energy), with each treatment beam's Beam Meterset and Beam Dose
/// from the first fraction group, the prescription (first TARGET dose reference, fractions,
/// fraction pattern), the machine (Treatment Machine Name, and name, version and checksum from a
/// description Kerma wrote), approval and referenced structure set and doses. Throws
/// kerma::Error (BadInput) naming the file, and the beam where there is one, when the file is
/// not a readable RT Plan (a truncated file included), has no beams, or a beam lacks the
/// control point 0 attributes a beam needs (gantry, collimator, couch angles, isocentre,
/// energy), has leaf positions that do not match its leaf count, or a patient position other
/// than HFS, FFS, HFP or FFP.
RtPlanFile readRtPlan(const std::filesystem::path& file);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_RTPLAN_IMPORT_H
