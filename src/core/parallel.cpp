#include "kerma/core/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kerma::core {

int workerCount(int requested, std::size_t tasks) {
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const int wanted = requested > 0 ? requested : hardware;
  return static_cast<int>(std::max<std::size_t>(1, std::min<std::size_t>(wanted, tasks)));
}

void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t)>& task) {
  if (count == 0) return;
  const int workers = workerCount(threads, count);
  std::atomic<std::size_t> next{0};
  std::exception_ptr firstError;
  std::mutex errorMutex;
  auto work = [&] {
    for (std::size_t n = next++; n < count; n = next++) {
      try {
        task(n);
      } catch (...) {
        const std::lock_guard lock(errorMutex);
        if (!firstError) firstError = std::current_exception();
        next = count;  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (firstError) std::rethrow_exception(firstError);
}

}  // namespace kerma::core
