#include "kerma/core/uid.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace kerma::core {
namespace {

// PS3.5 9.1: at most 64 characters, components of digits separated by dots, no leading zero in
// a component of more than one digit, no empty component.
bool isValidUid(const std::string& uid) {
  constexpr std::size_t MAX_UID_LENGTH = 64;
  if (uid.empty() || uid.size() > MAX_UID_LENGTH) return false;
  std::size_t componentStart = 0;
  for (std::size_t n = 0; n <= uid.size(); ++n) {
    if (n < uid.size() && uid[n] != '.') {
      if (uid[n] < '0' || uid[n] > '9') return false;
      continue;
    }
    const std::size_t length = n - componentStart;
    if (length == 0 || (length > 1 && uid[componentStart] == '0')) return false;
    componentStart = n + 1;
  }
  return true;
}

TEST(IsValidUid, RejectsMalformedUids) {
  EXPECT_TRUE(isValidUid("1.2.840.10008.5.1.4.1.1.2"));
  EXPECT_FALSE(isValidUid("1.02.3"));
  EXPECT_FALSE(isValidUid("1..3"));
  EXPECT_FALSE(isValidUid("1.2."));
  EXPECT_FALSE(isValidUid("1.2a"));
  EXPECT_FALSE(isValidUid(std::string(65, '1')));
}

TEST(MakeUid, GivesValidDistinctUuidDerivedUids) {
  std::set<std::string> seen;
  for (int n = 0; n < 1000; ++n) {
    const std::string uid = makeUid();
    EXPECT_TRUE(isValidUid(uid)) << uid;
    EXPECT_EQ(uid.rfind("2.25.", 0), 0u) << uid;
    seen.insert(uid);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(DeterministicUid, MatchesTheVersion5UuidOfTheSeed) {
  // Reference values from Python: "2.25." + str(uuid.uuid5(
  //   uuid.UUID("6b1e529d-3c47-4f0a-9e21-58d307b46ce5"), seed).int)
  EXPECT_EQ(deterministicUid("kerma/demo-patient/v1/study"), "2.25.82327611727437196664927914325971371253");
  EXPECT_EQ(deterministicUid(""), "2.25.240884024539532879479724691088243255264");
}

TEST(DeterministicUid, IsValidStableAndSeedSpecific) {
  std::set<std::string> seen;
  for (int n = 0; n < 1000; ++n) {
    const std::string seed = "series/" + std::to_string(n);
    const std::string uid = deterministicUid(seed);
    EXPECT_TRUE(isValidUid(uid)) << uid;
    EXPECT_EQ(uid, deterministicUid(seed));
    seen.insert(uid);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace kerma::core
