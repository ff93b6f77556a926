#include "kerma/core/statistics.h"

#include <algorithm>
#include <cstdint>

namespace kerma::core {

template <class T>
ValueSummary summarize(const Volume<T>& volume) {
  const auto values = volume.values();
  if (values.empty()) return {};
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  double sum = 0;
  for (const T v : values) sum += double(v);
  return {double(*lo), double(*hi), sum / double(values.size())};
}

template ValueSummary summarize(const Volume<std::int16_t>&);
template ValueSummary summarize(const Volume<std::uint8_t>&);
template ValueSummary summarize(const Volume<float>&);
template ValueSummary summarize(const Volume<double>&);

}  // namespace kerma::core
