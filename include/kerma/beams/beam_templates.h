#ifndef KERMA_BEAMS_BEAM_TEMPLATES_H
#define KERMA_BEAMS_BEAM_TEMPLATES_H

#include "kerma/core/geometry.h"
#include "kerma/core/iec61217.h"
#include "kerma/dose/beam.h"

#include <string_view>
#include <vector>

namespace kerma::beams {

/// Coplanar beam arrangements (gantry angles, IEC 61217; collimator and couch from TemplateAngles):
/// Ap {0}, Pa {180}, ApPa {0, 180}, LateralPair {90, 270}, Box3 {0, 90, 270} (anterior and two
/// laterals, the usual three-field pelvis or whole-brain-plus-boost arrangement), Box4
/// {0, 90, 180, 270}.
enum class BeamTemplate { Ap, Pa, ApPa, LateralPair, Box3, Box4 };

/// "ap", "pa", "ap-pa", "lateral-pair", "box3" or "box4"; throws kerma::Error (BadInput) naming
/// the text and the accepted names otherwise.
BeamTemplate beamTemplateFromName(std::string_view name);

/// Collimator and couch angles shared by every beam of a template, degrees (IEC 61217).
struct TemplateAngles {
  double collimatorDeg = 0;
  double couchDeg = 0;
};

/// Gantry angles of a template, degrees, in delivery order.
std::vector<double> gantryAnglesDeg(BeamTemplate beamTemplate);

/// Beams of a template about isocenterMm (DICOM patient, mm) at angles' collimator and couch
/// angles, with no field set (jaws and leaves zero) and SSD unknown. Each beam is named after the
/// side its source faces for the patient position and couch angle ("AP", "PA", "LLAT", "RLAT",
/// "SUP", "INF", or "G<angle>" when oblique).
std::vector<dose::Beam> beamsFromTemplate(BeamTemplate beamTemplate, const core::Point3<core::Patient>& isocenterMm,
                                          core::PatientPosition position = core::PatientPosition::Hfs,
                                          const TemplateAngles& angles = {});

/// Side of the square field of setupBeams at the isocentre, mm: large enough to show the bony
/// anatomy that kV image guidance matches on.
inline constexpr double SETUP_FIELD_MM = 200;

/// Orthogonal setup beams through isocenterMm, gantry 0° and 90° (collimator and couch 0), for
/// the reference images of image guidance: jaws-only square fields of fieldSizeMm, named
/// "SETUP " and the side the source faces ("SETUP AP", "SETUP LLAT" for HFS).
std::vector<dose::Beam> setupBeams(const core::Point3<core::Patient>& isocenterMm, core::PatientPosition position,
                                   double fieldSizeMm = SETUP_FIELD_MM);

}  // namespace kerma::beams

#endif  // KERMA_BEAMS_BEAM_TEMPLATES_H
