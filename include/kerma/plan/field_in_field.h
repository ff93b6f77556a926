#ifndef KERMA_PLAN_FIELD_IN_FIELD_H
#define KERMA_PLAN_FIELD_IN_FIELD_H

#include "kerma/core/image_series.h"
#include "kerma/dose/patient_dose.h"
#include "kerma/eval/plan_dose_calculation.h"
#include "kerma/plan/plan.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::plan {

/// ICRU 83's homogeneity of a target, % of the prescription: D2 % at most, D98 % at least.
inline constexpr double HOMOGENEOUS_D2_PERCENT = 107;
inline constexpr double HOMOGENEOUS_D98_PERCENT = 95;

/// What automatic field-in-field does: subfields shield the dose above levelPercent of the
/// prescription, at most maxSubfields per beam.
struct FieldInFieldOptions {
  double levelPercent = 105;
  int maxSubfields = 3;
};

/// Parses "105:3" (kerma-cli plan --fif): the isodose level, % of the prescription (100 to 150),
/// and the subfields per beam (1 to 10). Throws kerma::Error (BadInput) quoting text otherwise.
FieldInFieldOptions parseFieldInField(std::string_view text);

/// The target's D2 % and D98 %, % of the prescription (its DVH on the contours the plan was
/// normalised on).
struct Homogeneity {
  double d2Percent = 0, d98Percent = 0;
  bool icru83() const { return d2Percent <= HOMOGENEOUS_D2_PERCENT && d98Percent >= HOMOGENEOUS_D98_PERCENT; }
};
Homogeneity targetHomogeneity(const Plan& plan);

/// What field-in-field did to a plan, in figures and words.
struct FieldInFieldSummary {
  FieldInFieldOptions options;
  Homogeneity before, after;
  /// One line per beam: its subfields and their MU, or why it has none ("AP: 2 subfields (14.1,
  /// 9.3 MU), open field 212.0 MU"; "PA: no subfield (no dose above 105 % in its field)").
  std::vector<std::string> beams;
};

/// "field-in-field 105 %, up to 3 subfields per beam: PTV D2 112.3 % -> 106.1 %, D98 96.0 % ->
/// 95.4 % of the prescription, homogeneous (ICRU 83)" (or "not homogeneous").
std::string describe(const FieldInFieldSummary& summary, const std::string& target);

struct FieldInFieldResult {
  Plan plan;  ///< the beams with their subfields, the dose the engine computed for them
  FieldInFieldSummary summary;
};

/// *Field-in-field*: each round, the dose above options.levelPercent of the prescription inside
/// BODY (an isodose structure) is shielded from every beam that sees it by a new subfield, the
/// beam's open field with its leaves closed over the hot region's projection
/// (beams::shieldOrgan, the hot region first); the subfields' dose per MU comes from the engine.
/// The MU of the segments are then solved by leastHotWeights with each beam's MU kept (a
/// subfield takes its MU from its beam's other segments, as a planner takes them from the open
/// field): the hottest dose in the target as low as it goes while the target is not homogeneous,
/// else the hottest in BODY, the target held covered and below 104 % of its mean. A step that
/// would leave the target further from ICRU 83's homogeneity is cut back (bisection), and a
/// subfield below the machine's minMuPerSegment dropped. Rounds stop when the target is
/// homogeneous (D2 % ≤ 107 %, D98 % ≥ 95 %) with no hot spot above eval::GLOBAL_MAX_LIMIT_PERCENT,
/// when no beam sees the hot region, or after options.maxSubfields. Subfields the plan had are
/// replaced. The result is the engine's dose of the final beams (their mixed fluence), normalised
/// as plan.rx says. nullopt when doseOptions.progress cancelled.
/// Throws kerma::Error (BadInput) when a beam has no leaves, without a BODY or rx.target among
/// structures, and as the engine does.
std::optional<FieldInFieldResult> fieldInField(const Plan& plan, const core::CtImage& ct,
                                               const std::vector<structure::Structure>& structures,
                                               const eval::DoseEngineData& engine, const FieldInFieldOptions& options,
                                               const dose::BeamDoseOptions& doseOptions = {});

}  // namespace kerma::plan

#endif  // KERMA_PLAN_FIELD_IN_FIELD_H
