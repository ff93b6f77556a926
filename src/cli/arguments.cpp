#include "arguments.h"

#include "kerma/core/error.h"

#include <charconv>
#include <ctime>

namespace kerma::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& flags,
                     const std::set<std::string>& valueOptions) {
  for (std::size_t n = 0; n < args.size(); ++n) {
    const std::string& a = args[n];
    if (a.size() < 2 || a[0] != '-') {
      positionals_.push_back(a);
      continue;
    }
    if (flags.count(a)) {
      flagsSet_.insert(a);
      continue;
    }
    if (!valueOptions.count(a)) throw Error(ErrorCode::BadInput, "unknown option '" + a + "'");
    if (n + 1 >= args.size()) throw Error(ErrorCode::BadInput, "option " + a + " needs a value");
    values_.emplace_back(a, args[++n]);
  }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  for (const auto& [key, v] : values_)
    if (key == name) return v;
  return std::nullopt;
}

std::vector<std::string> Arguments::values(const std::string& name) const {
  std::vector<std::string> all;
  for (const auto& [key, v] : values_)
    if (key == name) all.push_back(v);
  return all;
}

std::string Arguments::required(const std::string& name) const {
  if (auto v = value(name)) return *v;
  throw Error(ErrorCode::BadInput, "option " + name + " is required");
}

std::optional<int> Arguments::integer(const std::string& name) const {
  const auto v = value(name);
  if (!v) return std::nullopt;
  int result = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), result);
  if (ec != std::errc() || end != v->data() + v->size())
    throw Error(ErrorCode::BadInput, "option " + name + " is '" + *v + "'; expected an integer");
  return result;
}

std::string Arguments::onePositional(const std::string& what) const {
  if (positionals_.size() != 1)
    throw Error(ErrorCode::BadInput, "expected exactly one " + what + ", got " +
                                         std::to_string(positionals_.size()) + " arguments");
  return positionals_[0];
}

std::string localTimeText(const char* format) {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, format, std::localtime(&t));
  return text;
}

}  // namespace kerma::cli
