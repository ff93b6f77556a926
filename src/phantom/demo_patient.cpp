// The demo pelvis is built slice by slice: every voxel gets a tissue label from the body
// outline and then from anatomical shapes painted in order of precedence (soft tissue, organs,
// bone, lesion), each shape visited only within its bounding box. Labels become HU with a smooth
// texture from value noise on a fixed seed. Anatomy and numbers: docs/demo-patient.md.

#include "kerma/phantom/demo_patient.h"

#include "kerma/core/uid.h"
#include "kerma/phantom/rescan.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/margin.h"
#include "kerma/structure/segmentation.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <string>

namespace kerma::phantom {

namespace {

using P = core::Point3<core::Patient>;

// Grid: 500 mm field of view on 512 × 512 pixels, 96 slices of 3 mm centred on the origin.
constexpr int COLUMNS = 512, ROWS = 512, SLICES = 96;
constexpr double PIXEL_MM = 500.0 / 512.0;
constexpr double SLICE_MM = 3.0;
constexpr std::uint64_t TEXTURE_SEED = 0x4b45524d41ull;  // "KERMA"
// Bumped whenever the phantom's content changes, so that its deterministic UIDs change too.
constexpr std::string_view UID_SEED_PREFIX = "kerma/demo-patient/v1/";

enum class Tissue : std::uint8_t {
  Air, Couch, Skin, SubcutaneousFat, Muscle, PelvicFat, Bowel, Prostate, BladderWall, Urine,
  RectalWall, RectalGas, CorticalBone, TrabecularBone, LyticLesion, Count
};

struct TissueHu {
  double baseHu;
  double textureHu;  // amplitude of the smooth texture
};

constexpr std::array<TissueHu, std::size_t(Tissue::Count)> TISSUE_HU = {{
    {-1000, 0},  // Air
    {-300, 0},   // Couch: carbon-fibre and foam table top
    {20, 4},     // Skin
    {-100, 8},   // SubcutaneousFat
    {40, 6},     // Muscle
    {-90, 8},    // PelvicFat
    {30, 10},    // Bowel: mottled with fat by the texture (see BOWEL_FAT_BELOW)
    {35, 4},     // Prostate
    {35, 3},     // BladderWall
    {10, 2},     // Urine
    {40, 4},     // RectalWall
    {-1000, 0},  // RectalGas
    {1000, 60},  // CorticalBone
    {250, 60},   // TrabecularBone
    {60, 10},    // LyticLesion: mixed, sclerotic where the texture is high (SCLEROTIC_ABOVE)
}};
constexpr double BOWEL_FAT_BELOW = -0.35;
constexpr double SCLEROTIC_ABOVE = 0.45;
constexpr double SCLEROTIC_HU = 650;
constexpr double SKIN_MM = 2.0;
constexpr double CORTEX_MM = 2.5;
constexpr double BLADDER_WALL_MM = 3.0;
constexpr double RECTAL_WALL_MM = 5.0;
// The clinical case's two CTs: 1 cm slices in 2012, 5 mm in 2019 with a fuller bladder.
constexpr double FIRST_COURSE_SLICE_MM = 10;
constexpr double SECOND_COURSE_SLICE_MM = 5;
constexpr double SECOND_COURSE_BLADDER_FILLING = 1.25;
// The first course's targets (CLINICAL-CASE.md): CTV = the metastasis + 15 mm within bone, PTV =
// CTV + 5 mm; bone as a threshold of the CT.
constexpr double CTV_MARGIN_MM = 15;
constexpr double PTV_MARGIN_MM = 5;
constexpr double BONE_LOW_HU = 150, BONE_HIGH_HU = 3000;

// ---- Signed distance shapes (mm, negative inside), each with a box that holds it. ----

struct Box {
  P low, high;
};

struct Shape {
  Box box;
  std::function<double(const P&)> distanceMm;
};

// std::hypot guards against overflow at a cost the millions of calls here cannot afford.
double length(double x, double y, double z) { return std::sqrt(x * x + y * y + z * z); }
double length(double x, double y) { return std::sqrt(x * x + y * y); }

Shape sphere(P c, double r) {
  return {{{c.x - r, c.y - r, c.z - r}, {c.x + r, c.y + r, c.z + r}},
          [=](const P& p) { return (p - c).length() - r; }};
}

// Ellipsoid distance bound after Quilez: exact on the surface, close to it nearby.
Shape ellipsoid(P c, core::Vector3<core::Patient> r) {
  return {{c - r, c + r}, [=](const P& p) {
            const auto d = p - c;
            const double k0 = length(d.x / r.x, d.y / r.y, d.z / r.z);
            const double k1 = length(d.x / (r.x * r.x), d.y / (r.y * r.y), d.z / (r.z * r.z));
            return k1 > 0 ? k0 * (k0 - 1) / k1 : -std::min({r.x, r.y, r.z});
          }};
}

// Segment from a to b swept by a sphere whose radius goes from ra to rb.
Shape taperedCapsule(P a, P b, double ra, double rb) {
  const double r = std::max(ra, rb);
  return {{{std::min(a.x, b.x) - r, std::min(a.y, b.y) - r, std::min(a.z, b.z) - r},
           {std::max(a.x, b.x) + r, std::max(a.y, b.y) + r, std::max(a.z, b.z) + r}},
          [=](const P& p) {
            const auto ab = b - a;
            const double t = std::clamp((p - a).dot(ab) / ab.dot(ab), 0.0, 1.0);
            return (p - lerp(t, a, b)).length() - (ra + t * (rb - ra));
          }};
}

Shape capsule(P a, P b, double r) { return taperedCapsule(a, b, r, r); }

Shape unite(std::vector<Shape> parts) {
  Box box = parts.front().box;
  for (const auto& part : parts) {
    box.low = {std::min(box.low.x, part.box.low.x), std::min(box.low.y, part.box.low.y),
               std::min(box.low.z, part.box.low.z)};
    box.high = {std::max(box.high.x, part.box.high.x), std::max(box.high.y, part.box.high.y),
                std::max(box.high.z, part.box.high.z)};
  }
  return {box, [parts = std::move(parts)](const P& p) {
            double d = INFINITY;
            for (const auto& part : parts)
              if (p.z >= part.box.low.z && p.z <= part.box.high.z) d = std::min(d, part.distanceMm(p));
            return d;
          }};
}

// Left-side anatomy is written with x > 0 (patient left in LPS); side = -1 mirrors it right.
P sided(double side, double x, double y, double z) { return {side * x, y, z}; }

// The acetabulum: a cup of bone 27–36 mm from the femoral-head centre, open laterally,
// anteriorly and inferiorly; the 3 mm between cup and the 24 mm head is the joint space.
Shape acetabulum(double side, P headCentre) {
  const core::Vector3<core::Patient> opening = core::Vector3<core::Patient>{side, -0.6, -0.6}.normalized();
  const Shape outer = sphere(headCentre, 36);
  return {outer.box, [=](const P& p) {
            const auto d = p - headCentre;
            const double shell = std::max(d.length() - 36, 27 - d.length());
            return std::max(shell, d.dot(opening) - 10);
          }};
}

// The iliac wing: in each slice a curved band round (30, −30) from the sacro-iliac joint
// (posterior, medial) to the anterior superior iliac spine, thickening towards the acetabulum,
// up to a crest highest midway.
Shape iliacWing(double side) {
  constexpr double CX = 30, CY = -30, LOW_Z = -12;
  constexpr double FIRST_DEG = -12, LAST_DEG = 80;
  const auto radiusMm = [](double z) { return 88 + 0.12 * z; };
  const auto halfThicknessMm = [](double z) { return 4 + 7 * std::clamp((40 - z) / 50, 0.0, 1.0); };
  const auto crestZ = [](double deg) {
    return 60 + 65 * std::sin(std::numbers::pi * std::clamp((deg - FIRST_DEG) / (LAST_DEG - FIRST_DEG), 0.0, 1.0));
  };
  constexpr double REACH = 88 + 0.12 * 130 + 11;
  const double nearX = std::max(0.0, CX - REACH), farX = CX + REACH;
  return {{{side > 0 ? nearX : -farX, CY - REACH, LOW_Z}, {side > 0 ? farX : -nearX, CY + REACH, 130}},
          [=](const P& p) {
            const double x = side * p.x - CX, y = p.y - CY;
            const double r = radiusMm(p.z);
            const double band = std::abs(length(x, y) - r) - halfThicknessMm(p.z);
            // Outside the band is outside the wing; only the sign matters out there.
            if (band > 0) return band;
            const double deg = std::atan2(y, x) * 180 / std::numbers::pi;
            const double beyondEnds = std::max(FIRST_DEG - deg, deg - LAST_DEG) * std::numbers::pi / 180 * r;
            const double beyondHeight = std::max(LOW_Z - p.z, p.z - crestZ(std::clamp(deg, FIRST_DEG, LAST_DEG)));
            return std::max({band, beyondEnds, beyondHeight});
          }};
}

// The sacrum and coccyx: per slice an ellipse whose width grows from the coccyx tip (z = −45)
// to the sacral base (z = 118), curving posteriorly in between, with the sacral canal inside.
Shape sacrum() {
  constexpr double LOW_Z = -45, HIGH_Z = 118;
  return {{{-65, 10, LOW_Z}, {65, 110, HIGH_Z}}, [=](const P& p) {
            const double t = std::clamp((p.z - LOW_Z) / (HIGH_Z - LOW_Z), 0.0, 1.0);
            const double centreY = 35 + 35 * std::sin(0.8 * std::numbers::pi * t);
            const double halfWidth = 12 + 52 * std::pow(t, 0.7), halfDepth = 10 + 15 * t;
            const double u = p.x / halfWidth, v = (p.y - centreY) / halfDepth;
            const double f = length(u, v);
            const double gradient = length(u / halfWidth, v / halfDepth);
            const double body = gradient > 0 ? f * (f - 1) / gradient : -halfDepth;
            const double canal = length(p.x / 10, (p.y - centreY - 0.35 * halfDepth) / 5) - 1;
            const double inCanal = t > 0.3 ? -canal * 5 : -INFINITY;
            return std::max({body, inCanal, LOW_Z - p.z, p.z - HIGH_Z});
          }};
}

// L5: vertebral body above the sacral base (after the disc) with pedicles, laminae, transverse
// and spinous processes.
Shape fifthLumbarVertebra() {
  std::vector<Shape> parts;
  const Shape body = ellipsoid({0, 32, 142}, {26, 20, 40});
  parts.push_back({{{-26, 12, 124}, {26, 52, 160}}, [body](const P& p) {
                     return std::max(body.distanceMm(p), 124 - p.z);
                   }});
  for (const double side : {1.0, -1.0}) {
    parts.push_back(capsule(sided(side, 15, 48, 140), sided(side, 15, 64, 140), 6));
    parts.push_back(capsule(sided(side, 15, 64, 140), {0, 80, 138}, 5));
    parts.push_back(capsule(sided(side, 16, 56, 140), sided(side, 46, 60, 142), 6));
  }
  parts.push_back(capsule({0, 78, 138}, {0, 100, 132}, 6));
  return unite(std::move(parts));
}

constexpr P FEMORAL_HEAD_LEFT{92, -8, -45};
constexpr double FEMORAL_HEAD_RADIUS_MM = 24;
constexpr P METASTASIS_CENTRE{24.5, -48, -88};
constexpr core::Vector3<core::Patient> METASTASIS_RADII{12, 11, 10};

P femoralHeadCentre(double side) { return sided(side, FEMORAL_HEAD_LEFT.x, FEMORAL_HEAD_LEFT.y, FEMORAL_HEAD_LEFT.z); }

std::vector<Shape> pelvicBones() {
  std::vector<Shape> bones = {sacrum(), fifthLumbarVertebra(), ellipsoid(METASTASIS_CENTRE, METASTASIS_RADII)};
  for (const double side : {1.0, -1.0}) {
    const P head = femoralHeadCentre(side);
    bones.push_back(sphere(head, FEMORAL_HEAD_RADIUS_MM));
    bones.push_back(capsule(head, sided(side, 122, 0, -70), 15));                    // neck
    bones.push_back(ellipsoid(sided(side, 130, 8, -72), {14, 18, 22}));              // greater trochanter
    bones.push_back(sphere(sided(side, 114, 6, -95), 10));                           // lesser trochanter
    bones.push_back(capsule(sided(side, 124, 2, -80), sided(side, 112, 0, -200), 14));  // shaft
    bones.push_back(acetabulum(side, head));
    bones.push_back(capsule(sided(side, 80, 0, -30), sided(side, 52, 50, 25), 16));     // ilium body
    bones.push_back(capsule(sided(side, 78, -22, -35), sided(side, 108, -42, 15), 11)); // anterior column
    bones.push_back(iliacWing(side));
    bones.push_back(taperedCapsule(sided(side, 82, 8, -62), sided(side, 62, 25, -112), 15, 13));  // ischium
    bones.push_back(capsule(sided(side, 72, -30, -48), sided(side, 14, -72, -62), 10));  // superior ramus
    bones.push_back(ellipsoid(sided(side, 15, -74, -70), {12, 11, 18}));                 // pubic body
    bones.push_back(capsule(sided(side, 14, -70, -80), sided(side, 56, 18, -112), 8));   // ischio-pubic ramus
  }
  return bones;
}

// The rectum from the anal canal up to the recto-sigmoid junction, behind bladder and prostate
// and in front of sacrum and coccyx.
Shape rectum() {
  const std::array<std::pair<P, double>, 5> path = {{{{0, 10, -115}, 9},
                                                      {{0, 8, -80}, 13},
                                                      {{0, 8, -40}, 15},
                                                      {{0, 22, 0}, 15},
                                                      {{5, 25, 30}, 14}}};
  std::vector<Shape> parts;
  for (std::size_t n = 0; n + 1 < path.size(); ++n)
    parts.push_back(taperedCapsule(path[n].first, path[n + 1].first, path[n].second, path[n + 1].second));
  Shape joined = unite(std::move(parts));
  // Closed flat at both ends, as delineated.
  return {joined.box, [joined](const P& p) { return std::max({joined.distanceMm(p), -115 - p.z, p.z - 30}); }};
}

// ---- Body outline ----

struct Outline {
  double halfWidthMm, anteriorMm, posteriorMm;
};

Outline bodyOutline(double z) {
  const double width = (z + 60) / 200, depth = (z + 20) / 160;
  return {180 - 18 * width * width, 120 - 8 * depth * depth, 116 - 8 * depth * depth};
}

// Approximate depth below the skin, mm (negative outside): the ellipse's implicit function over
// its gradient, exact at the surface.
double depthBelowSkinMm(const Outline& outline, double x, double y) {
  const double a = outline.halfWidthMm, b = y < 0 ? outline.anteriorMm : outline.posteriorMm;
  const double u = x / a, v = y / b;
  const double f = length(u, v);
  const double gradient = length(u / a, v / b);
  return gradient > 0 ? f * (1 - f) / gradient : std::min(a, b);
}

// Thicker over the hips (lateral) and the lower abdomen (anterior, y < 0).
double subcutaneousFatMm(double x, double y) {
  const double r = std::sqrt(x * x + y * y);
  if (r == 0) return 12;
  return 12 + 10 * std::abs(x) / r + 5 * std::max(0.0, -y / r);
}

constexpr double COUCH_TOP_Y = 121, COUCH_BOTTOM_Y = 131, COUCH_HALF_WIDTH = 240;

// ---- Smooth texture: value noise on a 5 mm lattice from a fixed seed ----

std::uint64_t splitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

class Texture {
 public:
  Texture(const core::VolumeGeometry& grid, std::uint64_t seed) {
    const auto& size = grid.size();
    const auto& spacing = grid.spacingMm();
    for (int axis = 0; axis < 3; ++axis) {
      latticeSize_[axis] = int(std::ceil((size[axis] - 1) * spacing[axis] / CELL_MM)) + 2;
      voxelsPerCell_[axis] = CELL_MM / spacing[axis];
    }
    values_.resize(std::size_t(latticeSize_[0]) * latticeSize_[1] * latticeSize_[2]);
    std::uint64_t state = seed;
    for (float& v : values_) v = float(double(splitMix64(state) >> 11) * 0x1.0p-53 * 2 - 1);
    for (int i = 0; i < size[0]; ++i) columnWeights_.push_back(weight(i / voxelsPerCell_[0]));
  }

  // Texture of slice k, one value in [−1, 1] per voxel, i fastest.
  void slice(int k, int ny, std::vector<float>& out) const {
    const int nxL = latticeSize_[0], nyL = latticeSize_[1];
    const auto [k0, wk] = weight(k / voxelsPerCell_[2]);
    std::vector<float> layer(std::size_t(nxL) * nyL), row(nxL);
    for (std::size_t n = 0; n < layer.size(); ++n)
      layer[n] = float((1 - wk) * values_[std::size_t(k0) * layer.size() + n] +
                       wk * values_[std::size_t(k0 + 1) * layer.size() + n]);
    const std::size_t nx = columnWeights_.size();
    out.resize(nx * ny);
    for (int j = 0; j < ny; ++j) {
      const auto [j0, wj] = weight(j / voxelsPerCell_[1]);
      for (int n = 0; n < nxL; ++n)
        row[n] = float((1 - wj) * layer[std::size_t(j0) * nxL + n] + wj * layer[std::size_t(j0 + 1) * nxL + n]);
      for (std::size_t i = 0; i < nx; ++i) {
        const auto [i0, wi] = columnWeights_[i];
        out[j * nx + i] = float((1 - wi) * row[i0] + wi * row[i0 + 1]);
      }
    }
  }

 private:
  static constexpr double CELL_MM = 5.0;
  // Lower lattice index and smoothstep weight of the upper one, so the texture has no creases.
  static std::pair<int, double> weight(double latticeCoordinate) {
    const int lower = int(latticeCoordinate);
    const double t = latticeCoordinate - lower;
    return {lower, t * t * (3 - 2 * t)};
  }
  std::array<int, 3> latticeSize_{};
  std::array<double, 3> voxelsPerCell_{};
  std::vector<float> values_;
  std::vector<std::pair<int, double>> columnWeights_;
};

// ---- Painting ----

struct SliceCanvas {
  const core::VolumeGeometry& grid;
  double z;
  std::vector<Tissue>& tissue;

  // Calls visit(n, p) for every voxel of this slice inside box's in-plane extent.
  template <class Visit>
  void forEachVoxelIn(const Box& box, Visit visit) const {
    if (z < box.low.z || z > box.high.z) return;
    const auto& origin = grid.originMm();
    const int nx = grid.size()[0], ny = grid.size()[1];
    const int iLow = std::max(0, int(std::floor((box.low.x - origin.x) / PIXEL_MM)));
    const int iHigh = std::min(nx - 1, int(std::ceil((box.high.x - origin.x) / PIXEL_MM)));
    const int jLow = std::max(0, int(std::floor((box.low.y - origin.y) / PIXEL_MM)));
    const int jHigh = std::min(ny - 1, int(std::ceil((box.high.y - origin.y) / PIXEL_MM)));
    for (int j = jLow; j <= jHigh; ++j)
      for (int i = iLow; i <= iHigh; ++i)
        visit(std::size_t(j) * nx + i, P{origin.x + i * PIXEL_MM, origin.y + j * PIXEL_MM, z});
  }
};

// Masks of the structures, in the order of DemoPatient::structures.
enum Roi { BODY, BLADDER, RECTUM, FEMORAL_HEAD_L, FEMORAL_HEAD_R, GTV_MET, ROI_COUNT };

// The bladder's centre and semi-axes when moderately full; a fuller bladder rises and widens.
constexpr P BLADDER_CENTRE{0, -40, -15};
constexpr core::Vector3<core::Patient> BLADDER_RADII{45, 35, 36};

struct Anatomy {
  std::vector<Shape> bones = pelvicBones();
  Shape bladder;
  Shape rectum = phantom::rectum();
  Shape prostate = ellipsoid({0, -30, -70}, {20, 15, 16});
  Shape femoralHeadLeft = sphere(femoralHeadCentre(1), FEMORAL_HEAD_RADIUS_MM);
  Shape femoralHeadRight = sphere(femoralHeadCentre(-1), FEMORAL_HEAD_RADIUS_MM);
  Shape metastasis = ellipsoid(METASTASIS_CENTRE, METASTASIS_RADII);
  std::vector<Shape> iliopsoas;
  // bladderFilling scales the bladder's lateral and superior semi-axes (1: the planning CT's),
  // growing it upwards from its base behind the pubis.
  explicit Anatomy(double bladderFilling)
      : bladder(ellipsoid({BLADDER_CENTRE.x, BLADDER_CENTRE.y, BLADDER_CENTRE.z + BLADDER_RADII.z * (bladderFilling - 1)},
                          {BLADDER_RADII.x * bladderFilling, BLADDER_RADII.y, BLADDER_RADII.z * bladderFilling})) {
    for (const double side : {1.0, -1.0}) {
      iliopsoas.push_back(taperedCapsule(sided(side, 45, 25, 150), sided(side, 68, -5, 30), 20, 20));
      iliopsoas.push_back(taperedCapsule(sided(side, 68, -5, 30), sided(side, 78, -40, -40), 20, 18));
      iliopsoas.push_back(taperedCapsule(sided(side, 78, -40, -40), sided(side, 85, -45, -110), 18, 14));
    }
  }
};

void paintSlice(const Anatomy& anatomy, const SliceCanvas& canvas, std::array<std::span<std::uint8_t>, ROI_COUNT> roi,
                std::vector<float>& boneDistanceMm) {
  const auto& grid = canvas.grid;
  const int nx = grid.size()[0], ny = grid.size()[1];
  const double z = canvas.z;
  auto& tissue = canvas.tissue;
  const auto& origin = grid.originMm();

  // Body, skin, subcutaneous fat and muscle; couch and air outside.
  const Outline outline = bodyOutline(z);
  for (int j = 0; j < ny; ++j) {
    const double y = origin.y + j * PIXEL_MM;
    const bool couchRow = y >= COUCH_TOP_Y && y <= COUCH_BOTTOM_Y;
    const std::size_t rowStart = std::size_t(j) * nx;
    for (int i = 0; i < nx; ++i) {
      const double x = origin.x + i * PIXEL_MM;
      tissue[rowStart + i] = couchRow && std::abs(x) <= COUCH_HALF_WIDTH ? Tissue::Couch : Tissue::Air;
    }
    const double v = y / (y < 0 ? outline.anteriorMm : outline.posteriorMm);
    if (std::abs(v) >= 1) continue;
    // Only the span of the row inside the outline needs the depth below the skin.
    const double halfSpanMm = outline.halfWidthMm * std::sqrt(1 - v * v);
    const int iLow = std::max(0, int(std::ceil((-halfSpanMm - origin.x) / PIXEL_MM)));
    const int iHigh = std::min(nx - 1, int(std::floor((halfSpanMm - origin.x) / PIXEL_MM)));
    for (int i = iLow; i <= iHigh; ++i) {
      const double x = origin.x + i * PIXEL_MM;
      const std::size_t n = rowStart + i;
      const double depthMm = depthBelowSkinMm(outline, x, y);
      if (depthMm < 0) continue;
      roi[BODY][n] = 1;
      tissue[n] = depthMm < SKIN_MM                      ? Tissue::Skin
                  : depthMm < subcutaneousFatMm(x, y) ? Tissue::SubcutaneousFat
                                                          : Tissue::Muscle;
    }
  }

  // Pelvic fat in the true pelvis, narrowing to the pelvic floor; bowel above the bladder dome.
  if (z >= -110 && z < 20) {
    const double s = std::sqrt(std::max(0.0, 1 - std::pow((z + 45) / 65, 2)));
    const double halfWidth = (50 + 0.4 * std::max(0.0, z + 20)) * (0.4 + 0.6 * s);
    const double halfDepth = 62 * (0.6 + 0.4 * s);
    const Box box{{-halfWidth, -10 - halfDepth, z}, {halfWidth, -10 + halfDepth, z}};
    canvas.forEachVoxelIn(box, [&](std::size_t n, const P& p) {
      if (length(p.x / halfWidth, (p.y + 10) / halfDepth) <= 1) tissue[n] = Tissue::PelvicFat;
    });
  } else if (z >= 20) {
    const double halfWidth = std::min(105.0, 55 + 0.5 * (z - 20)), halfDepth = 70;
    const Box box{{-halfWidth, -25 - halfDepth, z}, {halfWidth, -25 + halfDepth, z}};
    canvas.forEachVoxelIn(box, [&](std::size_t n, const P& p) {
      if (length(p.x / halfWidth, (p.y + 25) / halfDepth) <= 1) tissue[n] = Tissue::Bowel;
    });
  }
  for (const Shape& muscle : anatomy.iliopsoas)
    canvas.forEachVoxelIn(muscle.box, [&](std::size_t n, const P& p) {
      if (muscle.distanceMm(p) < 0 && roi[BODY][n]) tissue[n] = Tissue::Muscle;
    });

  // Organs.
  canvas.forEachVoxelIn(anatomy.prostate.box, [&](std::size_t n, const P& p) {
    if (anatomy.prostate.distanceMm(p) < 0) tissue[n] = Tissue::Prostate;
  });
  canvas.forEachVoxelIn(anatomy.bladder.box, [&](std::size_t n, const P& p) {
    const double d = anatomy.bladder.distanceMm(p);
    if (d >= 0) return;
    tissue[n] = d > -BLADDER_WALL_MM ? Tissue::BladderWall : Tissue::Urine;
    roi[BLADDER][n] = 1;
  });
  canvas.forEachVoxelIn(anatomy.rectum.box, [&](std::size_t n, const P& p) {
    const double d = anatomy.rectum.distanceMm(p);
    if (d >= 0) return;
    // Gas fills the ampulla above the anal canal.
    const bool gas = d < -RECTAL_WALL_MM && p.z > -75 && p.z < 25;
    tissue[n] = gas ? Tissue::RectalGas : Tissue::RectalWall;
    roi[RECTUM][n] = 1;
  });

  // Bones: union of all shapes, cortex within CORTEX_MM of the surface.
  std::fill(boneDistanceMm.begin(), boneDistanceMm.end(), INFINITY);
  for (const Shape& bone : anatomy.bones)
    canvas.forEachVoxelIn(bone.box, [&](std::size_t n, const P& p) {
      boneDistanceMm[n] = std::min(boneDistanceMm[n], float(bone.distanceMm(p)));
    });
  for (std::size_t n = 0; n < tissue.size(); ++n) {
    if (!(boneDistanceMm[n] < 0) || !roi[BODY][n]) continue;
    tissue[n] = boneDistanceMm[n] > -CORTEX_MM ? Tissue::CorticalBone : Tissue::TrabecularBone;
  }
  // The metastasis expands the ramus (it is part of the bone union, so keeps a thin cortex) and
  // replaces its trabecular bone.
  canvas.forEachVoxelIn(anatomy.metastasis.box, [&](std::size_t n, const P& p) {
    if (anatomy.metastasis.distanceMm(p) >= 0) return;
    roi[GTV_MET][n] = 1;
    if (tissue[n] == Tissue::TrabecularBone) tissue[n] = Tissue::LyticLesion;
  });
  canvas.forEachVoxelIn(anatomy.femoralHeadLeft.box, [&](std::size_t n, const P& p) {
    if (anatomy.femoralHeadLeft.distanceMm(p) < 0) roi[FEMORAL_HEAD_L][n] = 1;
  });
  canvas.forEachVoxelIn(anatomy.femoralHeadRight.box, [&](std::size_t n, const P& p) {
    if (anatomy.femoralHeadRight.distanceMm(p) < 0) roi[FEMORAL_HEAD_R][n] = 1;
  });
}

std::int16_t huOf(Tissue tissue, float texture) {
  const TissueHu& t = TISSUE_HU[std::size_t(tissue)];
  if (tissue == Tissue::Bowel && texture < BOWEL_FAT_BELOW) return std::int16_t(TISSUE_HU[std::size_t(Tissue::PelvicFat)].baseHu);
  if (tissue == Tissue::LyticLesion && texture > SCLEROTIC_ABOVE) return std::int16_t(SCLEROTIC_HU);
  return std::int16_t(std::floor(t.baseHu + t.textureHu * texture + 0.5));
}

// The identity of a study of the demo patient: the same patient in every study; study, series
// and Frame of Reference UIDs from the study's own seed (e.g. "" for the planning CT,
// "course1/").
core::SeriesIdentity demoIdentity(const std::string& studySeed) {
  const auto uid = [&](std::string_view what) {
    return core::deterministicUid(std::string(UID_SEED_PREFIX) + studySeed + std::string(what));
  };
  core::SeriesIdentity identity;
  identity.patientId = "KERMA-DEMO-001";
  identity.patientName = "KERMA^DEMO PELVIS";
  identity.patientBirthDate = "19500312";
  identity.patientSex = "M";
  identity.studyInstanceUid = uid("study");
  identity.studyId = "DEMO1";
  identity.studyDate = "20240115";
  identity.studyTime = "093000";
  identity.studyDescription = "Pelvis planning CT (synthetic Kerma demo)";
  identity.accessionNumber = "KERMADEMO1";
  identity.seriesInstanceUid = uid("ct-series");
  identity.seriesDescription = "Synthetic pelvis 3 mm";
  identity.seriesNumber = 1;
  identity.frameOfReferenceUid = uid("frame-of-reference");
  identity.modality = "CT";
  identity.patientPosition = "HFS";
  return identity;
}

// The pelvis painted on the planning CT's grid (3 mm slices) in the planning CT's position.
DemoPatient paintDemoPatient(const Anatomy& anatomy) {
  // Centred on the patient: the middle of the grid is the origin of patient coordinates.
  const core::VolumeGeometry grid({COLUMNS, ROWS, SLICES},
                                  {-(COLUMNS - 1) * PIXEL_MM / 2, -(ROWS - 1) * PIXEL_MM / 2, -(SLICES - 1) * SLICE_MM / 2},
                                  {PIXEL_MM, PIXEL_MM, SLICE_MM});
  DemoPatient patient;
  patient.ct.identity = demoIdentity("");
  patient.ct.hu = core::CtVolume(grid, 0);

  const std::array<std::tuple<const char*, structure::RoiType, structure::Rgb>, ROI_COUNT> rois = {{
      {"BODY", structure::RoiType::External, {0, 170, 0}},
      {"Bladder", structure::RoiType::Organ, {255, 220, 0}},
      {"Rectum", structure::RoiType::Organ, {150, 75, 0}},
      {"FemoralHead_L", structure::RoiType::Organ, {0, 200, 255}},
      {"FemoralHead_R", structure::RoiType::Organ, {255, 128, 255}},
      {"GTV_Met", structure::RoiType::Gtv, {255, 0, 0}},
  }};
  for (const auto& [name, type, colour] : rois)
    patient.structures.push_back({name, type, colour, structure::Mask(grid, 0), {}});

  const Texture texture(grid, TEXTURE_SEED);
  std::vector<Tissue> tissue(std::size_t(COLUMNS) * ROWS);
  std::vector<float> boneDistanceMm(tissue.size()), textureOfSlice;
  for (int k = 0; k < SLICES; ++k) {
    std::array<std::span<std::uint8_t>, ROI_COUNT> roiSlices;
    for (int r = 0; r < ROI_COUNT; ++r) roiSlices[r] = patient.structures[r].mask.slice(k);
    const double z = grid.originMm().z + k * SLICE_MM;
    paintSlice(anatomy, SliceCanvas{grid, z, tissue}, roiSlices, boneDistanceMm);
    texture.slice(k, ROWS, textureOfSlice);
    auto hu = patient.ct.hu.slice(k);
    for (std::size_t n = 0; n < hu.size(); ++n) hu[n] = huOf(tissue[n], textureOfSlice[n]);
  }
  for (auto& roi : patient.structures) roi.contours = structure::extractContours(roi.mask);
  return patient;
}

// The patient of painted scanned again on slices of sliceMm over the same length, lying where
// scanFromPainted puts it: the CT resampled (trilinear), every structure's mask too (a voxel is in
// where the resampled mask is at least one half) and its contours drawn again.
DemoPatient rescanDemo(const DemoPatient& painted, double sliceMm,
                       const core::Transform<core::Patient, core::Patient>& scanFromPainted) {
  const core::VolumeGeometry& g = painted.ct.hu.geometry();
  const int slices = int(std::floor((g.size()[2] - 1) * g.spacingMm()[2] / sliceMm)) + 1;
  const core::VolumeGeometry grid({g.size()[0], g.size()[1], slices},
                                  {g.originMm().x, g.originMm().y, -(slices - 1) * sliceMm / 2},
                                  {g.spacingMm()[0], g.spacingMm()[1], sliceMm});
  DemoPatient scanned;
  scanned.ct.hu = rescanned(painted.ct.hu, {grid, scanFromPainted, 0, 1});
  for (const structure::Structure& roi : painted.structures) {
    // Trilinear values of a 0/1 mask rounded to the nearest: in from one half up.
    structure::Structure moved{roi.name, roi.type, roi.colour,
                               core::resample(roi.mask, grid, std::uint8_t{0}, scanFromPainted.inverse()), {}};
    moved.contours = structure::extractContours(moved.mask);
    scanned.structures.push_back(std::move(moved));
  }
  return scanned;
}

// The first course's CTV and PTV (CLINICAL-CASE.md), drawn on its own CT as a physicist would.
void addFirstCourseTargets(DemoPatient& patient) {
  const structure::Mask& gtv = patient.structures[GTV_MET].mask;
  const structure::Mask bone = structure::thresholdMask(patient.ct.hu, BONE_LOW_HU, BONE_HIGH_HU);
  const structure::Mask ctv = structure::expandWithin(gtv, structure::MarginMm::isotropic(CTV_MARGIN_MM), bone);
  structure::Mask ptv = structure::expand(ctv, structure::MarginMm::isotropic(PTV_MARGIN_MM));
  patient.structures.push_back({"CTV", structure::RoiType::Ctv, {255, 128, 0}, ctv, structure::extractContours(ctv)});
  patient.structures.push_back({"PTV", structure::RoiType::Ptv, {255, 0, 255}, ptv, structure::extractContours(ptv)});
}

}  // namespace

DemoPatient makeDemoPatient() { return paintDemoPatient(Anatomy(1)); }

core::Transform<core::Patient, core::Patient> secondCourseFromFirst() {
  // Rotations about the patient's centre (the origin) by 1.5, -1 and 2 degrees about x, y and z,
  // then 6 mm to the left, 14 mm anterior and 22 mm superior: a set-up seven years apart.
  constexpr double DEG = std::numbers::pi / 180;
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = (Eigen::AngleAxisd(2 * DEG, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-1 * DEG, Eigen::Vector3d::UnitY()) *
                Eigen::AngleAxisd(1.5 * DEG, Eigen::Vector3d::UnitX()))
                   .toRotationMatrix();
  m.translation() = Eigen::Vector3d(6, -14, 22);
  return core::Transform<core::Patient, core::Patient>(m);
}

DemoPatient makeDemoCourse(DemoCourse course) {
  const bool first = course == DemoCourse::First2012;
  DemoPatient patient =
      first ? rescanDemo(paintDemoPatient(Anatomy(1)), FIRST_COURSE_SLICE_MM, {})
            : rescanDemo(paintDemoPatient(Anatomy(SECOND_COURSE_BLADDER_FILLING)), SECOND_COURSE_SLICE_MM,
                         secondCourseFromFirst());
  core::SeriesIdentity& id = patient.ct.identity;
  id = demoIdentity(first ? "course1/" : "course2/");
  id.studyId = first ? "DEMO2012" : "DEMO2019";
  id.studyDate = first ? "20121203" : "20191118";
  id.studyTime = first ? "101500" : "083000";
  id.studyDescription = first ? "Pelvis planning CT, first course (synthetic Kerma demo)"
                              : "Pelvis planning CT, re-irradiation (synthetic Kerma demo)";
  id.accessionNumber = first ? "KERMADEMO2012" : "KERMADEMO2019";
  id.seriesDescription = first ? "Synthetic pelvis 10 mm" : "Synthetic pelvis 5 mm";
  if (first) addFirstCourseTargets(patient);
  return patient;
}

}  // namespace kerma::phantom
