#ifndef KERMA_CORE_VOXEL_STORAGE_H
#define KERMA_CORE_VOXEL_STORAGE_H

#include <cstddef>
#include <new>

namespace kerma::core {

/// Raw storage for voxel arrays. Large blocks are aligned to 2 MiB and offered to the kernel as
/// transparent huge pages: a 512 x 512 x 134 CT then costs tens of page faults instead of tens of
/// thousands, which on a virtual machine is most of the time of filling it.
void* allocateVoxelStorage(std::size_t bytes);
void freeVoxelStorage(void* p, std::size_t bytes) noexcept;

/// std::allocator for voxel arrays, backed by allocateVoxelStorage.
template <class T>
struct VoxelAllocator {
  using value_type = T;
  VoxelAllocator() = default;
  template <class U>
  VoxelAllocator(const VoxelAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(allocateVoxelStorage(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { freeVoxelStorage(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const VoxelAllocator<U>&) const {
    return true;
  }
};

}  // namespace kerma::core

#endif  // KERMA_CORE_VOXEL_STORAGE_H
