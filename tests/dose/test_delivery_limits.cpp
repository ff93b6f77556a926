#include "kerma/dose/delivery_limits.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kerma::dose {
namespace {

// The generic machine's limits: 25 Gy per fraction, 1 to 999 MU per beam.
Machine genericMachine() { return loadMachine(KERMA_MACHINE_DIR); }

TEST(DeliveryLimits, PlanWithinTheMachineLimitsHasNoWarning) {
  const Machine machine = genericMachine();
  ASSERT_EQ(machine.maxDosePerFractionGy, 25);
  ASSERT_EQ(machine.muPerBeam, (Range{1, 999}));
  EXPECT_TRUE(checkDeliveryLimits(machine, 2, {{"AP", 120, {}}, {"PA", 999, {}}, {"LAT", 1, {}}}).empty());
  EXPECT_TRUE(checkDeliveryLimits(machine, 25, {}).empty());
  EXPECT_NO_THROW(requireWithinDeliveryLimits(machine, 2, {{"AP", 120, {}}}));
}

TEST(DeliveryLimits, EveryValueOutsideALimitIsAWarningNamingValueAndLimit) {
  const Machine machine = genericMachine();
  // 60 Gy typed as one fraction instead of 30, one beam at 1200 MU, one at 0.5 MU.
  const auto warnings = checkDeliveryLimits(machine, 60, {{"AP", 1200, {}}, {"PA", 300, {}}, {"LAT", 0.5, {}}});
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0].item, "prescription");
  EXPECT_EQ(warnings[0].message, "dose per fraction 60 Gy; the machine allows up to 25 Gy (maxDosePerFractionGy)");
  EXPECT_EQ(warnings[1].item, "beam 'AP'");
  EXPECT_EQ(warnings[1].message, "1200 MU; the machine allows 1 to 999 MU per beam (muPerBeam)");
  EXPECT_EQ(warnings[2].item, "beam 'LAT'");
}

// Step and shoot: each segment needs the machine's minMuPerSegment (2 MU on the generic machine).
TEST(DeliveryLimits, EverySegmentBelowTheMinimumMuIsAWarningNamingTheSegment) {
  const Machine machine = genericMachine();
  ASSERT_EQ(machine.minMuPerSegment, 2);
  EXPECT_TRUE(checkDeliveryLimits(machine, 4, {{"AP", 120, {100, 18, 2}}}).empty());
  const auto warnings = checkDeliveryLimits(machine, 4, {{"AP", 120, {110, 8.5, 1.5}}, {"PA", 100, {1.9, 98.1}}});
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].item, "beam 'AP'");
  EXPECT_EQ(warnings[0].message, "subfield 2 1.5 MU; the machine needs at least 2 MU per segment (minMuPerSegment)");
  EXPECT_EQ(warnings[1].item, "beam 'PA'");
  EXPECT_EQ(warnings[1].message, "open field 1.9 MU; the machine needs at least 2 MU per segment (minMuPerSegment)");
}

TEST(DeliveryLimits, ValuesThatAreNotNumbersOrNotPositiveAreOutside) {
  const Machine machine = genericMachine();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(checkDeliveryLimits(machine, nan, {}).size(), 1u);
  EXPECT_EQ(checkDeliveryLimits(machine, 0, {}).size(), 1u);
  EXPECT_EQ(checkDeliveryLimits(machine, -2, {}).size(), 1u);
  EXPECT_EQ(checkDeliveryLimits(machine, 2, {{"AP", nan, {}}, {"PA", std::numeric_limits<double>::infinity(), {}}}).size(), 2u);
}

TEST(DeliveryLimits, TheBlockingFormNamesTheMachineFileAndEveryWarning) {
  const Machine machine = genericMachine();
  try {
    requireWithinDeliveryLimits(machine, 30, {{"AP", 1000, {}}});
    FAIL() << "no refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    const std::string message = e.what();
    EXPECT_NE(message.find("generic-6mv/machine.json"), std::string::npos) << message;
    EXPECT_NE(message.find("prescription: dose per fraction 30 Gy"), std::string::npos) << message;
    EXPECT_NE(message.find("beam 'AP': 1000 MU"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace kerma::dose
