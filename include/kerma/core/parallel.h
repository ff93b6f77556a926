#ifndef KERMA_CORE_PARALLEL_H
#define KERMA_CORE_PARALLEL_H

#include <cstddef>
#include <functional>

namespace kerma::core {

/// Number of worker threads to use when the caller asks for `requested` (0 = one per hardware
/// thread), never more than `tasks` and never fewer than 1.
int workerCount(int requested, std::size_t tasks);

/// Calls task(n) for every n in [0, count) on `threads` worker threads (0 = hardware
/// concurrency). Tasks are handed out one at a time, so uneven tasks balance. Each n runs exactly
/// once; results must go to per-n storage so that the outcome does not depend on the thread
/// count. The first exception thrown by a task is rethrown after all workers have stopped.
void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t)>& task);

}  // namespace kerma::core

#endif  // KERMA_CORE_PARALLEL_H
