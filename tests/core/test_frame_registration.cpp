// A moving study's volume mapped onto the fixed frame through a registration: rigid as
// core::resample through the inverse map; through a deformation, point by point. A field that
// holds the rigid map itself must give the rigid result (trilinear interpolation reproduces an
// affine field exactly), and a uniform field moves values by whole voxels.

#include "kerma/core/frame_registration.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>

namespace kerma::core {
namespace {

const VolumeGeometry MOVING_GRID({20, 18, 12}, {-20, -18, -15}, {2, 2, 2.5});
const VolumeGeometry FIXED_GRID({16, 14, 10}, {-14, -12, -10}, {2.5, 2.5, 2});

Volume<float> movingDose() {
  Volume<float> dose(MOVING_GRID, 0.f);
  for (int k = 0; k < 12; ++k)
    for (int j = 0; j < 18; ++j)
      for (int i = 0; i < 20; ++i) {
        const Point3<Patient> p = MOVING_GRID.patientPoint({i, j, k});
        dose.at({i, j, k}) = float(10 + 0.3 * p.x - 0.2 * p.y + 0.1 * p.z + 2 * std::sin(p.x / 7) * std::cos(p.y / 9));
      }
  return dose;
}

FrameRegistration rigid() {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = Eigen::AngleAxisd(4 * std::numbers::pi / 180, Eigen::Vector3d(0.2, 0.3, 1).normalized()).toRotationMatrix();
  m.translation() = Eigen::Vector3d(1.5, -2, 0.7);
  return {"1.1", "2.2", Transform<Patient, Patient>(m), nullptr};
}

// A field on the fixed grid that holds registration's own map.
std::shared_ptr<const DisplacementField> fieldOf(const FrameRegistration& registration, const VolumeGeometry& grid) {
  auto field = std::make_shared<DisplacementField>();
  field->grid = grid;
  for (auto& component : field->displacementMm) component = Volume<float>(grid, 0.f);
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const Point3<Patient> p = grid.patientPoint({i, j, k});
        const Vector3<Patient> d = registration.fixedFromMoving.inverse()(p) - p;
        field->displacementMm[0].at({i, j, k}) = float(d.x);
        field->displacementMm[1].at({i, j, k}) = float(d.y);
        field->displacementMm[2].at({i, j, k}) = float(d.z);
      }
  return field;
}

TEST(MapOntoFixed, ADeformationHoldingTheRigidMapGivesTheRigidResult) {
  const Volume<float> dose = movingDose();
  const FrameRegistration byMatrix = rigid();
  FrameRegistration byField = rigid();
  // Over the whole fixed grid: beyond it a field takes its nearest value.
  byField.deformation = fieldOf(byMatrix, VolumeGeometry({12, 10, 7}, {-16, -14, -12}, {4, 4, 4}));
  const Volume<float> a = mapOntoFixed(dose, FIXED_GRID, -1.f, byMatrix);
  const Volume<float> b = mapOntoFixed(dose, FIXED_GRID, -1.f, byField);
  const Volume<float> c = resample(dose, FIXED_GRID, -1.f, byMatrix.fixedFromMoving.inverse());
  int inside = 0;
  for (std::size_t n = 0; n < a.values().size(); ++n) {
    EXPECT_EQ(a.values()[n], c.values()[n]);
    EXPECT_NEAR(a.values()[n], b.values()[n], 1e-3) << n;
    inside += a.values()[n] != -1.f;
  }
  EXPECT_GT(inside, 1000);
}

TEST(MapOntoFixed, AUniformFieldMovesValuesByWholeVoxels) {
  const Volume<float> dose = movingDose();
  FrameRegistration shifted{"1.1", "2.2", {}, nullptr};
  auto field = std::make_shared<DisplacementField>();
  field->grid = MOVING_GRID;  // the frames coincide but for the field
  field->displacementMm = {Volume<float>(MOVING_GRID, 4.f), Volume<float>(MOVING_GRID, 0.f), Volume<float>(MOVING_GRID, 0.f)};
  shifted.deformation = field;
  const Volume<float> moved = mapOntoFixed(dose, MOVING_GRID, -1.f, shifted);
  // The fixed point p shows the moving study at p + 4 mm: two voxels along i.
  EXPECT_EQ(moved.at({5, 7, 3}), dose.at({7, 7, 3}));
  EXPECT_EQ(moved.at({17, 0, 11}), dose.at({19, 0, 11}));
  EXPECT_EQ(moved.at({18, 0, 0}), -1.f) << "beyond the moving study's last voxel";
  EXPECT_NEAR(shifted.movingPoint({1, 2, 3}).x, 5, 1e-12);
}

}  // namespace
}  // namespace kerma::core
