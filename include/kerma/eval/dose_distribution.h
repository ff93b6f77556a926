#ifndef KERMA_EVAL_DOSE_DISTRIBUTION_H
#define KERMA_EVAL_DOSE_DISTRIBUTION_H

#include "kerma/core/image_series.h"
#include "kerma/core/volume.h"

#include <optional>
#include <string>

namespace kerma::eval {

/// Dose Units (3004,0002): what the stored values mean.
enum class DoseUnits {
  Gy,        ///< absorbed (or, for Effective, biologically weighted) dose in gray
  Relative,  ///< relative to an implicit reference; not a dose in Gy
};

/// Dose Type (3004,0004).
enum class DoseType {
  Physical,   ///< physical absorbed dose
  Effective,  ///< physical dose with a biological weighting, e.g. EQD2
  Error,      ///< a difference between two doses
};

/// A dose distribution on a regular grid in patient coordinates, with what the values mean and
/// whose patient and Frame of Reference it belongs to. Values are in Gy when units is Gy.
struct DoseDistribution {
  core::SeriesIdentity identity;  ///< patient, study and Frame of Reference UID
  core::Volume<float> doseGy;     ///< voxel values (Gy unless units is Relative)
  DoseUnits units = DoseUnits::Gy;
  DoseType type = DoseType::Physical;
  std::string summationType = "PLAN";  ///< Dose Summation Type (3004,000A) defined term
};

/// Dose at a patient point, Gy: trilinear interpolation between voxel centres
/// (core::sampleTrilinear); nullopt outside the box spanned by the voxel centres.
std::optional<double> sampleDoseGy(const DoseDistribution& dose, const core::Point3<core::Patient>& p);

/// The DICOM defined terms, e.g. "GY", "EFFECTIVE".
std::string dicomTerm(DoseUnits units);
std::string dicomTerm(DoseType type);

/// Throws kerma::Error (BadInput) naming both Frame of Reference UIDs and the two objects
/// (whatA, whatB: e.g. file names) when they differ. Empty UIDs are treated as differing.
void requireSameFrameOfReference(const std::string& frameOfReferenceUidA, const std::string& whatA,
                                 const std::string& frameOfReferenceUidB, const std::string& whatB);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_DOSE_DISTRIBUTION_H
