#ifndef KERMA_APP_REIRRADIATION_MODEL_H
#define KERMA_APP_REIRRADIATION_MODEL_H

#include "kerma/app/evaluation_model.h"
#include "kerma/app/plan_dose.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/prescription.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/structure/structure.h"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace kerma::app {

/// A registration from a prior course's CT to the current one that a user accepted, and where it
/// came from, shown beside the course.
struct AcceptedRegistration {
  core::FrameRegistration registration;
  std::string origin;  ///< e.g. "REG.dcm (rigid, Mattes mutual information on bone; PHYSICIST^ANNA)"
  std::string description;  ///< describeRegistration's text, what the user accepted
  /// The Spatial Registration it was read from; empty when it was made in the workstation and not
  /// saved (a cumulative dose exported then writes it).
  std::string sopInstanceUid{};
};

/// The registration of a Spatial Registration file as a prior course takes it.
AcceptedRegistration acceptedRegistration(const dicom::SpatialRegistrationFile& file);

/// A rigid map from a prior CT's frame to the current one as a user reads it: "rotation about x,
/// y, z 1.50, -1.00, 2.00 degrees; translation 6.0, -14.0, 22.0 mm" (R = Rz Ry Rx).
std::string describeRigidMap(const core::Transform<core::Patient, core::Patient>& fixedFromMoving);

/// What a user reads before accepting a registration: the rotation about x, y, z (R = Rz Ry Rx,
/// degrees) and translation (mm) from the prior CT to this one, how it was made and by whom.
std::string describeRegistration(const dicom::SpatialRegistrationFile& file);

/// A course given before the one being planned: its dose and in how many fractions it was given.
/// EQD2 needs only those two: the dose per fraction of each voxel is its dose over the fractions.
/// A course planned on another CT (another Frame of Reference) comes with the accepted
/// registration from its frame to the current CT's, through which its dose is mapped.
struct PriorCourse {
  PlanDose dose;
  int fractions = 1;
  std::optional<AcceptedRegistration> registration;
};

/// Everything a cumulative EQD2 computation needs, copied so that it can run on a worker thread
/// while the user edits the model.
struct CumulativeInputs {
  std::shared_ptr<const std::vector<structure::Structure>> structures;
  std::vector<PriorCourse> priorCourses;
  PlanDose currentDose;
  int currentFractions = 1;
  std::vector<double> alphaBetaGy;        ///< per structure
  std::vector<double> recoveredFraction;  ///< per structure, of the prior courses
};

/// The cumulative EQD2 of all courses and its DVHs.
struct CumulativeEvaluation {
  eval::DoseDistribution eqd2Sum;  ///< EFFECTIVE dose, Gy, on the current course's grid
  DoseEvaluation evaluation;       ///< DVHs of the structures in eqd2Sum
};

/// Sums the prior courses and the current one in EQD2 (eval::sumCourses, eq. 4 of
/// docs/methods/radiobiology.md) with each structure's α/β and, for the prior courses, its
/// recovered fraction inside the structure's mask (later structures win where they overlap; the
/// targets come last, so they keep their α/β), and computes the DVHs of the sum. α/β outside
/// every structure: LATE_NORMAL_TISSUE_ALPHA_BETA_GY. Pure; throws kerma::Error (BadInput) as
/// sumCourses does, naming the course.
CumulativeEvaluation evaluateCumulative(const CumulativeInputs& inputs);

/// Re-irradiation, without Qt: prior courses with their fractions, the current course's
/// fractions, α/β and recovery per structure, and the cumulative EQD2 DVHs and constraint
/// results the panel shows.
class ReirradiationModel {
 public:
  /// structures and the CT identity as for EvaluationModel. α/β starts at
  /// TUMOUR_ALPHA_BETA_GY for targets and LATE_NORMAL_TISSUE_ALPHA_BETA_GY for the rest, the
  /// recovered fraction at 0; the current course in 5 fractions until setCurrentFractions.
  ReirradiationModel(core::SeriesIdentity ct, std::string ctOrigin,
                     std::shared_ptr<const std::vector<structure::Structure>> structures);

  const std::vector<structure::Structure>& structures() const { return *structures_; }
  /// The current CT's identity: its Frame of Reference is where prior courses are mapped to.
  const core::SeriesIdentity& ct() const { return ct_; }

  /// The structures after an edit (non-null): α/β and recovery follow each structure's name (new
  /// ones get the defaults); the result is dropped.
  void setStructures(std::shared_ptr<const std::vector<structure::Structure>> structures);

  /// Adds a prior course given in fractions, on the CT's Frame of Reference or, with a
  /// registration, on its own. Throws kerma::Error (BadInput) when fractions is not 1 to
  /// eval::MAX_FRACTIONS, the dose belongs to another patient, or to another Frame of Reference
  /// without a registration (requireDoseOfPatient) or with one that does not map exactly the
  /// dose's frame to the CT's, leaving the model unchanged.
  void addPriorCourse(PlanDose dose, int fractions, std::optional<AcceptedRegistration> registration = {});
  void removePriorCourse(int index);
  const std::vector<PriorCourse>& priorCourses() const { return prior_; }

  /// Fractions of the course being planned (its plan's prescription). Throws as addPriorCourse.
  void setCurrentFractions(int fractions);
  int currentFractions() const { return currentFractions_; }

  double alphaBetaGy(int index) const;
  /// Throws kerma::Error (BadInput) unless alphaBetaGy > 0.
  void setAlphaBetaGy(int index, double alphaBetaGy);
  double recoveredFraction(int index) const;
  /// Throws kerma::Error (BadInput) unless 0 <= fraction <= 1.
  void setRecoveredFraction(int index, double fraction);

  /// The inputs for evaluateCumulative with currentDose as the course being planned; nullopt
  /// without a prior course.
  std::optional<CumulativeInputs> inputs(const PlanDose& currentDose) const;
  /// Increases with every change of the inputs; results of older inputs are ignored.
  std::uint64_t revision() const { return revision_; }
  /// Stores the result computed from the inputs of revision; false (ignored) when stale.
  bool setResult(std::uint64_t revision, CumulativeEvaluation result);
  /// nullptr until computed for the current inputs.
  const CumulativeEvaluation* result() const { return result_ ? &*result_ : nullptr; }

  /// Cumulative EQD2 DVH curves (dose in Gy EQD2, volume in %) of the structures with contours.
  DvhPlot plot() const;
  /// The limits on the cumulative EQD2 (resources/constraints/reirradiation/: one set)
  /// evaluated on the sum's DVHs.
  void setCumulativeTemplate(eval::ConstraintTemplate cumulativeTemplate);
  const std::optional<eval::ConstraintTemplate>& cumulativeTemplate() const { return template_; }
  std::vector<eval::ConstraintResult> constraintResults() const;

 private:
  void changed();
  void checkIndex(int index) const;

  core::SeriesIdentity ct_;
  std::string ctOrigin_;
  std::shared_ptr<const std::vector<structure::Structure>> structures_;
  std::vector<PriorCourse> prior_;
  int currentFractions_ = 5;
  std::vector<double> alphaBetaGy_, recovered_;
  std::uint64_t revision_ = 1;
  std::optional<CumulativeEvaluation> result_;
  std::optional<eval::ConstraintTemplate> template_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_REIRRADIATION_MODEL_H
