#include "kerma/app/reirradiation_model.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <cassert>
#include <chrono>
#include <cstdio>

namespace kerma::app {

namespace {
void requireFractions(int fractions, const std::string& what) {
  if (fractions < 1 || fractions > eval::MAX_FRACTIONS)
    throw Error(ErrorCode::BadInput, what + ": " + std::to_string(fractions) + " fractions; expected 1 to " +
                                         std::to_string(eval::MAX_FRACTIONS));
}

// The defaults of a structure that has no values of its own yet.
double defaultAlphaBetaGy(const structure::Structure& s) {
  return isTarget(s.type) ? eval::TUMOUR_ALPHA_BETA_GY : eval::LATE_NORMAL_TISSUE_ALPHA_BETA_GY;
}
}  // namespace

AcceptedRegistration acceptedRegistration(const dicom::SpatialRegistrationFile& file) {
  std::string how = file.contentDescription;
  if (!file.creatorName.empty()) how += (how.empty() ? "" : "; ") + file.creatorName;
  return {file.registration, file.file.filename().string() + (how.empty() ? "" : " (" + how + ")"),
          describeRegistration(file), file.sopInstanceUid};
}

std::string describeRigidMap(const core::Transform<core::Patient, core::Patient>& fixedFromMoving) {
  const Eigen::Matrix3d r = fixedFromMoving.matrix().linear();
  const Eigen::Vector3d t = fixedFromMoving.matrix().translation();
  constexpr double DEG = 180 / std::numbers::pi;
  const double y = std::asin(std::clamp(-r(2, 0), -1.0, 1.0)) * DEG;
  const double x = std::atan2(r(2, 1), r(2, 2)) * DEG, z = std::atan2(r(1, 0), r(0, 0)) * DEG;
  return "rotation about x, y, z " + core::fixedText(x, 2) + ", " + core::fixedText(y, 2) + ", " + core::fixedText(z, 2) +
         " degrees; translation " + core::fixedText(t.x(), 1) + ", " + core::fixedText(t.y(), 1) + ", " +
         core::fixedText(t.z(), 1) + " mm";
}

std::string describeRegistration(const dicom::SpatialRegistrationFile& file) {
  const auto& deformation = file.registration.deformation;
  return "Registration " + file.file.filename().string() + ": " +
         (deformation ? "deformable (a field of " + std::to_string(deformation->grid.voxelCount()) +
                            " points) with a rigid part of "
                      : "") +
         describeRigidMap(file.registration.fixedFromMoving) +
         (file.contentDescription.empty() ? "" : "; " + file.contentDescription) +
         (file.creatorName.empty() ? "; no one named as its author" : "; by " + file.creatorName);
}

CumulativeEvaluation evaluateCumulative(const CumulativeInputs& inputs) {
  const auto start = std::chrono::steady_clock::now();
  assert(inputs.structures && "inputs come from ReirradiationModel::inputs");
  const auto& structures = *inputs.structures;
  eval::SumOptions options;
  options.mode = eval::SumMode::Eqd2;
  options.alphaBetaGy = eval::LATE_NORMAL_TISSUE_ALPHA_BETA_GY;
  options.grid = inputs.currentDose.dose->doseGy.geometry();
  // Targets last: where a target overlaps an organ (or the body) its own α/β holds.
  for (const bool targets : {false, true})
    for (std::size_t s = 0; s < structures.size(); ++s)
      if (isTarget(structures[s].type) == targets)
        options.alphaBetaByStructure.push_back({&structures[s].mask, inputs.alphaBetaGy[s]});

  // The current course first: the sum is on its CT (Frame of Reference), where prior courses of
  // other CTs are mapped to.
  std::vector<eval::Course> courses{{inputs.currentDose.origin, *inputs.currentDose.dose, inputs.currentFractions, 0, {}, {}}};
  for (const PriorCourse& prior : inputs.priorCourses) {
    eval::Course course{prior.dose.origin, *prior.dose.dose, prior.fractions, 0, {}, {}};
    if (prior.registration) course.registration = prior.registration->registration;
    for (const bool targets : {false, true})
      for (std::size_t s = 0; s < structures.size(); ++s)
        if (isTarget(structures[s].type) == targets)
          course.recoveredByStructure.push_back({&structures[s].mask, inputs.recoveredFraction[s]});
    courses.push_back(std::move(course));
  }

  CumulativeEvaluation result{eval::sumCourses(courses, options), {}};
  result.evaluation = evaluateDose(structures, result.eqd2Sum);
  result.evaluation.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

ReirradiationModel::ReirradiationModel(core::SeriesIdentity ct, std::string ctOrigin,
                                       std::shared_ptr<const std::vector<structure::Structure>> structures)
    : ct_(std::move(ct)),
      ctOrigin_(std::move(ctOrigin)),
      structures_(std::move(structures)) {
  assert(structures_ && "ReirradiationModel needs a structure list, possibly empty");
  for (const auto& s : *structures_) {
    alphaBetaGy_.push_back(defaultAlphaBetaGy(s));
    recovered_.push_back(0);
  }
}

void ReirradiationModel::setStructures(std::shared_ptr<const std::vector<structure::Structure>> structures) {
  assert(structures && "ReirradiationModel needs a structure list, possibly empty");
  std::vector<double> alphaBetaGy, recovered;
  for (const auto& s : *structures) {
    const auto before = std::find_if(structures_->begin(), structures_->end(),
                                     [&](const structure::Structure& old) { return old.name == s.name; });
    const std::size_t n = std::size_t(before - structures_->begin());
    alphaBetaGy.push_back(before == structures_->end() ? defaultAlphaBetaGy(s) : alphaBetaGy_[n]);
    recovered.push_back(before == structures_->end() ? 0 : recovered_[n]);
  }
  structures_ = std::move(structures);
  alphaBetaGy_ = std::move(alphaBetaGy);
  recovered_ = std::move(recovered);
  changed();
}

void ReirradiationModel::addPriorCourse(PlanDose dose, int fractions, std::optional<AcceptedRegistration> registration) {
  requireFractions(fractions, "prior course " + dose.origin);
  if (!registration) {
    requireDoseOfPatient(ct_, ctOrigin_, dose);
  } else {
    core::requireSamePatient(dose.dose->identity, dose.origin, ct_, "the CT (" + ctOrigin_ + ")");
    const core::FrameRegistration& r = registration->registration;
    const std::string& doseFrame = dose.dose->identity.frameOfReferenceUid;
    if (r.movingFrameOfReferenceUid != doseFrame || r.fixedFrameOfReferenceUid != ct_.frameOfReferenceUid)
      throw Error(ErrorCode::BadInput, registration->origin + " maps Frame of Reference " + r.movingFrameOfReferenceUid +
                                           " to " + r.fixedFrameOfReferenceUid + "; expected " + doseFrame + " (" +
                                           dose.origin + ") to " + ct_.frameOfReferenceUid + " (the CT, " + ctOrigin_ + ")");
  }
  prior_.push_back({std::move(dose), fractions, std::move(registration)});
  changed();
}

void ReirradiationModel::removePriorCourse(int index) {
  assert(index >= 0 && std::size_t(index) < prior_.size() && "course index out of range");
  prior_.erase(prior_.begin() + index);
  changed();
}

void ReirradiationModel::setCurrentFractions(int fractions) {
  requireFractions(fractions, "current course");
  if (fractions == currentFractions_) return;
  currentFractions_ = fractions;
  changed();
}

void ReirradiationModel::checkIndex([[maybe_unused]] int index) const {
  assert(index >= 0 && std::size_t(index) < alphaBetaGy_.size() && "structure index out of range");
}

double ReirradiationModel::alphaBetaGy(int index) const {
  checkIndex(index);
  return alphaBetaGy_[std::size_t(index)];
}

void ReirradiationModel::setAlphaBetaGy(int index, double alphaBetaGy) {
  checkIndex(index);
  if (!(alphaBetaGy > 0)) {
    char text[160];
    std::snprintf(text, sizeof text, "%s: alpha/beta %g Gy; expected a positive value",
                  (*structures_)[std::size_t(index)].name.c_str(), alphaBetaGy);
    throw Error(ErrorCode::BadInput, text);
  }
  alphaBetaGy_[std::size_t(index)] = alphaBetaGy;
  changed();
}

double ReirradiationModel::recoveredFraction(int index) const {
  checkIndex(index);
  return recovered_[std::size_t(index)];
}

void ReirradiationModel::setRecoveredFraction(int index, double fraction) {
  checkIndex(index);
  if (!(fraction >= 0 && fraction <= 1)) {
    char text[160];
    std::snprintf(text, sizeof text, "%s: recovered fraction %g; expected 0 to 1",
                  (*structures_)[std::size_t(index)].name.c_str(), fraction);
    throw Error(ErrorCode::BadInput, text);
  }
  recovered_[std::size_t(index)] = fraction;
  changed();
}

std::optional<CumulativeInputs> ReirradiationModel::inputs(const PlanDose& currentDose) const {
  if (prior_.empty()) return std::nullopt;
  return CumulativeInputs{structures_, prior_, currentDose, currentFractions_, alphaBetaGy_, recovered_};
}

bool ReirradiationModel::setResult(std::uint64_t revision, CumulativeEvaluation result) {
  if (revision != revision_) return false;
  result_ = std::move(result);
  return true;
}

DvhPlot ReirradiationModel::plot() const {
  DvhPlot plot{"Cumulative EQD2 (Gy)", "Volume (%)", {}};
  if (!result_) return plot;
  for (std::size_t s = 0; s < structures_->size(); ++s) {
    const eval::Dvh& dvh = result_->evaluation.dvhs[s];
    if (dvh.cumulativeCc.empty()) continue;
    plot.curves.push_back({(*structures_)[s].name, (*structures_)[s].colour,
                           eval::cumulativeCurve(dvh, dvh.binWidthGy)});
  }
  return plot;
}

void ReirradiationModel::setCumulativeTemplate(eval::ConstraintTemplate cumulativeTemplate) {
  template_ = std::move(cumulativeTemplate);
}

std::vector<eval::ConstraintResult> ReirradiationModel::constraintResults() const {
  if (!result_ || !template_ || template_->sets.empty()) return {};
  std::vector<eval::NamedDvh> named;
  for (std::size_t s = 0; s < structures_->size(); ++s)
    if (!result_->evaluation.dvhs[s].cumulativeCc.empty())
      named.push_back({(*structures_)[s].name, &result_->evaluation.dvhs[s]});
  return eval::evaluateConstraints(template_->sets.front(), named);
}

void ReirradiationModel::changed() {
  ++revision_;
  result_.reset();
}

}  // namespace kerma::app
