#include "kerma/core/voxel_storage.h"

#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace kerma::core {

namespace {
constexpr std::size_t HUGE_PAGE_BYTES = std::size_t(2) << 20;
// Below this, ordinary malloc serves better than rounding up to whole huge pages.
constexpr std::size_t LARGE_BLOCK_BYTES = std::size_t(8) << 20;
}  // namespace

void* allocateVoxelStorage(std::size_t bytes) {
  if (bytes < LARGE_BLOCK_BYTES) {
    void* p = std::malloc(bytes ? bytes : 1);
    if (!p) throw std::bad_alloc();
    return p;
  }
  const std::size_t rounded = (bytes + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
  void* p = std::aligned_alloc(HUGE_PAGE_BYTES, rounded);
  if (!p) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without huge pages it still works
#endif
  return p;
}

void freeVoxelStorage(void* p, std::size_t) noexcept { std::free(p); }

}  // namespace kerma::core
