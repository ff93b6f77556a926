#include "kerma/eval/constraints.h"

#include "kerma/core/error.h"
#include "kerma/eval/prescription.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

namespace kerma::eval {

namespace {

using nlohmann::json;

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<double> parseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const std::string s(text);
    const double v = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && equalsIgnoringCase(s.substr(s.size() - suffix.size()), suffix);
}

// Reads entry[key] of a template as a T, naming the entry's path when it is missing or mistyped.
template <class T>
T required(const json& entry, const char* key, const std::string& where) {
  if (!entry.contains(key)) throw Error(ErrorCode::BadInput, where + "." + key + " is missing");
  try {
    return entry.at(key).get<T>();
  } catch (const json::exception&) {
    throw Error(ErrorCode::BadInput, where + "." + key + " has the wrong type: " + entry.at(key).dump());
  }
}

template <class T>
std::optional<T> optionalField(const json& entry, const char* key, const std::string& where) {
  if (!entry.contains(key)) return std::nullopt;
  return required<T>(entry, key, where);
}

Constraint parseConstraint(const json& entry, const std::string& where) {
  if (!entry.is_object()) throw Error(ErrorCode::BadInput, where + " is not an object");
  Constraint c;
  c.structure = required<std::string>(entry, "structure", where);
  c.aliases = optionalField<std::vector<std::string>>(entry, "aliases", where).value_or(std::vector<std::string>{});
  c.metricText = required<std::string>(entry, "metric", where);
  const std::string unit = optionalField<std::string>(entry, "unit", where).value_or("%");
  if (unit != "%" && unit != "cc") throw Error(ErrorCode::BadInput, where + ".unit is '" + unit + "'; expected '%' or 'cc'");
  try {
    c.metric = parseDvhMetric(c.metricText, unit == "cc" ? VolumeUnit::Cc : VolumeUnit::Percent);
  } catch (const Error& e) {
    throw Error(ErrorCode::BadInput, where + ".metric: " + e.what());
  }
  c.max = optionalField<double>(entry, "max", where);
  c.min = optionalField<double>(entry, "min", where);
  c.warn = optionalField<double>(entry, "warn", where);
  c.note = optionalField<std::string>(entry, "note", where).value_or("");
  if (c.max.has_value() == c.min.has_value())
    throw Error(ErrorCode::BadInput, where + " has " + (c.max ? "both max and min" : "neither max nor min") +
                                         "; expected exactly one limit");
  if (c.warn && c.max && *c.warn > *c.max)
    throw Error(ErrorCode::BadInput, where + ".warn is above max; expected a warn level at or below the limit");
  if (c.warn && c.min && *c.warn < *c.min)
    throw Error(ErrorCode::BadInput, where + ".warn is below min; expected a warn level at or above the limit");
  return c;
}

}  // namespace

DvhMetric parseDvhMetric(std::string_view text, VolumeUnit volumeUnit) {
  DvhMetric m;
  m.volumeUnit = volumeUnit;
  auto refuse = [&]() -> Error {
    return Error(ErrorCode::BadInput, "DVH metric '" + std::string(text) +
                                          "'; expected Dmax, Dmin, Dmean, D<x>%, D<x>cc or V<x>Gy");
  };
  if (equalsIgnoringCase(text, "Dmax")) return m;
  if (equalsIgnoringCase(text, "Dmin")) return m.kind = DvhMetric::Kind::MinDose, m;
  if (equalsIgnoringCase(text, "Dmean")) return m.kind = DvhMetric::Kind::MeanDose, m;
  if (text.size() < 2) throw refuse();
  const char lead = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  std::string_view rest = text.substr(1);
  if (lead == 'D' && endsWith(rest, "%")) {
    m.kind = DvhMetric::Kind::DoseAtPercent;
    rest.remove_suffix(1);
  } else if (lead == 'D' && endsWith(rest, "cc")) {
    m.kind = DvhMetric::Kind::DoseAtCc;
    rest.remove_suffix(2);
  } else if (lead == 'V' && endsWith(rest, "Gy")) {
    m.kind = DvhMetric::Kind::VolumeAtDose;
    rest.remove_suffix(2);
  } else {
    throw refuse();
  }
  const auto x = parseNumber(rest);
  if (!x || (m.kind == DvhMetric::Kind::DoseAtPercent && *x > 100)) throw refuse();
  m.x = *x;
  return m;
}

double evaluateMetric(const Dvh& dvh, const DvhMetric& metric) {
  switch (metric.kind) {
    case DvhMetric::Kind::MaxDose: return dvh.maxGy;
    case DvhMetric::Kind::MinDose: return dvh.minGy;
    case DvhMetric::Kind::MeanDose: return dvh.meanGy;
    case DvhMetric::Kind::DoseAtPercent: return doseAtPercentGy(dvh, metric.x);
    case DvhMetric::Kind::DoseAtCc: return doseAtVolumeGy(dvh, metric.x);
    case DvhMetric::Kind::VolumeAtDose:
      return metric.volumeUnit == VolumeUnit::Cc ? volumeAtLeastCc(dvh, metric.x) : volumeAtLeastPercent(dvh, metric.x);
  }
  return 0;
}

ConstraintTemplate parseConstraintTemplate(std::string_view text, const std::string& origin) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(ErrorCode::BadInput, origin + ": not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  } catch (const json::exception& e) {
    // A number beyond double's range ("1e400") is an out_of_range (found by fuzz_constraints).
    throw Error(ErrorCode::BadInput, origin + ": not valid JSON: " + e.what());
  }
  try {
    if (!doc.is_object()) throw Error(ErrorCode::BadInput, "the document is not a JSON object");
    ConstraintTemplate t;
    t.name = required<std::string>(doc, "name", "template");
    t.version = required<std::string>(doc, "version", "template");
    t.source = required<std::string>(doc, "source", "template");
    const auto sets = required<json>(doc, "fractionations", "template");
    if (!sets.is_array()) throw Error(ErrorCode::BadInput, "fractionations is not an array");
    for (std::size_t n = 0; n < sets.size(); ++n) {
      const std::string where = "fractionations[" + std::to_string(n) + "]";
      ConstraintSet set;
      // Read as a number and checked before it becomes an int: a JSON number need not fit one.
      const double fractions = required<double>(sets[n], "fractions", where);
      if (!(fractions >= 1 && fractions <= MAX_FRACTIONS) || fractions != std::floor(fractions))
        throw Error(ErrorCode::BadInput, where + ".fractions is " + sets[n].at("fractions").dump() +
                                             "; expected a whole number from 1 to " + std::to_string(MAX_FRACTIONS));
      set.fractions = static_cast<int>(fractions);
      const auto list = required<json>(sets[n], "constraints", where);
      if (!list.is_array()) throw Error(ErrorCode::BadInput, where + ".constraints is not an array");
      for (std::size_t c = 0; c < list.size(); ++c)
        set.constraints.push_back(parseConstraint(list[c], where + ".constraints[" + std::to_string(c) + "]"));
      t.sets.push_back(std::move(set));
    }
    return t;
  } catch (const Error& e) {
    throw Error(ErrorCode::BadInput, origin + ": " + e.what());
  }
}

ConstraintTemplate loadConstraintTemplate(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, file.string() + ": cannot read the constraint template");
  std::ostringstream text;
  text << in.rdbuf();
  return parseConstraintTemplate(text.str(), file.string());
}

const ConstraintSet* constraintsFor(const ConstraintTemplate& tmpl, int fractions) {
  for (const auto& set : tmpl.sets)
    if (set.fractions == fractions) return &set;
  return nullptr;
}

std::string_view outcomeName(ConstraintOutcome outcome) {
  switch (outcome) {
    case ConstraintOutcome::Pass: return "pass";
    case ConstraintOutcome::Warn: return "warn";
    case ConstraintOutcome::Fail: return "fail";
    case ConstraintOutcome::NotEvaluated: return "not evaluated";
  }
  return {};
}

namespace {

ConstraintOutcome judge(const Constraint& c, double value) {
  if (c.max) {
    if (value > *c.max) return ConstraintOutcome::Fail;
    return c.warn && value > *c.warn ? ConstraintOutcome::Warn : ConstraintOutcome::Pass;
  }
  if (value < *c.min) return ConstraintOutcome::Fail;
  return c.warn && value < *c.warn ? ConstraintOutcome::Warn : ConstraintOutcome::Pass;
}

bool matches(const Constraint& c, std::string_view name) {
  return equalsIgnoringCase(c.structure, name) ||
         std::any_of(c.aliases.begin(), c.aliases.end(), [&](const std::string& a) { return equalsIgnoringCase(a, name); });
}

}  // namespace

std::vector<ConstraintResult> evaluateConstraints(const ConstraintSet& set, const std::vector<NamedDvh>& dvhs) {
  std::vector<ConstraintResult> results;
  for (const auto& c : set.constraints) {
    ConstraintResult r;
    r.constraint = c;
    const auto found = std::find_if(dvhs.begin(), dvhs.end(), [&](const NamedDvh& d) { return d.dvh && matches(c, d.name); });
    if (found != dvhs.end()) {
      r.structureFound = found->name;
      r.value = evaluateMetric(*found->dvh, c.metric);
      r.outcome = judge(c, *r.value);
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace kerma::eval
