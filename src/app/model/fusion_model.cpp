#include "kerma/app/fusion_model.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace kerma::app {

namespace {
// Where the prior CT has no data: transparent. DICOM's padding value, which is no tissue either.
constexpr std::int16_t NO_DATA = std::numeric_limits<std::int16_t>::min();
constexpr double MIN_DISPLAY_MM = 1;

// The grid's one slice as a volume of its own (one voxel thick along the normal), so that the
// prior CT is resampled onto it with one affine step per voxel.
core::VolumeGeometry sliceGrid(const core::VolumeGeometry& grid, const GridSlice& slice) {
  std::array<int, 3> size = grid.size();
  size[std::size_t(slice.normalAxis)] = 1;
  core::VoxelIndex first{0, 0, 0};
  (slice.normalAxis == 0 ? first.i : slice.normalAxis == 1 ? first.j : first.k) = slice.index;
  return core::VolumeGeometry(size, grid.patientPoint(first), grid.spacingMm(), grid.directionCosines());
}

std::uint32_t grey(double hu, const WindowLevel& window) {
  const double share = std::clamp((hu - (window.levelHu - window.windowHu / 2)) / window.windowHu, 0.0, 1.0);
  const auto g = std::uint32_t(std::lround(255 * share));
  return 0xff000000u | g << 16 | g << 8 | g;
}
}  // namespace

SliceOverlay renderFusionSlice(const core::CtVolume& prior, const core::Transform<core::Patient, core::Patient>& priorFromCurrent,
                               const core::VolumeGeometry& grid, const GridSlice& slice, const WindowLevel& window,
                               const FusionDisplay& display) {
  SliceOverlay overlay = transparentOverlay(grid, slice);
  // With the normal axis one voxel thick, the resampled values run u fastest, then v.
  const core::CtVolume onSlice = core::resample(prior, sliceGrid(grid, slice), NO_DATA, priorFromCurrent);
  const double uMm = grid.spacingMm()[std::size_t(overlay.uAxis)], vMm = grid.spacingMm()[std::size_t(overlay.vAxis)];
  std::size_t n = 0;
  for (int v = 0; v < overlay.height; ++v)
    for (int u = 0; u < overlay.width; ++u, ++n) {
      const std::int16_t hu = onSlice.values()[n];
      if (hu == NO_DATA) continue;
      if (display.mode == FusionMode::Checkerboard &&
          (long(std::floor(u * uMm / display.checkerMm)) + long(std::floor(v * vMm / display.checkerMm))) % 2 != 0)
        continue;
      overlay.argb[n] = grey(hu, window);
    }
  return overlay;
}

std::vector<structure::Structure> mapPriorStructures(const std::vector<structure::Structure>& prior, const std::string& label,
                                                     const core::VolumeGeometry& grid,
                                                     const core::FrameRegistration& registration) {
  std::vector<structure::Structure> mapped;
  for (const structure::Structure& s : prior) {
    if (s.type == structure::RoiType::External) continue;
    core::Volume<float> share(s.mask.geometry(), 0.f);
    std::transform(s.mask.values().begin(), s.mask.values().end(), share.values().begin(),
                   [](std::uint8_t in) { return float(in != 0); });
    const core::Volume<float> onGrid = core::mapOntoFixed(share, grid, 0.f, registration);
    structure::Mask mask(grid, 0);
    std::transform(onGrid.values().begin(), onGrid.values().end(), mask.values().begin(),
                   [](float value) { return std::uint8_t(value >= 0.5f); });
    if (std::find(mask.values().begin(), mask.values().end(), 1) == mask.values().end()) continue;
    mapped.push_back({s.name + " " + label, s.type, s.colour, std::move(mask), {}});
  }
  return mapped;
}

std::string priorLabel(const core::SeriesIdentity& prior) {
  return prior.studyDate.size() >= 4 ? prior.studyDate.substr(0, 4) : "prior";
}

std::optional<registration::RigidRegistration> FusionRegistrationRun::run(
    const registration::RegistrationProgress& progress) const {
  return registration::registerRigid(current->hu, prior->hu, options, progress);
}

FusionModel::FusionModel(std::shared_ptr<const core::CtImage> current, std::shared_ptr<const core::CtImage> prior,
                         std::string priorOrigin)
    : current_(std::move(current)), prior_(std::move(prior)), priorOrigin_(std::move(priorOrigin)) {
  registration_.fixedFrameOfReferenceUid = current_->identity.frameOfReferenceUid;
  registration_.movingFrameOfReferenceUid = prior_->identity.frameOfReferenceUid;
  registered_ = registration_.fixedFrameOfReferenceUid == registration_.movingFrameOfReferenceUid;
  method_ = registered_ ? "one Frame of Reference (no registration needed)" : "not registered";
}

void FusionModel::mapChanged() {
  ++revision_;
  metric_.reset();
  withdrawAcceptance();
}

void FusionModel::setMap(const registration::RigidTransform& fixedFromMoving, std::string method) {
  registration_.fixedFromMoving = fixedFromMoving;
  method_ = std::move(method);
  registered_ = true;
  adjustedByHand_ = false;
  registeredMetric_.reset();
  mapChanged();
}

double FusionMetricRun::run() const {
  return registration::rigidMetric(current->hu, prior->hu, fixedFromMoving, options);
}

FusionMetricRun FusionModel::prepareMetric() const {
  return {current_, prior_, registration_.fixedFromMoving, metricOptions_, revision_};
}

bool FusionModel::setMeasuredMetric(const FusionMetricRun& run, double value) {
  if (run.revision != revision_) return false;
  metric_ = value;
  if (!adjustedByHand_) registeredMetric_ = value;
  return true;
}

FusionRegistrationRun FusionModel::prepareRegistration(bool boneOnly) const {
  FusionRegistrationRun run{current_, prior_, {}, revision_};
  run.options.boneOnly = boneOnly;
  if (registered_ && registration_.fixedFrameOfReferenceUid != registration_.movingFrameOfReferenceUid)
    run.options.initial = registration_.fixedFromMoving;
  return run;
}

bool FusionModel::setRegistered(const FusionRegistrationRun& run, const registration::RigidRegistration& found) {
  if (run.revision != revision_) return false;
  setMap(found.fixedFromMoving, std::string("image registration (rigid, Mattes mutual information") +
                                    (run.options.boneOnly ? " on bone" : "") + ")");
  metricOptions_ = run.options;
  metricOptions_.initial.reset();
  return true;
}

void FusionModel::setFromFile(const AcceptedRegistration& read) {
  if (read.registration.fixedFrameOfReferenceUid != registration_.fixedFrameOfReferenceUid ||
      read.registration.movingFrameOfReferenceUid != registration_.movingFrameOfReferenceUid)
    throw Error(ErrorCode::BadInput, read.origin + " registers Frame of Reference " +
                                         read.registration.movingFrameOfReferenceUid + " to " +
                                         read.registration.fixedFrameOfReferenceUid + "; the prior CT is on " +
                                         registration_.movingFrameOfReferenceUid + ", the current one on " +
                                         registration_.fixedFrameOfReferenceUid);
  if (read.registration.deformation)
    throw Error(ErrorCode::BadInput, read.origin + " is a deformable registration: the fusion review shows rigid maps; "
                                         "a prior course's dose is mapped through it in the re-irradiation tab");
  setMap(read.registration.fixedFromMoving, read.origin);
}

void FusionModel::translate(const core::Vector3<core::Patient>& mm) {
  movedByHand(Eigen::Translation3d(mm.x, mm.y, mm.z) * Eigen::Affine3d::Identity());
}

void FusionModel::rotate(const core::Vector3<core::Patient>& axis, double degrees, const core::Point3<core::Patient>& aboutMm) {
  const Eigen::Vector3d a(axis.x, axis.y, axis.z), c(aboutMm.x, aboutMm.y, aboutMm.z);
  if (a.norm() == 0) throw Error(ErrorCode::BadInput, "a rotation about a zero axis");
  const Eigen::Affine3d turn = Eigen::Translation3d(c) * Eigen::AngleAxisd(degrees * std::numbers::pi / 180, a.normalized()) *
                               Eigen::Translation3d(-c);
  movedByHand(turn);
}

void FusionModel::movedByHand(const Eigen::Affine3d& move) {
  registration_.fixedFromMoving = registration::RigidTransform(move * registration_.fixedFromMoving.matrix());
  if (!adjustedByHand_) method_ += ", adjusted by hand";
  registered_ = adjustedByHand_ = true;
  mapChanged();
}

void FusionModel::setDisplay(const FusionDisplay& display) {
  if (!(display.opacity >= 0 && display.opacity <= 1))
    throw Error(ErrorCode::BadInput, "fusion opacity " + core::shortestText(display.opacity) + ": expected 0 to 1");
  if (!(display.checkerMm >= MIN_DISPLAY_MM) || !(display.spyglassRadiusMm >= MIN_DISPLAY_MM))
    throw Error(ErrorCode::BadInput, "fusion squares and spyglass must be at least 1 mm");
  display_ = display;
}

std::string FusionModel::description() const {
  std::string text = "Prior CT " + priorOrigin_ + " on this CT: " + describeRigidMap(registration_.fixedFromMoving) +
                     "; " + method_;
  if (registeredMetric_) text += "; Mattes mutual information as registered " + core::fixedText(*registeredMetric_, 4);
  if (metric_ && adjustedByHand_) text += ", now " + core::fixedText(*metric_, 4);
  return text;
}

void FusionModel::setSavedAs(const std::string& sopInstanceUid) {
  if (!accepted_) throw Error(ErrorCode::BadInput, "only an accepted registration is saved: accept it first");
  accepted_->sopInstanceUid = sopInstanceUid;
}

std::string FusionModel::probeText(const core::Point3<core::Patient>& currentMm) const {
  const auto hu = core::sampleTrilinear(prior_->hu, priorFromCurrent()(currentMm));
  return hu ? "prior CT " + std::to_string(std::lround(*hu)) + " HU" : "prior CT: no data";
}

const AcceptedRegistration& FusionModel::accept(const std::string& who, const std::string& whenUtc) {
  if (!registered_)
    throw Error(ErrorCode::BadInput, "the prior CT is not registered to this one (Frames of Reference " +
                                         registration_.movingFrameOfReferenceUid + " and " +
                                         registration_.fixedFrameOfReferenceUid + "): register it or read a registration first");
  if (who.empty()) throw Error(ErrorCode::BadInput, "a registration is accepted by someone: no name given");
  accepted_ = AcceptedRegistration{registration_, "fusion review: " + method_ + "; accepted by " + who + " " + whenUtc,
                                   description()};
  acceptedBy_ = who;
  return *accepted_;
}

}  // namespace kerma::app
