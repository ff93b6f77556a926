#ifndef KERMA_CORE_PATIENT_IDENTITY_H
#define KERMA_CORE_PATIENT_IDENTITY_H

#include "kerma/core/image_series.h"

#include <string>
#include <vector>

namespace kerma::core {

/// How the patients of two identities differ, one line per attribute, e.g. "Patient ID
/// (0010,0020) 'A1' vs 'B2'"; empty when they are one patient. Patient IDs must be equal; Patient's
/// Name (compared without trailing spaces and '^') and Birth Date count only where both give one.
std::vector<std::string> patientDifferences(const SeriesIdentity& a, const SeriesIdentity& b);

/// What a user has to accept to combine object a with b: patientDifferences(a, b) and, when the
/// Frame of Reference UIDs differ (an empty UID counts as differing), a line naming both.
/// Empty when a and b may be combined as they are.
std::vector<std::string> combineDifferences(const SeriesIdentity& a, const SeriesIdentity& b);

/// Throws kerma::Error (BadInput) when a and b are not one patient (patientDifferences), with a
/// message naming both objects (whatA, whatB: e.g. the files) and every attribute that differs.
/// Objects of different patients are never combined without a user's explicit decision.
void requireSamePatient(const SeriesIdentity& a, const std::string& whatA, const SeriesIdentity& b,
                        const std::string& whatB);

/// A DICOM date (DA, YYYYMMDD) as 2026-12-07, which no reader takes for another day; any other
/// text as it is.
std::string isoDate(const std::string& dicomDate);

}  // namespace kerma::core

#endif  // KERMA_CORE_PATIENT_IDENTITY_H
