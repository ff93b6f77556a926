#ifndef KERMA_CLI_JSON_H
#define KERMA_CLI_JSON_H

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::cli {

/// A small streaming JSON writer for kerma-cli's --json output. Commas and nesting are tracked;
/// numbers are written with the fewest digits that read back to the same double, and non-finite
/// numbers as null (JSON has no NaN).
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  /// The key of the next value inside an object.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(double v);
  JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long long v);
  JsonWriter& value(std::size_t v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// An array of numbers.
  template <class Range>
  JsonWriter& numbers(const Range& range) {
    beginArray();
    for (const auto& v : range) value(static_cast<double>(v));
    return endArray();
  }

 private:
  void separate();
  std::ostream& out_;
  std::vector<bool> first_{true};  // per nesting level: nothing written yet
  bool afterKey_ = false;
};

}  // namespace kerma::cli

#endif  // KERMA_CLI_JSON_H
