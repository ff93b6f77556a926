#ifndef KERMA_TESTS_SHARED_DATA_H
#define KERMA_TESTS_SHARED_DATA_H

#include <gtest/gtest.h>

#include <filesystem>

namespace kerma::testing {

/// Path of a file or folder inside ../shared beside the checkout.
inline std::filesystem::path sharedPath(const std::filesystem::path& relative) {
  return std::filesystem::path(KERMA_SHARED_DIR) / relative;
}

}  // namespace kerma::testing

/// Skips the current test, saying which shared data it needed, when that data is absent.
#define KERMA_REQUIRE_SHARED(relative)                                                    \
  do {                                                                                    \
    if (!std::filesystem::exists(::kerma::testing::sharedPath(relative)))                 \
      GTEST_SKIP() << "shared test data absent: " << ::kerma::testing::sharedPath(relative) \
                   << " (clone ../shared beside the checkout to run this test)";          \
  } while (false)

#endif  // KERMA_TESTS_SHARED_DATA_H
