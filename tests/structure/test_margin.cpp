#include "kerma/structure/margin.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace kerma::structure {
namespace {

using core::VolumeGeometry;

constexpr double SPHERE_VOLUME_TOLERANCE = 0.02;  // the criterion
constexpr double HALF_VOXEL = 0.5;

double sphereCc(double radiusMm) { return 4.0 / 3.0 * std::numbers::pi * std::pow(radiusMm, 3) / 1000; }

Mask ball(const VolumeGeometry& grid, core::Point3<core::Patient> centre, double radiusMm) {
  Mask m(grid, 0);
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i)
        if ((grid.patientPoint({i, j, k}) - centre).length() <= radiusMm) m.at({i, j, k}) = 1;
  return m;
}

// Box [x0, x1] x [y0, y1] x [z0, z1] mm.
Mask box(const VolumeGeometry& grid, double x0, double x1, double y0, double y1, double z0, double z1) {
  Mask m(grid, 0);
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const auto p = grid.patientPoint({i, j, k});
        if (p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 && p.z >= z0 && p.z <= z1) m.at({i, j, k}) = 1;
      }
  return m;
}

// Lowest and highest patient coordinate along `axis` of the mask's voxel centres on the line
// through voxel `through` along grid axis `gridAxis`.
std::pair<double, double> extentMm(const Mask& m, core::VoxelIndex through, int gridAxis, int axis) {
  double lo = 1e9, hi = -1e9;
  for (int n = 0; n < m.geometry().size()[gridAxis]; ++n) {
    core::VoxelIndex ijk = through;
    (gridAxis == 0 ? ijk.i : gridAxis == 1 ? ijk.j : ijk.k) = n;
    if (!m.at(ijk)) continue;
    const auto p = m.geometry().patientPoint(ijk);
    const double c = axis == 0 ? p.x : axis == 1 ? p.y : p.z;
    lo = std::min(lo, c);
    hi = std::max(hi, c);
  }
  return {lo, hi};
}

TEST(Margin, SphereOf20mmExpandedBy15mmIsASphereOf35mm) {
  const VolumeGeometry grid({100, 100, 40}, {-49.5, -49.5, -58.5}, {1, 1, 3});
  const Mask gtv = ball(grid, {0, 0, 0}, 20);
  const Mask expanded = expand(gtv, MarginMm::isotropic(15));
  EXPECT_NEAR(volumeCc(expanded), sphereCc(35), SPHERE_VOLUME_TOLERANCE * sphereCc(35));
  EXPECT_NEAR(volumeCc(gtv), sphereCc(20), SPHERE_VOLUME_TOLERANCE * sphereCc(20));
}

TEST(Margin, AnisotropicMarginMovesEachFaceOfABoxByItsOwnValue) {
  const VolumeGeometry grid({80, 80, 30}, {-39.5, -39.5, -44}, {1, 1, 3});
  const Mask b = box(grid, -10, 10, -10, 10, -11, 10);  // slice centres at -44 + 3k
  const MarginMm m{/*right=*/5, /*left=*/3, /*anterior=*/7, /*posterior=*/2, /*superior=*/6, /*inferior=*/4};
  const Mask e = expand(b, m);
  const auto [x0, x1] = extentMm(e, {0, 40, 15}, 0, 0);
  const auto [y0, y1] = extentMm(e, {40, 0, 15}, 1, 1);
  const auto [z0, z1] = extentMm(e, {40, 40, 0}, 2, 2);
  const auto [bz0, bz1] = extentMm(b, {40, 40, 0}, 2, 2);
  EXPECT_NEAR(x0, -10 - 5, HALF_VOXEL * 1);  // right = -x
  EXPECT_NEAR(x1, 10 + 3, HALF_VOXEL * 1);   // left = +x
  EXPECT_NEAR(y0, -10 - 7, HALF_VOXEL * 1);  // anterior = -y
  EXPECT_NEAR(y1, 10 + 2, HALF_VOXEL * 1);   // posterior = +y
  // Along z the box's own faces sit on 3 mm slices: each face moves by the margin within half
  // a slice.
  EXPECT_NEAR(z0, bz0 - 4, HALF_VOXEL * 3);   // inferior = -z
  EXPECT_NEAR(z1, bz1 + 6, HALF_VOXEL * 3);   // superior = +z
}

TEST(Margin, FeetFirstGridMapsSuperiorToDecreasingSlices) {
  Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
  d(1, 1) = -1;  // columns run anterior
  d(2, 2) = -1;  // slices run inferior
  const VolumeGeometry grid({40, 40, 40}, {-19.5, 19.5, 19.5}, {1, 1, 1}, d);
  const Mask b = box(grid, -5, 5, -5, 5, -5, 5);
  const MarginMm m{0, 0, 0, 0, /*superior=*/8, /*inferior=*/0};
  const auto [z0, z1] = extentMm(expand(b, m), {20, 20, 0}, 2, 2);
  EXPECT_NEAR(z1, 5 + 8, HALF_VOXEL);
  EXPECT_NEAR(z0, -5 + 0.5 - 0.5, HALF_VOXEL);
}

TEST(Margin, ContractionThenExpansionIsIdempotentWithinOneVoxel) {
  const VolumeGeometry grid({70, 70, 70}, {-34.5, -34.5, -34.5}, {1, 1, 1});
  const Mask s = ball(grid, {0, 0, 0}, 22);
  const Mask opened = expand(contract(s, MarginMm::isotropic(6)), MarginMm::isotropic(6));
  const Mask contracted = contract(s, MarginMm::isotropic(6));
  EXPECT_NEAR(volumeCc(contracted), sphereCc(16), SPHERE_VOLUME_TOLERANCE * sphereCc(16));
  // Every voxel the round trip changed lies within one voxel of the original surface.
  const Mask shell = expand(s, MarginMm::isotropic(1.8));
  const Mask core = contract(s, MarginMm::isotropic(1.8));
  for (std::size_t n = 0; n < s.values().size(); ++n)
    if (s.values()[n] != opened.values()[n]) {
      EXPECT_TRUE(shell.values()[n] && !core.values()[n]) << "voxel " << n << " moved more than one voxel";
    }
}

TEST(Margin, ContractionTreatsTheGridOutsideAsOutside) {
  const VolumeGeometry grid({20, 20, 20}, {0, 0, 0}, {1, 1, 1});
  const Mask full(grid, 1);
  const Mask c = contract(full, MarginMm::isotropic(3));
  EXPECT_EQ(c.at({0, 10, 10}), 0);
  EXPECT_EQ(c.at({2, 10, 10}), 0);
  EXPECT_EQ(c.at({4, 10, 10}), 1);
  EXPECT_NEAR(volumeCc(c), 14.0 * 14 * 14 / 1000, 1e-9);
}

TEST(Margin, MarginsFarBeyondTheGridActLikeTheGridSize) {
  // Found by fuzz_contour_program: --contract with 1e300 mm cast the margin in voxels to an int
  // (undefined) and would have padded the grid by that many voxels.
  const VolumeGeometry grid({12, 10, 4}, {0, 0, 0}, {2, 2, 3});
  const Mask seed = box(grid, 8, 12, 8, 12, 3, 6);
  ASSERT_GT(volumeCc(seed), 0);
  for (const double mm : {1e6, 1e300}) {
    EXPECT_EQ(volumeCc(expand(seed, MarginMm::isotropic(mm))), volumeCc(Mask(grid, 1))) << mm;
    EXPECT_EQ(volumeCc(contract(Mask(grid, 1), MarginMm::isotropic(mm))), 0) << mm;
    EXPECT_EQ(volumeCc(expand(seed, MarginMm{mm, 0, 0, 0, 0, 0})), volumeCc(expand(seed, MarginMm{100, 0, 0, 0, 0, 0})))
        << mm;
  }
}

// A lytic metastasis: a ball of 6 mm whose half at x < 0 is not bone (the bone is the slab x >= 0).
// Grown 10 mm within bone it keeps all of itself and grows only into bone: exactly
// ball ∪ (ball ⊕ 10 mm ∩ bone), and the volumes follow from the shapes.
TEST(Margin, ExpandWithinKeepsTheSourceAndGrowsOnlyInsideTheLimit) {
  const VolumeGeometry grid({50, 50, 50}, {-24.5, -24.5, -24.5}, {1, 1, 1});
  const Mask gtv = ball(grid, {0, 0, 0}, 6);
  const Mask bone = box(grid, 0, 100, -100, 100, -100, 100);
  const Mask ctv = expandWithin(gtv, MarginMm::isotropic(10), bone);
  std::size_t lost = 0, outsideBoneNotGtv = 0, expected = 0, differs = 0;
  const Mask grown = expand(gtv, MarginMm::isotropic(10));
  for (std::size_t n = 0; n < ctv.values().size(); ++n) {
    lost += gtv.values()[n] && !ctv.values()[n];
    outsideBoneNotGtv += ctv.values()[n] && !bone.values()[n] && !gtv.values()[n];
    const bool want = gtv.values()[n] || (grown.values()[n] && bone.values()[n]);
    expected += want;
    differs += want != bool(ctv.values()[n]);
  }
  EXPECT_EQ(lost, 0u) << "voxels of the source left out";
  EXPECT_EQ(outsideBoneNotGtv, 0u) << "grown outside the limit";
  EXPECT_EQ(differs, 0u);
  // Half a 16 mm ball in bone plus the half 6 mm ball outside, within the voxelisation.
  EXPECT_NEAR(volumeCc(ctv), sphereCc(16) / 2 + sphereCc(6) / 2, 0.03 * volumeCc(ctv));

  const Structure source{"GTV_Met", RoiType::Gtv, {}, gtv, {}};
  const auto note = keptOutsideLimitNote(source, {"Bone", RoiType::Organ, {}, bone, {}}, "CTV");
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("GTV_Met: "), std::string::npos) << *note;
  EXPECT_NE(note->find("lie outside Bone and are kept in CTV"), std::string::npos) << *note;
  EXPECT_FALSE(keptOutsideLimitNote(source, {"Everything", RoiType::Organ, {}, Mask(grid, 1), {}}, "CTV"))
      << "nothing to say when the source lies inside the limit";
}

TEST(Margin, RefusesNegativeMarginsAndAnisotropyOnObliqueGrids) {
  const VolumeGeometry grid({10, 10, 10}, {0, 0, 0}, {1, 1, 1});
  const Mask m(grid, 1);
  EXPECT_THROW(expand(m, MarginMm::isotropic(-1)), Error);
  const Eigen::Matrix3d oblique(Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitZ()));
  const Mask o(VolumeGeometry({10, 10, 10}, {0, 0, 0}, {1, 1, 1}, oblique), 1);
  EXPECT_THROW(expand(o, MarginMm{1, 2, 1, 1, 1, 1}), Error);
  EXPECT_NO_THROW(expand(o, MarginMm::isotropic(2)));
}

}  // namespace
}  // namespace kerma::structure
