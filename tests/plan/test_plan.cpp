// plan::Plan: an AP/PA pair on the small water patient computed by the engine, normalised to the
// target's D95; a weight change re-sums the per-beam doses exactly as the engine would compute
// them with the new weights.

#include "kerma/plan/plan.h"
#include "kerma/plan/reference_points.h"

#include "small_ct.h"

#include "kerma/core/error.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/eval/dvh.h"
#include "kerma/eval/radiobiology.h"
#include "kerma/structure/contour_extraction.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kerma::plan {
namespace {

// The dose grid of a 5 mm calculation and its D95 histogram bins.
constexpr double GRID_MM = 5, D95_TOLERANCE_GY = 0.05;

struct Scene {
  std::shared_ptr<const core::CtImage> ct = testing::smallCt();
  std::vector<structure::Structure> structures;
  eval::DoseEngineData engine{dose::loadMachine(KERMA_MACHINE_DIR), dose::loadBeamModel(KERMA_MACHINE_DIR),
                              dose::loadCtDensityCurve(KERMA_RESOURCE_DIR "/ct-density/generic-120kvp.csv")};
  std::vector<dose::Beam> beams;
  eval::Prescription rx = eval::parsePrescription("20Gy/5");

  Scene() {
    structures.push_back(testing::cubeStructure(ct->hu.geometry()));
    structures.push_back({"BODY", structure::RoiType::External, {0, 200, 0}, structure::Mask(ct->hu.geometry(), 1), {}});
    rx.target = "Cube";
    const auto centre = *structure::centroidMm(structures[0].mask);
    for (const double gantryDeg : {0.0, 180.0}) {
      dose::Beam beam;
      beam.name = gantryDeg == 0 ? "AP" : "PA";
      beam.gantryAngleDeg = gantryDeg;
      beam.isocenterMm = centre;
      beam.jawsMm = {-15, 15, -15, 15};
      beam.energy = engine.machine.energies.front();
      beams.push_back(beam);
    }
  }
};

double d95Gy(const Plan& plan, const structure::Structure& target, const core::SeriesIdentity& ct) {
  std::vector<std::vector<structure::PlanarContour>> contours{structure::extractContours(target.mask)};
  return eval::doseStatistics(eval::computeDvhs(contours, doseDistribution(plan, ct))[0]).d95Gy;
}

TEST(Plan, ComputedFromBeamsAndNormalisedToTheTargetsD95) {
  const Scene scene;
  const auto plan = computePlan(*scene.ct, scene.structures, scene.beams, scene.rx, scene.engine, GRID_MM);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->muPerFraction.size(), 2u);
  ASSERT_EQ(plan->beamGyPerMu.size(), 2u);
  EXPECT_GT(plan->muPerFraction[0], 0);
  EXPECT_NEAR(d95Gy(*plan, scene.structures[0], scene.ct->identity), 20, D95_TOLERANCE_GY);
  EXPECT_EQ(plan->machine.checksum, scene.engine.machine.checksum);
  EXPECT_EQ(plan->normalisedOn.name, "Cube");
  EXPECT_TRUE(deliveryWarnings(*plan).empty());
  EXPECT_EQ(describeOrigin(*plan), "computed: 2 beams on Cube, 20 Gy / 5 fx");
  EXPECT_EQ(doseDistribution(*plan, scene.ct->identity).identity.modality, "RTDOSE");
}

TEST(Plan, AWeightChangeResumsTheBeamsExactlyAsTheEngineWould) {
  Scene scene;
  auto plan = computePlan(*scene.ct, scene.structures, scene.beams, scene.rx, scene.engine, GRID_MM);
  ASSERT_TRUE(plan);
  std::vector<dose::Beam> weighted = scene.beams;
  weighted[1].weight = 2;
  weighted[0].name = "AP anterior";
  ASSERT_TRUE(onlyWeightsChanged(*plan, weighted));
  reweight(*plan, weighted);
  const auto computed = computePlan(*scene.ct, scene.structures, weighted, scene.rx, scene.engine, GRID_MM);
  ASSERT_TRUE(computed);
  ASSERT_EQ(plan->doseGy.values().size(), computed->doseGy.values().size());
  for (std::size_t n = 0; n < plan->doseGy.values().size(); ++n)
    ASSERT_EQ(plan->doseGy.values()[n], computed->doseGy.values()[n]) << "voxel " << n;
  EXPECT_EQ(plan->muPerFraction, computed->muPerFraction);
  EXPECT_EQ(plan->beams[0].name, "AP anterior");

  std::vector<dose::Beam> turned = weighted;
  turned[0].gantryAngleDeg = 10;
  EXPECT_FALSE(onlyWeightsChanged(*plan, turned));
  turned.pop_back();
  EXPECT_FALSE(onlyWeightsChanged(*plan, turned));
}

// A beam's weight is its share of the dose at its isocentre, so with the plan normalised to the
// isocentre, weights 1 and 3 give 1 and 3 parts of the 4 Gy of a 20 Gy / 5 fraction at that point.
TEST(ReferencePoints, DosePerBeamPerFractionAndTotalAtTheIsocentreFollowTheWeights) {
  Scene scene;
  scene.beams[1].weight = 3;
  scene.rx.normalisation = eval::Normalisation::Point;
  scene.rx.pointMm = scene.beams[0].isocenterMm;
  const auto plan = computePlan(*scene.ct, scene.structures, scene.beams, scene.rx, scene.engine, GRID_MM);
  ASSERT_TRUE(plan);
  const core::Point3<core::Patient> far{500, 0, 0};
  const auto points = referencePoints(*plan, {{"Cord", {0, 10, 0}}, {"Far", far}});
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(points[0].name, "Isocentre");
  EXPECT_EQ(points[1].name, "Prescription point");
  const auto doses = pointDoses(*plan, points);
  ASSERT_TRUE(doses[0] && doses[1] && doses[2]);
  const PointDose& iso = *doses[0];
  ASSERT_EQ(iso.beamGyPerFraction.size(), 2u);
  EXPECT_NEAR(iso.beamGyPerFraction[0], 1, 1e-4);
  EXPECT_NEAR(iso.beamGyPerFraction[1], 3, 1e-4);
  EXPECT_NEAR(iso.fractionGy, 4, 1e-4);
  EXPECT_NEAR(iso.totalGy, 20, 1e-3);
  EXPECT_NEAR(doses[1]->totalGy, 20, 1e-3);  // the prescription point is the isocentre here
  // Elsewhere the course's total is the plan dose there.
  EXPECT_NEAR(doses[2]->totalGy, *core::sampleTrilinear(plan->doseGy, points[2].positionMm), 1e-4);
  EXPECT_FALSE(doses[3]) << "a point outside the dose grid has no dose";

  EXPECT_THROW(referencePoints(*plan, {{"Isocentre", far}}), Error);
  EXPECT_THROW(referencePoints(*plan, {{"", far}}), Error);

  // Re-irradiation: a prior course of 21 Gy / 3 everywhere (42 Gy EQD2 at alpha/beta 3); at the
  // isocentre the plan's 20 Gy / 5 adds 20 Gy physically and 20 (4 + 3) / (2 + 3) = 28 Gy EQD2.
  const core::Volume<float> prior(plan->doseGy.geometry(), 21.f);
  const auto cumulative = cumulativePointDoses(*plan, points, {{"2012", &prior, 3}}, 3);
  ASSERT_EQ(cumulative.size(), points.size());
  ASSERT_EQ(cumulative[0].priorGy.size(), 1u);
  EXPECT_NEAR(*cumulative[0].priorGy[0], 21, 1e-5);
  EXPECT_NEAR(*cumulative[0].physicalGy, 21 + iso.totalGy, 1e-5);
  EXPECT_NEAR(*cumulative[0].eqd2Gy, 42 + eval::eqd2Gy(iso.totalGy, 5, 3), 1e-5);
  EXPECT_NEAR(eval::eqd2Gy(20, 5, 3), 28, 1e-9);
  EXPECT_FALSE(cumulative[3].priorGy[0]);
  EXPECT_FALSE(cumulative[3].physicalGy) << "outside a course's grid the cumulative dose is unknown";
  EXPECT_THROW(cumulativePointDoses(*plan, points, {{"2012", &prior, 0}}, 3), Error);
  EXPECT_THROW(cumulativePointDoses(*plan, points, {}, 0), Error);
}

TEST(Plan, RefusesWhatCannotBeComputedNamingIt) {
  Scene scene;
  auto refusal = [&](std::vector<structure::Structure> structures, std::vector<dose::Beam> beams, std::string target) {
    eval::Prescription rx = scene.rx;
    rx.target = std::move(target);
    try {
      computePlan(*scene.ct, structures, std::move(beams), rx, scene.engine, GRID_MM);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(refusal(scene.structures, {}, "Cube").find("no beams"), std::string::npos);
  EXPECT_NE(refusal({scene.structures[0]}, scene.beams, "Cube").find("no BODY"), std::string::npos);
  EXPECT_NE(refusal(scene.structures, scene.beams, "PTV").find("'PTV'"), std::string::npos);
}

}  // namespace
}  // namespace kerma::plan
