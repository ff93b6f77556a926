#include "kerma/core/statistics.h"

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace kerma::core {

template <class T>
ValueSummary summarize(const Volume<T>& volume) {
  const auto values = volume.values();
  if (values.empty()) return {};
  // One pass; integer volumes sum exactly in 64 bits, which also lets the loop vectorise.
  using Sum = std::conditional_t<std::is_integral_v<T>, std::int64_t, double>;
  T lo = values[0], hi = values[0];
  Sum sum = 0;
  for (const T v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += Sum(v);
  }
  return {double(lo), double(hi), double(sum) / double(values.size())};
}

template ValueSummary summarize(const Volume<std::int16_t>&);
template ValueSummary summarize(const Volume<std::uint8_t>&);
template ValueSummary summarize(const Volume<float>&);
template ValueSummary summarize(const Volume<double>&);

}  // namespace kerma::core
