#ifndef KERMA_CLI_ARGUMENTS_H
#define KERMA_CLI_ARGUMENTS_H

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kerma::cli {

/// The arguments of one subcommand: positionals, flags (--json) and options with a value
/// (--out DIR). Unknown or malformed arguments throw kerma::Error (BadInput) naming them.
class Arguments {
 public:
  /// flags and valueOptions list the names the command accepts, with their leading dashes.
  Arguments(const std::vector<std::string>& args, const std::set<std::string>& flags,
            const std::set<std::string>& valueOptions);

  bool flag(const std::string& name) const { return flagsSet_.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  /// Every value of an option that may be repeated (--course A --course B), in order.
  std::vector<std::string> values(const std::string& name) const;
  /// The value of a required option; throws naming the option when absent.
  std::string required(const std::string& name) const;
  /// An option read as an integer; throws naming the option when it is not one.
  std::optional<int> integer(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  /// The single positional argument called what; throws when there is not exactly one.
  std::string onePositional(const std::string& what) const;

 private:
  std::vector<std::string> positionals_;
  std::set<std::string> flagsSet_;
  std::vector<std::pair<std::string, std::string>> values_;
};

/// The local time as strftime formats it, e.g. "%Y%m%d" for a DICOM date: when an approval or an
/// acceptance is given.
std::string localTimeText(const char* format);

}  // namespace kerma::cli

#endif  // KERMA_CLI_ARGUMENTS_H
