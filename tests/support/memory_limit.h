#ifndef KERMA_TESTS_MEMORY_LIMIT_H
#define KERMA_TESTS_MEMORY_LIMIT_H

// Runs a piece of a test in a child process with little address space, so that a reader that
// allocates what an untrusted header declares (gigabytes) fails there instead of passing on a
// machine with memory to spare.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <functional>
#include <optional>

namespace kerma::testing {

#if defined(__SANITIZE_ADDRESS__)
#define KERMA_TESTS_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KERMA_TESTS_ADDRESS_SANITIZER 1
#endif
#endif

/// Exit status of body run in a forked child whose address space (RLIMIT_AS) is limitBytes; 100
/// when body threw, -signal when a signal ended the child. nullopt under AddressSanitizer, whose
/// shadow memory needs terabytes of address space (its allocator reports allocations beyond
/// the machine's memory itself).
inline std::optional<int> exitStatusUnderMemoryLimit(std::size_t limitBytes, const std::function<int()>& body) {
#ifdef KERMA_TESTS_ADDRESS_SANITIZER
  static_cast<void>(limitBytes);
  static_cast<void>(body);
  return std::nullopt;
#else
  const pid_t child = fork();
  if (child == 0) {
    const rlimit limit{limitBytes, limitBytes};
    setrlimit(RLIMIT_AS, &limit);
    int status = 100;
    try {
      status = body();
    } catch (...) {
    }
    _exit(status);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
#endif
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_MEMORY_LIMIT_H
