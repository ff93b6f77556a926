#ifndef KERMA_EVAL_CONSTRAINTS_H
#define KERMA_EVAL_CONSTRAINTS_H

#include "kerma/eval/dvh.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::eval {

/// A quantity read off a DVH: "Dmax", "Dmin", "Dmean" (Gy), "D95%" or "D0.03cc" (Gy), "V20Gy"
/// (% of the volume, or cm³ when volumeUnit is Cc).
struct DvhMetric {
  enum class Kind { MaxDose, MinDose, MeanDose, DoseAtPercent, DoseAtCc, VolumeAtDose };
  Kind kind = Kind::MaxDose;
  double x = 0;  ///< the % or cm³ of DoseAt*, the dose in Gy of VolumeAtDose
  VolumeUnit volumeUnit = VolumeUnit::Percent;
};

/// Parses a metric as written in constraint templates and on the command line ("Dmax", "D2%",
/// "D0.03cc", "V20Gy"). Throws kerma::Error (BadInput) quoting the text when it does not parse.
DvhMetric parseDvhMetric(std::string_view text, VolumeUnit volumeUnit = VolumeUnit::Percent);
/// The metric's value on dvh: Gy for doses, % or cm³ for volumes.
double evaluateMetric(const Dvh& dvh, const DvhMetric& metric);

/// One limit on one structure.
struct Constraint {
  std::string structure;             ///< name, matched case-insensitively
  std::vector<std::string> aliases;  ///< other names of the same structure
  std::string metricText;            ///< as written, e.g. "D0.035cc"
  DvhMetric metric;
  std::optional<double> max;  ///< upper limit (fail above)
  std::optional<double> min;  ///< lower limit (fail below), e.g. target coverage
  /// Warn level: above it (max) or below it (min) but within the limit gives Warn.
  std::optional<double> warn;
  std::string note;
};

/// The constraints that apply to one fractionation.
struct ConstraintSet {
  int fractions = 1;
  std::vector<Constraint> constraints;
};

/// A versioned template of constraints from a published source.
struct ConstraintTemplate {
  std::string name, version, source;
  std::vector<ConstraintSet> sets;
};

/// Parses a template (format in resources/constraints/README.md). origin names the text in
/// messages (its file). Throws kerma::Error (BadInput) naming origin and the entry (e.g.
/// "fractionations[1].constraints[3].metric") when it is malformed.
ConstraintTemplate parseConstraintTemplate(std::string_view json, const std::string& origin);
/// Reads and parses a template file. Throws kerma::Error (Io) naming the file when unreadable.
ConstraintTemplate loadConstraintTemplate(const std::filesystem::path& file);

/// The set for this number of fractions; nullptr when the template has none.
const ConstraintSet* constraintsFor(const ConstraintTemplate& tmpl, int fractions);

enum class ConstraintOutcome { Pass, Warn, Fail, NotEvaluated };

/// "pass", "warn", "fail", "not evaluated".
std::string_view outcomeName(ConstraintOutcome outcome);

/// A structure's DVH under its name.
struct NamedDvh {
  std::string name;
  const Dvh* dvh = nullptr;
};

/// One constraint evaluated.
struct ConstraintResult {
  Constraint constraint;
  std::string structureFound;   ///< the name that matched; empty when none did
  std::optional<double> value;  ///< in the metric's unit; nullopt when not evaluated
  ConstraintOutcome outcome = ConstraintOutcome::NotEvaluated;
};

/// Evaluates every constraint of set against the DVHs whose names match (NotEvaluated when no
/// DVH matches).
std::vector<ConstraintResult> evaluateConstraints(const ConstraintSet& set, const std::vector<NamedDvh>& dvhs);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_CONSTRAINTS_H
