// kerma-cli register: the rigid map between two CT studies of a patient (their Frames of
// Reference): landmark pairs (closed form), an image registration (Mattes mutual information),
// or the image registration started from the landmarks (docs/cli.md).

#include "arguments.h"
#include "beam_arguments.h"
#include "commands.h"
#include "eval_arguments.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/registration/image_registration.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <iostream>
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

}  // namespace

int runRegister(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json", "--landmarks-only"}, {"--fixed", "--moving", "--bone-hu", "--landmark"});
  const std::string fixedFolder = arguments.required("--fixed");
  const std::string movingFolder = arguments.required("--moving");
  std::vector<registration::LandmarkPair> pairs;
  for (const std::string& text : arguments.values("--landmark")) pairs.push_back(parseLandmark(text));
  if (arguments.flag("--landmarks-only") && pairs.empty())
    throw Error(ErrorCode::BadInput, "--landmarks-only needs --landmark pairs (at least 3)");

  std::optional<registration::LandmarkRegistration> landmarks;
  if (!pairs.empty()) landmarks = registration::registerLandmarks(pairs);
  std::optional<registration::RigidRegistration> image;
  if (!arguments.flag("--landmarks-only")) {
    const dicom::CtSeries fixed = dicom::loadCtSeries(fixedFolder);
    const dicom::CtSeries moving = dicom::loadCtSeries(movingFolder);
    registration::RigidRegistrationOptions options;
    if (const auto hu = arguments.value("--bone-hu")) {
      options.boneOnly = true;
      options.boneHu = parseNumber(*hu, "--bone-hu");
    }
    if (landmarks) options.initial = landmarks->fixedFromMoving;
    image = registration::registerRigid(fixed.image.hu, moving.image.hu, options);
  }
  const registration::RigidTransform& result = image ? image->fixedFromMoving : landmarks->fixedFromMoving;
  const Eigen::Affine3d& m = result.matrix();
  const Eigen::Vector3d angles = anglesDeg(m.linear());

  if (!arguments.flag("--json")) {
    std::cout << "fixed from moving: rotation about x, y, z " << core::fixedText(angles.x(), 2) << ", "
              << core::fixedText(angles.y(), 2) << ", " << core::fixedText(angles.z(), 2) << " degrees; translation "
              << core::fixedText(m.translation().x(), 2) << ", " << core::fixedText(m.translation().y(), 2) << ", "
              << core::fixedText(m.translation().z(), 2) << " mm\n";
    if (landmarks)
      for (std::size_t n = 0; n < pairs.size(); ++n)
        std::cout << "landmark " << pairs[n].name << ": residual " << core::fixedText(landmarks->residualsMm[n], 2)
                  << " mm\n";
    if (image)
      std::cout << "image registration: Mattes mutual information " << image->metricValue << " after "
                << image->iterations << " iterations (" << image->stopCondition << ")\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject();
  std::vector<double> rows;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) rows.push_back(m.matrix()(r, c));
  json.key("fixedFromMoving").numbers(rows);
  json.key("rotationDeg").numbers(std::array{angles.x(), angles.y(), angles.z()});
  json.key("translationMm").numbers(std::array{m.translation().x(), m.translation().y(), m.translation().z()});
  json.key("landmarks");
  if (landmarks) {
    json.beginObject().key("rmsResidualMm").value(landmarks->rmsResidualMm);
    json.key("residualsMm").numbers(landmarks->residualsMm);
    json.endObject();
  } else {
    json.null();
  }
  json.key("image");
  if (image) {
    json.beginObject().key("metric").value("Mattes mutual information").key("metricValue").value(image->metricValue);
    json.key("iterations").value(image->iterations).key("stopCondition").value(image->stopCondition);
    json.key("boneOnly").value(arguments.value("--bone-hu").has_value());
    json.endObject();
  } else {
    json.null();
  }
  json.endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
