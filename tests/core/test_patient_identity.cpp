#include "kerma/core/patient_identity.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::core {
namespace {

SeriesIdentity patient(std::string id, std::string name, std::string birthDate) {
  SeriesIdentity identity;
  identity.patientId = std::move(id);
  identity.patientName = std::move(name);
  identity.patientBirthDate = std::move(birthDate);
  return identity;
}

TEST(IsoDate, ADicomDateReadsAsYearMonthDayAndOtherTextStays) {
  EXPECT_EQ(isoDate("20261207"), "2026-12-07");
  EXPECT_EQ(isoDate("19500312"), "1950-03-12");
  EXPECT_EQ(isoDate(""), "");
  EXPECT_EQ(isoDate("2026-12-07"), "2026-12-07");
  EXPECT_EQ(isoDate("2026120"), "2026120");
}

TEST(PatientDifferences, OnePatientDespitePaddingAndMissingValues) {
  EXPECT_TRUE(patientDifferences(patient("P1", "DOE^JANE", "19600101"), patient("P1", "DOE^JANE^^^ ", "19600101")).empty());
  // A value that one object does not give is no difference: Kerma cannot tell.
  EXPECT_TRUE(patientDifferences(patient("P1", "", "19600101"), patient("P1", "DOE^JANE", "")).empty());
}

TEST(PatientDifferences, EveryAttributeThatDiffersIsNamedWithBothValues) {
  const auto differences = patientDifferences(patient("P1", "DOE^JANE", "19600101"), patient("P2", "DOE^JOHN", "19610101"));
  ASSERT_EQ(differences.size(), 3u);
  EXPECT_EQ(differences[0], "Patient ID (0010,0020) 'P1' vs 'P2'");
  EXPECT_EQ(differences[1], "Patient's Name (0010,0010) 'DOE^JANE' vs 'DOE^JOHN'");
  EXPECT_EQ(differences[2], "Patient's Birth Date (0010,0030) '19600101' vs '19610101'");
}

TEST(PatientDifferences, SameIdOtherNameIsAnotherPatient) {
  // Two hospitals may hand out the same ID; the name tells the patients apart.
  const auto differences = patientDifferences(patient("1234", "DOE^JANE", ""), patient("1234", "ROE^RICHARD", ""));
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0], "Patient's Name (0010,0010) 'DOE^JANE' vs 'ROE^RICHARD'");
  // An ID given on one side only is a difference: the other object may be anybody's.
  EXPECT_EQ(patientDifferences(patient("1234", "", ""), patient("", "", "")).size(), 1u);
}

TEST(RequireSamePatient, RefusalNamesBothObjectsAndWhatDiffers) {
  EXPECT_NO_THROW(requireSamePatient(patient("P1", "A^B", ""), "RD.dcm", patient("P1", "A^B", ""), "the CT"));
  try {
    requireSamePatient(patient("P1", "A^B", "19600101"), "RD.dcm", patient("P1", "A^B", "19700101"), "the CT");
    FAIL() << "no refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_EQ(std::string(e.what()),
              "RD.dcm and the CT are of different patients: Patient's Birth Date (0010,0030) '19600101' vs "
              "'19700101'; expected one patient");
  }
}

}  // namespace
}  // namespace kerma::core
