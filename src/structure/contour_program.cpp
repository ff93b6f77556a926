#include "kerma/structure/contour_program.h"

#include "kerma/core/error.h"
#include "kerma/structure/boolean.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/segmentation.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <sstream>

namespace kerma::structure {

namespace {

using Kind = ContourStep::Kind;

// Operations: option, kind, number of arguments after the option (the last of GrowConfidence is
// optional).
struct OperationSyntax {
  const char* option;
  Kind kind;
  int arguments;
  const char* usage;
};
constexpr OperationSyntax OPERATIONS[] = {
    {"--body", Kind::Body, 1, "--body NAME"},
    {"--threshold", Kind::Threshold, 3, "--threshold NAME LOW_HU HIGH_HU"},
    {"--grow", Kind::Grow, 4, "--grow NAME X,Y,Z LOW_HU HIGH_HU"},
    {"--grow-confidence", Kind::GrowConfidence, 2, "--grow-confidence NAME X,Y,Z [MULTIPLIER]"},
    {"--expand", Kind::Expand, 2, "--expand NAME MM|R,L,A,P,S,I"},
    {"--contract", Kind::Contract, 2, "--contract NAME MM|R,L,A,P,S,I"},
    {"--union", Kind::Union, 2, "--union A B"},
    {"--intersect", Kind::Intersect, 2, "--intersect A B"},
    {"--subtract", Kind::Subtract, 2, "--subtract A B"},
    {"--xor", Kind::SymmetricDifference, 2, "--xor A B"},
    {"--interpolate", Kind::Interpolate, 1, "--interpolate NAME"},
    {"--type", Kind::SetType, 2, "--type NAME TYPE"},
    {"--remove", Kind::Remove, 1, "--remove NAME"},
};

[[noreturn]] void refuse(const std::string& option, std::size_t position, const std::string& what) {
  throw Error(ErrorCode::BadInput, option + " (operation " + std::to_string(position) + "): " + what);
}

double number(const std::string& text, const std::string& option, std::size_t position, const char* what) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    refuse(option, position, std::string(what) + " is '" + text + "'; expected a number");
  return v;
}

std::vector<double> numberList(const std::string& text, const std::string& option, std::size_t position,
                               const char* what) {
  std::vector<double> values;
  std::stringstream in(text);
  for (std::string field; std::getline(in, field, ',');) values.push_back(number(field, option, position, what));
  return values;
}

bool isOperation(const std::string& arg) {
  return std::any_of(std::begin(OPERATIONS), std::end(OPERATIONS),
                     [&](const OperationSyntax& o) { return arg == o.option; });
}

}  // namespace

std::vector<ContourStep> parseContourProgram(const std::vector<std::string>& args) {
  std::vector<ContourStep> steps;
  for (std::size_t n = 0; n < args.size();) {
    const std::string& option = args[n];
    const std::size_t position = steps.size() + 1;
    if (option == "--within" || option == "--as") {
      if (steps.empty()) refuse(option, position, "comes before any operation it could apply to");
      if (n + 1 >= args.size()) refuse(option, position - 1, "needs a structure name");
      (option == "--within" ? steps.back().within : steps.back().as) = args[n + 1];
      n += 2;
      continue;
    }
    const auto syntax = std::find_if(std::begin(OPERATIONS), std::end(OPERATIONS),
                                     [&](const OperationSyntax& o) { return option == o.option; });
    if (syntax == std::end(OPERATIONS))
      throw Error(ErrorCode::BadInput, "'" + option + "' (operation " + std::to_string(position) +
                                           ") is not a contouring operation; see docs/cli.md");
    std::vector<std::string> a;
    for (std::size_t m = n + 1; m < args.size() && int(a.size()) < syntax->arguments + (syntax->kind == Kind::GrowConfidence);
         ++m) {
      if (isOperation(args[m]) || args[m] == "--within" || args[m] == "--as") break;
      a.push_back(args[m]);
    }
    if (int(a.size()) < syntax->arguments)
      refuse(option, position, "needs " + std::to_string(syntax->arguments) + " arguments: " + syntax->usage);
    n += 1 + a.size();

    ContourStep step;
    step.kind = syntax->kind;
    step.option = option;
    step.operands = {a[0]};
    switch (syntax->kind) {
      case Kind::Body:
      case Kind::Interpolate:
      case Kind::Remove:
        break;
      case Kind::Threshold:
        step.lowHu = number(a[1], option, position, "the low threshold");
        step.highHu = number(a[2], option, position, "the high threshold");
        break;
      case Kind::Grow:
      case Kind::GrowConfidence: {
        const auto seed = numberList(a[1], option, position, "the seed");
        if (seed.size() != 3) refuse(option, position, "the seed '" + a[1] + "' needs 3 coordinates X,Y,Z in mm");
        step.seedMm = {seed[0], seed[1], seed[2]};
        if (syntax->kind == Kind::Grow) {
          step.lowHu = number(a[2], option, position, "the low threshold");
          step.highHu = number(a[3], option, position, "the high threshold");
        } else if (a.size() > 2) {
          step.multiplier = number(a[2], option, position, "the multiplier");
        }
        break;
      }
      case Kind::Expand:
      case Kind::Contract: {
        const auto m = numberList(a[1], option, position, "the margin");
        if (m.size() == 1)
          step.margin = MarginMm::isotropic(m[0]);
        else if (m.size() == 6)
          step.margin = {m[0], m[1], m[2], m[3], m[4], m[5]};
        else
          refuse(option, position, "the margin '" + a[1] + "' needs 1 value or 6 (R,L,A,P,S,I) in mm");
        if (std::any_of(m.begin(), m.end(), [](double v) { return v < 0; }))
          refuse(option, position, "margins are >= 0 mm; use --contract to shrink");
        break;
      }
      case Kind::Union:
      case Kind::Intersect:
      case Kind::Subtract:
      case Kind::SymmetricDifference:
        step.operands.push_back(a[1]);
        break;
      case Kind::SetType: {
        step.type = roiTypeFromDicomTerm(a[1]);
        if (step.type == RoiType::Other && a[1] != "OTHER")
          refuse(option, position, "'" + a[1] + "' is not an RT ROI Interpreted Type (EXTERNAL, PTV, CTV, GTV, ORGAN, ...)");
        break;
      }
    }
    steps.push_back(std::move(step));
  }
  if (steps.empty()) throw Error(ErrorCode::BadInput, "no contouring operation given; see docs/cli.md");
  return steps;
}

std::vector<std::string> runContourProgram(const std::vector<ContourStep>& steps, const core::CtVolume& ct,
                                           std::vector<Structure>& structures) {
  std::vector<std::string> notes;
  std::vector<bool> changed(structures.size(), false);
  auto find = [&](const std::string& name) {
    return std::find_if(structures.begin(), structures.end(), [&](const Structure& s) { return s.name == name; });
  };
  for (std::size_t n = 0; n < steps.size(); ++n) {
    const ContourStep& step = steps[n];
    auto fail = [&](const std::string& what) { refuse(step.option, n + 1, what); };
    auto mask = [&](const std::string& name) -> const Mask& {
      const auto it = find(name);
      if (it == structures.end()) fail("no structure named '" + name + "'");
      return it->mask;
    };
    try {
      Mask result;
      switch (step.kind) {
        case Kind::Body: result = bodyOutline(ct); break;
        case Kind::Threshold: result = thresholdMask(ct, step.lowHu, step.highHu); break;
        case Kind::Grow: result = growConnectedThreshold(ct, step.seedMm, step.lowHu, step.highHu); break;
        case Kind::GrowConfidence: result = growConfidenceConnected(ct, step.seedMm, step.multiplier); break;
        case Kind::Expand: {
          const Mask& source = mask(step.operands[0]);
          if (!step.within) {
            result = expand(source, step.margin);
            break;
          }
          result = expandWithin(source, step.margin, mask(*step.within));
          if (auto note = keptOutsideLimitNote(*find(step.operands[0]), *find(*step.within),
                                               step.as.value_or(step.operands[0])))
            notes.push_back(step.option + " (operation " + std::to_string(n + 1) + "): " + *note);
          break;
        }
        case Kind::Contract: result = contract(mask(step.operands[0]), step.margin); break;
        case Kind::Union: result = combine(mask(step.operands[0]), mask(step.operands[1]), BooleanOperation::Union); break;
        case Kind::Intersect:
          result = combine(mask(step.operands[0]), mask(step.operands[1]), BooleanOperation::Intersection);
          break;
        case Kind::Subtract:
          result = combine(mask(step.operands[0]), mask(step.operands[1]), BooleanOperation::Subtraction);
          break;
        case Kind::SymmetricDifference:
          result = combine(mask(step.operands[0]), mask(step.operands[1]), BooleanOperation::SymmetricDifference);
          break;
        case Kind::Interpolate: result = interpolateSlices(mask(step.operands[0])); break;
        case Kind::SetType: {
          mask(step.operands[0]);
          const auto it = find(step.operands[0]);
          it->type = step.type;
          changed[std::size_t(it - structures.begin())] = true;
          continue;
        }
        case Kind::Remove: {
          mask(step.operands[0]);
          const auto it = find(step.operands[0]);
          changed.erase(changed.begin() + (it - structures.begin()));
          structures.erase(it);
          continue;
        }
      }
      if (step.within && step.kind != Kind::Expand)
        result = combine(result, mask(*step.within), BooleanOperation::Intersection);
      const std::string& name = step.as.value_or(step.operands[0]);
      auto it = find(name);
      if (it == structures.end()) {
        const RoiType type = typeNamedBy(name).value_or(RoiType::Organ);
        std::vector<Rgb> inUse;
        for (const Structure& s : structures) inUse.push_back(s.colour);
        structures.push_back(Structure{name, type, newStructureColour(type, inUse), {}, {}});
        changed.push_back(true);
        it = structures.end() - 1;
      }
      it->mask = std::move(result);
      changed[std::size_t(it - structures.begin())] = true;
    } catch (const Error& e) {
      if (std::string(e.what()).rfind(step.option, 0) == 0) throw;
      fail(e.what());
    }
  }
  for (std::size_t s = 0; s < structures.size(); ++s)
    if (changed[s]) structures[s].contours = extractContours(structures[s].mask);
  return notes;
}

}  // namespace kerma::structure
