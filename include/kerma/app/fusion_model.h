#ifndef KERMA_APP_FUSION_MODEL_H
#define KERMA_APP_FUSION_MODEL_H

#include "kerma/app/reirradiation_model.h"
#include "kerma/app/structure_overlay.h"
#include "kerma/app/window_level.h"
#include "kerma/core/image_series.h"
#include "kerma/registration/image_registration.h"
#include "kerma/structure/structure.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// How the prior CT is shown over the current one in the three views.
enum class FusionMode {
  Blend,         ///< the prior CT over the current one at FusionDisplay::opacity
  Checkerboard,  ///< squares of the one and the other: edges must run on across them
  Spyglass,      ///< the prior CT inside a circle about the cursor, the current one around it
};

struct FusionDisplay {
  FusionMode mode = FusionMode::Blend;
  double opacity = 0.5;          ///< Blend: the prior CT's share, 0 to 1
  double checkerMm = 20;         ///< Checkerboard: side of a square, mm
  double spyglassRadiusMm = 30;  ///< Spyglass: radius of the circle, mm
  friend bool operator==(const FusionDisplay&, const FusionDisplay&) = default;
};

/// The prior CT on one slice of the current CT's grid, mapped through priorFromCurrent (a point of
/// the current patient frame to the prior one's), trilinear, in grey through window (as VTK draws
/// the current CT), opaque; transparent where the prior CT has no data and, in Checkerboard mode,
/// on every other square (side display.checkerMm along the slice's two grid axes, counted from
/// the grid's corner), where the current CT shows through. Laid out as renderSliceOverlay's
/// images; opacity and the spyglass are for the painter.
SliceOverlay renderFusionSlice(const core::CtVolume& prior, const core::Transform<core::Patient, core::Patient>& priorFromCurrent,
                               const core::VolumeGeometry& grid, const GridSlice& slice, const WindowLevel& window,
                               const FusionDisplay& display);

/// The prior study's structures on the current CT's grid through registration (rigid or
/// deformable: core::mapOntoFixed of each mask, a voxel in where the mapped mask reaches one half),
/// for comparison with the current ones: named "<name> <label>" (e.g. "Bladder 2012"), their type
/// and colour kept, without contours (made from the masks when saved). The patient outline
/// (External) is left out: the current CT has its own. Structures that map to no voxel are left out.
std::vector<structure::Structure> mapPriorStructures(const std::vector<structure::Structure>& prior, const std::string& label,
                                                     const core::VolumeGeometry& grid,
                                                     const core::FrameRegistration& registration);

/// What mapped prior structures are called after: the year of the prior study ("2012"), else "prior".
std::string priorLabel(const core::SeriesIdentity& prior);

/// A rigid registration of the prior CT onto the current one, copied out of FusionModel so that it
/// runs on a worker thread while the user goes on looking.
struct FusionRegistrationRun {
  std::shared_ptr<const core::CtImage> current, prior;
  registration::RigidRegistrationOptions options;
  std::uint64_t revision = 0;  ///< of the model when it was asked for
  /// registration::registerRigid; nullopt when progress said stop. Throws as that does.
  std::optional<registration::RigidRegistration> run(const registration::RegistrationProgress& progress = {}) const;
};

/// The registration metric of a map, copied out of FusionModel to be measured on a worker thread.
struct FusionMetricRun {
  std::shared_ptr<const core::CtImage> current, prior;
  registration::RigidTransform fixedFromMoving;
  registration::RigidRegistrationOptions options;
  std::uint64_t revision = 0;  ///< of the model when it was asked for
  /// registration::rigidMetric. Throws as that does.
  double run() const;
};

/// The review of a registration between a prior course's CT (moving) and the current CT (fixed)
/// without Qt: the map as it stands (found by image registration, read from a Spatial
/// Registration, or moved by hand), how good it looks (the registration metric), how it is shown,
/// and the explicit acceptance without which no prior dose is mapped. Any change of the map after
/// an acceptance withdraws it.
class FusionModel {
 public:
  /// Both CTs must hold voxels. The map starts as the identity when they share a Frame of
  /// Reference (then nothing needs registering), else unregistered: the identity, shown as such.
  FusionModel(std::shared_ptr<const core::CtImage> current, std::shared_ptr<const core::CtImage> prior,
              std::string priorOrigin);

  const core::CtImage& current() const { return *current_; }
  const core::CtImage& prior() const { return *prior_; }
  const std::string& priorOrigin() const { return priorOrigin_; }

  /// The map from the prior CT's frame to the current one's as it stands.
  const core::FrameRegistration& registration() const { return registration_; }
  /// A point of the current patient frame in the prior one's: what the views sample the prior CT at.
  core::Transform<core::Patient, core::Patient> priorFromCurrent() const {
    return registration_.fixedFromMoving.inverse();
  }
  /// How the map was made: "not registered", "image registration (rigid, Mattes mutual
  /// information on bone)", "REG.dcm (…)", with ", adjusted by hand" after a move.
  const std::string& method() const { return method_; }
  bool adjustedByHand() const { return adjustedByHand_; }
  /// Whether the map was made (registered, read or moved by hand), or the CTs share a Frame of
  /// Reference; only then can it be accepted.
  bool registered() const { return registered_; }

  /// The registration metric of the map as it stands (rigidMetric, with the options of the last
  /// registration), once measured; and that of the map as registered or read, before any move by
  /// hand (measured the same way, so that the two compare).
  std::optional<double> metric() const { return metric_; }
  std::optional<double> registeredMetric() const { return registeredMetric_; }
  /// The options the metric is measured with: those of the last registration.
  const registration::RigidRegistrationOptions& metricOptions() const { return metricOptions_; }
  /// A measurement of the metric of the map as it stands (with metricOptions).
  FusionMetricRun prepareMetric() const;
  /// Stores the metric measured by run; false (ignored) when the map moved since.
  bool setMeasuredMetric(const FusionMetricRun& run, double value);

  /// Increases with every change of the map.
  std::uint64_t revision() const { return revision_; }

  /// A registration run starting from the map as it stands when it was registered or moved by hand
  /// (the user's start), else from the patients' centres.
  FusionRegistrationRun prepareRegistration(bool boneOnly) const;
  /// The result of run becomes the map; false (ignored) when the map changed while it ran.
  bool setRegistered(const FusionRegistrationRun& run, const registration::RigidRegistration& found);
  /// A Spatial Registration read from a file (its frames must be the prior's to the current's,
  /// else kerma::Error (BadInput) naming both; a deformable one is refused, the views draw rigid
  /// maps): its map, origin and description.
  void setFromFile(const AcceptedRegistration& read);

  /// Moves the prior CT over the current one by mm (current frame).
  void translate(const core::Vector3<core::Patient>& mm);
  /// Turns the prior CT over the current one by degrees about the axis (current frame, any length
  /// but zero) through aboutMm, right-handed.
  void rotate(const core::Vector3<core::Patient>& axis, double degrees, const core::Point3<core::Patient>& aboutMm);

  const FusionDisplay& display() const { return display_; }
  /// Throws kerma::Error (BadInput) for an opacity outside 0 to 1 or a square or radius below 1 mm.
  void setDisplay(const FusionDisplay& display);

  /// The map as a prior course takes it, accepted by who at whenUtc (ISO 8601): recorded here
  /// until the map changes. Throws kerma::Error (BadInput) while not registered (two Frames of
  /// Reference and no map made) or without a name.
  const AcceptedRegistration& accept(const std::string& who, const std::string& whenUtc);
  /// Takes an acceptance back (its record could not be logged).
  void withdrawAcceptance() { accepted_.reset(); }
  /// The accepted registration was saved as the Spatial Registration sopInstanceUid: what prior
  /// courses mapped through it from now on, and the cumulative doses of them, reference. Throws
  /// kerma::Error (BadInput) without an acceptance.
  void setSavedAs(const std::string& sopInstanceUid);
  /// The acceptance of the map as it stands; nullopt before one or after a change.
  const std::optional<AcceptedRegistration>& accepted() const { return accepted_; }
  /// Who accepted it (empty without an acceptance).
  const std::string& acceptedBy() const { return acceptedBy_; }
  /// What the user reads before accepting: the rotation and translation, how it was made, the metric.
  std::string description() const;
  /// The read-out of the prior CT at a point of the current CT through the map, for the status
  /// line beside the current CT's: "prior CT 412 HU", or "prior CT: no data".
  std::string probeText(const core::Point3<core::Patient>& currentMm) const;

 private:
  void mapChanged();
  void setMap(const registration::RigidTransform& fixedFromMoving, std::string method);
  // The prior CT moved on the current one by move (current frame, applied after the map).
  void movedByHand(const Eigen::Affine3d& move);

  std::shared_ptr<const core::CtImage> current_, prior_;
  std::string priorOrigin_;
  core::FrameRegistration registration_;
  std::string method_;
  bool registered_ = false;  // a map was made (or the frames are one)
  bool adjustedByHand_ = false;
  std::optional<double> metric_, registeredMetric_;
  registration::RigidRegistrationOptions metricOptions_;
  FusionDisplay display_;
  std::optional<AcceptedRegistration> accepted_;
  std::string acceptedBy_;
  std::uint64_t revision_ = 1;
};

}  // namespace kerma::app

#endif  // KERMA_APP_FUSION_MODEL_H
