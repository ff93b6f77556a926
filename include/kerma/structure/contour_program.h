#ifndef KERMA_STRUCTURE_CONTOUR_PROGRAM_H
#define KERMA_STRUCTURE_CONTOUR_PROGRAM_H

#include "kerma/structure/margin.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kerma::structure {

/// One step of a contouring program, as `kerma-cli contour` spells it (docs/cli.md).
struct ContourStep {
  enum class Kind {
    Body,                ///< --body NAME
    Threshold,           ///< --threshold NAME LO HI
    Grow,                ///< --grow NAME X,Y,Z LO HI
    GrowConfidence,      ///< --grow-confidence NAME X,Y,Z [MULTIPLIER]
    Expand,              ///< --expand NAME MARGIN
    Contract,            ///< --contract NAME MARGIN
    Union,               ///< --union A B
    Intersect,           ///< --intersect A B
    Subtract,            ///< --subtract A B
    SymmetricDifference, ///< --xor A B
    Interpolate,         ///< --interpolate NAME
    SetType,             ///< --type NAME TYPE
    Remove,              ///< --remove NAME
  };
  Kind kind = Kind::Body;
  std::string option;                 ///< as written, for messages: "--expand"
  std::vector<std::string> operands;  ///< structure names read
  double lowHu = 0, highHu = 0, multiplier = 2.5;
  core::Point3<core::Patient> seedMm;
  MarginMm margin;
  RoiType type = RoiType::Organ;
  /// --within NAME: keep the result inside NAME; an expansion keeps its source whole
  /// (expandWithin), other steps are intersected with NAME.
  std::optional<std::string> within;
  std::optional<std::string> as;      ///< --as NAME: store the result under NAME
};

/// Parses the operation arguments of `kerma-cli contour`. Throws kerma::Error (BadInput) naming
/// the option and the argument that is wrong.
std::vector<ContourStep> parseContourProgram(const std::vector<std::string>& args);

/// Runs the steps in order on structures (masks on ct's grid). A step's result replaces the
/// structure named by --as, or is added under that name, or else replaces the first operand;
/// new structures take their type from their name (GTV, CTV, PTV prefixes; BODY/External is
/// EXTERNAL; otherwise ORGAN) until --type says otherwise. Changed structures get contours
/// extracted anew from their masks. Returns what the user should know of steps that did not do
/// the obvious, one line each naming the step (an expansion within a structure that kept part of
/// its source outside it: keptOutsideLimitNote). Throws kerma::Error (BadInput) naming the step
/// (its option and position) that failed and why.
std::vector<std::string> runContourProgram(const std::vector<ContourStep>& steps, const core::CtVolume& ct,
                       std::vector<Structure>& structures);

}  // namespace kerma::structure

#endif  // KERMA_STRUCTURE_CONTOUR_PROGRAM_H
