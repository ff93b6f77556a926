#include "kerma/dicom/uid.h"

#include <gtest/gtest.h>

namespace kerma::dicom {
namespace {

TEST(InstanceUid, FollowsThePolicy) {
  EXPECT_EQ(instanceUid(InstanceUids::Reproducible, "a"), core::deterministicUid("a"));
  EXPECT_NE(instanceUid(InstanceUids::Fresh, "a"), instanceUid(InstanceUids::Fresh, "a"));
}

}  // namespace
}  // namespace kerma::dicom
