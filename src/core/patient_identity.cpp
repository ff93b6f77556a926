#include "kerma/core/patient_identity.h"

#include "kerma/core/error.h"

#include <algorithm>

namespace kerma::core {

namespace {

// PN values differ in trailing empty components ("DOE^JOHN^^^" is "DOE^JOHN") and padding only.
std::string normalisedName(std::string name) {
  while (!name.empty() && (name.back() == '^' || name.back() == ' ')) name.pop_back();
  return name;
}

}  // namespace

std::vector<std::string> patientDifferences(const SeriesIdentity& a, const SeriesIdentity& b) {
  std::vector<std::string> differences;
  auto differ = [&](const char* attribute, const std::string& x, const std::string& y) {
    differences.push_back(std::string(attribute) + " '" + x + "' vs '" + y + "'");
  };
  if (a.patientId != b.patientId) differ("Patient ID (0010,0020)", a.patientId, b.patientId);
  const std::string nameA = normalisedName(a.patientName), nameB = normalisedName(b.patientName);
  if (!nameA.empty() && !nameB.empty() && nameA != nameB) differ("Patient's Name (0010,0010)", a.patientName, b.patientName);
  if (!a.patientBirthDate.empty() && !b.patientBirthDate.empty() && a.patientBirthDate != b.patientBirthDate)
    differ("Patient's Birth Date (0010,0030)", a.patientBirthDate, b.patientBirthDate);
  return differences;
}

std::vector<std::string> combineDifferences(const SeriesIdentity& a, const SeriesIdentity& b) {
  std::vector<std::string> differences = patientDifferences(a, b);
  if (a.frameOfReferenceUid.empty() || a.frameOfReferenceUid != b.frameOfReferenceUid) {
    auto uid = [](const std::string& u) { return u.empty() ? std::string("(none)") : "'" + u + "'"; };
    differences.push_back("Frame of Reference UID (0020,0052) " + uid(a.frameOfReferenceUid) + " vs " +
                          uid(b.frameOfReferenceUid));
  }
  return differences;
}

void requireSamePatient(const SeriesIdentity& a, const std::string& whatA, const SeriesIdentity& b,
                        const std::string& whatB) {
  const auto differences = patientDifferences(a, b);
  if (differences.empty()) return;
  std::string list;
  for (const auto& d : differences) list += (list.empty() ? "" : "; ") + d;
  throw Error(ErrorCode::BadInput, whatA + " and " + whatB + " are of different patients: " + list +
                                       "; expected one patient");
}

std::string isoDate(const std::string& dicomDate) {
  const bool digits = dicomDate.size() == 8 && std::all_of(dicomDate.begin(), dicomDate.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!digits) return dicomDate;
  return dicomDate.substr(0, 4) + "-" + dicomDate.substr(4, 2) + "-" + dicomDate.substr(6, 2);
}

}  // namespace kerma::core
