#ifndef KERMA_CORE_STOPWATCH_H
#define KERMA_CORE_STOPWATCH_H

#include <chrono>

namespace kerma::core {

/// Wall-clock seconds between laps, for the stage timings that calculations and commands report.
class Stopwatch {
 public:
  /// Seconds since the previous lap (or construction).
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace kerma::core

#endif  // KERMA_CORE_STOPWATCH_H
