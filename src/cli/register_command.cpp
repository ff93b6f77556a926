// kerma-cli register: the rigid map between two CT studies of a patient (their Frames of
// Reference): landmark pairs (closed form), an image registration (Mattes mutual information),
// or the image registration started from the landmarks, written as a DICOM Spatial Registration
// with --out; --method deformable adds diffeomorphic demons and reports their Jacobian, and --out
// writes it as a Deformable Spatial Registration (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/frame_registration.h"
#include "kerma/core/stopwatch.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/registration/image_registration.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <numbers>

namespace kerma::cli {

namespace {

// NAME:fx,fy,fz:mx,my,mz, the point in the fixed study, then in the moving one.
registration::LandmarkPair parseLandmark(const std::string& text) {
  const std::size_t first = text.find(':'), second = text.find(':', first == std::string::npos ? 0 : first + 1);
  if (first == std::string::npos || first == 0 || second == std::string::npos)
    throw Error(ErrorCode::BadInput, "--landmark '" + text + "'; expected NAME:fx,fy,fz:mx,my,mz (DICOM patient mm)");
  const std::string name = text.substr(0, first);
  return {name, parsePoint(text.substr(first + 1, second - first - 1), "--landmark " + name + " (fixed)"),
          parsePoint(text.substr(second + 1), "--landmark " + name + " (moving)")};
}

// Rotation angles about x, then y, then z (R = Rz Ry Rx), degrees, each within ±180 (y within
// ±90): how a physicist reads a couch correction, near 0 for small rotations.
Eigen::Vector3d anglesDeg(const Eigen::Matrix3d& r) {
  const double y = std::asin(std::clamp(-r(2, 0), -1.0, 1.0));
  const double x = std::atan2(r(2, 1), r(2, 2));
  const double z = std::atan2(r(1, 0), r(0, 0));
  return Eigen::Vector3d(x, y, z) * (180 / std::numbers::pi);
}

// The map a registration found, with what the JSON and the text say about it.
struct Found {
  std::string method;  // "rigid" or "deformable" (an image registration), or "landmarks"
  registration::RigidTransform fixedFromMoving;  // of a deformable result, its rigid part
  std::optional<registration::LandmarkRegistration> landmarks;
  std::optional<registration::RigidRegistration> image;
  std::optional<registration::DeformableRegistration> deformable;
  double seconds = 0;
};

Found registerStudies(const Arguments& arguments, const std::vector<registration::LandmarkPair>& pairs,
                      const std::optional<dicom::CtSeries>& fixed, const std::optional<dicom::CtSeries>& moving) {
  core::Stopwatch stopwatch;
  Found found;
  if (!pairs.empty()) found.landmarks = registration::registerLandmarks(pairs);
  if (arguments.flag("--landmarks-only")) {
    found.method = "landmarks";
    found.fixedFromMoving = found.landmarks->fixedFromMoving;
  } else {
    registration::RigidRegistrationOptions options;
    options.boneOnly = arguments.flag("--bone-only") || arguments.value("--bone-hu");
    if (const auto hu = arguments.value("--bone-hu")) options.boneHu = parseNumber(*hu, "--bone-hu");
    if (found.landmarks) options.initial = found.landmarks->fixedFromMoving;
    found.method = arguments.value("--method").value_or("rigid");
    if (found.method == "deformable") {
      registration::DeformableRegistrationOptions deformable;
      deformable.rigid = options;
      found.deformable = registration::registerDeformable(fixed->image.hu, moving->image.hu, deformable);
      found.image = found.deformable->rigid;
    } else {
      found.image = registration::registerRigid(fixed->image.hu, moving->image.hu, options);
    }
    found.fixedFromMoving = found.image->fixedFromMoving;
  }
  found.seconds = stopwatch.lap();
  return found;
}

void printJson(const Found& found, const Eigen::Vector3d& angles, bool boneOnly, const std::optional<std::string>& out) {
  const Eigen::Affine3d& m = found.fixedFromMoving.matrix();
  JsonWriter json(std::cout);
  json.beginObject();
  json.key("method").value(found.method);
  json.key("fixedFromMoving").beginArray();
  for (int r = 0; r < 4; ++r) json.numbers(std::array{m.matrix()(r, 0), m.matrix()(r, 1), m.matrix()(r, 2), m.matrix()(r, 3)});
  json.endArray();
  json.key("metric");
  found.image ? json.value(found.image->metricValue) : json.null();
  json.key("metricName");
  found.image ? json.value("Mattes mutual information") : json.null();
  json.key("seconds").value(found.seconds);
  // A rigid map folds nothing.
  json.key("foldedVoxels").value(found.deformable ? found.deformable->foldedVoxels : 0);
  json.key("jacobian");
  if (found.deformable)
    json.beginObject().key("min").value(found.deformable->minJacobian).key("max").value(found.deformable->maxJacobian).endObject();
  else
    json.null();
  json.key("rotationDeg").numbers(std::array{angles.x(), angles.y(), angles.z()});
  json.key("translationMm").numbers(std::array{m.translation().x(), m.translation().y(), m.translation().z()});
  json.key("boneOnly").value(found.image && boneOnly);
  json.key("iterations");
  found.image ? json.value(found.image->iterations) : json.null();
  json.key("stopCondition");
  found.image ? json.value(found.image->stopCondition) : json.null();
  json.key("landmarks");
  if (found.landmarks) {
    json.beginObject().key("rmsResidualMm").value(found.landmarks->rmsResidualMm);
    json.key("residualsMm").numbers(found.landmarks->residualsMm);
    json.endObject();
  } else {
    json.null();
  }
  json.key("out");
  out ? json.value(*out) : json.null();
  json.endObject();
  std::cout << "\n";
}

}  // namespace

int runRegister(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json", "--landmarks-only", "--bone-only"},
                            {"--fixed", "--moving", "--method", "--bone-hu", "--landmark", "--out", "--accepted-by"});
  const std::string fixedFolder = arguments.required("--fixed");
  const std::string movingFolder = arguments.required("--moving");
  const std::string method = arguments.value("--method").value_or("rigid");
  if (method != "rigid" && method != "deformable")
    throw Error(ErrorCode::BadInput, "--method is '" + method + "'; expected rigid or deformable");
  if (method == "deformable" && arguments.flag("--landmarks-only"))
    throw Error(ErrorCode::BadInput, "--method deformable registers the images; it cannot be --landmarks-only");
  std::vector<registration::LandmarkPair> pairs;
  for (const std::string& text : arguments.values("--landmark")) pairs.push_back(parseLandmark(text));
  if (arguments.flag("--landmarks-only") && pairs.empty())
    throw Error(ErrorCode::BadInput, "--landmarks-only needs --landmark pairs (at least 3)");
  const auto out = arguments.value("--out");

  // The studies' images for an image registration; their identities (Frames of Reference) for --out.
  std::optional<dicom::CtSeries> fixed, moving;
  if (!arguments.flag("--landmarks-only") || out) {
    fixed = dicom::loadCtSeries(fixedFolder);
    moving = dicom::loadCtSeries(movingFolder);
  }
  const Found found = registerStudies(arguments, pairs, fixed, moving);
  const Eigen::Affine3d& m = found.fixedFromMoving.matrix();
  const Eigen::Vector3d angles = anglesDeg(m.linear());

  if (out) {
    // A deformable result is written whole (a Deformable Spatial Registration), its rigid part
    // as the matrix before the deformation.
    core::FrameRegistration frames{fixed->image.identity.frameOfReferenceUid,
                                   moving->image.identity.frameOfReferenceUid, found.fixedFromMoving, nullptr};
    if (found.deformable)
      frames.deformation = std::make_shared<const core::DisplacementField>(found.deformable->movingFromFixed);
    if (frames.fixedFrameOfReferenceUid == frames.movingFrameOfReferenceUid)
      throw Error(ErrorCode::BadInput, "--out: both studies are in Frame of Reference " + frames.fixedFrameOfReferenceUid +
                                           "; a Spatial Registration relates two different ones");
    dicom::SpatialRegistrationExportOptions options;
    const std::string onBone = arguments.flag("--bone-only") || arguments.value("--bone-hu") ? " on bone" : "";
    options.contentDescription =
        found.method == "rigid"        ? "rigid, Mattes mutual information" + onBone + (found.landmarks ? ", from landmarks" : "")
        : found.method == "deformable" ? "rigid (Mattes MI" + onBone + "), then diffeomorphic demons"
                                       : "rigid, " + std::to_string(pairs.size()) + " landmark pairs";
    options.method = found.method == "landmarks" ? dicom::RegistrationMethod::Fiducials : dicom::RegistrationMethod::ImageContent;
    options.creatorName = arguments.value("--accepted-by").value_or("");
    options.contentDate = localTimeText("%Y%m%d");
    options.contentTime = localTimeText("%H%M%S");
    dicom::writeSpatialRegistration(frames, fixed->image.identity, *out, options);
  }

  if (arguments.flag("--json")) {
    printJson(found, angles, arguments.flag("--bone-only") || arguments.value("--bone-hu").has_value(), out);
    return 0;
  }
  std::cout << "fixed from moving (" << found.method << "): rotation about x, y, z " << core::fixedText(angles.x(), 2)
            << ", " << core::fixedText(angles.y(), 2) << ", " << core::fixedText(angles.z(), 2)
            << " degrees; translation " << core::fixedText(m.translation().x(), 2) << ", "
            << core::fixedText(m.translation().y(), 2) << ", " << core::fixedText(m.translation().z(), 2) << " mm ("
            << core::fixedText(found.seconds, 1) << " s)\n";
  if (found.landmarks)
    for (std::size_t n = 0; n < pairs.size(); ++n)
      std::cout << "landmark " << pairs[n].name << ": residual " << core::fixedText(found.landmarks->residualsMm[n], 2)
                << " mm\n";
  if (found.image)
    std::cout << "image registration: Mattes mutual information " << found.image->metricValue << " after "
              << found.image->iterations << " iterations (" << found.image->stopCondition << ")\n";
  if (found.deformable)
    std::cout << "deformable (" << found.deformable->stopCondition << "): Jacobian determinant "
              << core::fixedText(found.deformable->minJacobian, 2) << " to " << core::fixedText(found.deformable->maxJacobian, 2)
              << ", " << found.deformable->foldedVoxels << " folded points\n";
  if (out) std::cout << "spatial registration -> " << *out << "\n";
  return 0;
}

}  // namespace kerma::cli
