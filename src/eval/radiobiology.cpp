#include "kerma/eval/radiobiology.h"

#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"

#include <algorithm>
#include <cmath>

namespace kerma::eval {

namespace {

constexpr double REFERENCE_FRACTION_GY = 2;

void requireFractionation(int fractions, double alphaBetaGy) {
  if (fractions < 1)
    throw Error(ErrorCode::BadInput, "number of fractions is " + std::to_string(fractions) + "; expected at least 1");
  if (!(alphaBetaGy > 0) || !std::isfinite(alphaBetaGy))
    throw Error(ErrorCode::BadInput, "alpha/beta is " + std::to_string(alphaBetaGy) + " Gy; expected a positive number");
}

// BED of a total dose in n fractions with the given α/β (eq. 1).
double lqBed(double totalDoseGy, int fractions, double alphaBetaGy) {
  const double dGy = std::max(0.0, totalDoseGy);
  return dGy * (1 + dGy / fractions / alphaBetaGy);
}

double lqEqd2(double totalDoseGy, int fractions, double alphaBetaGy) {
  return lqBed(totalDoseGy, fractions, alphaBetaGy) / (1 + REFERENCE_FRACTION_GY / alphaBetaGy);
}

template <class PerVoxel>
core::Volume<float> mapVoxels(const core::Volume<float>& physicalGy, const core::Volume<float>& alphaBetaGy,
                              PerVoxel perVoxel) {
  if (!physicalGy.geometry().sameGridAs(alphaBetaGy.geometry()))
    throw Error(ErrorCode::Internal, "alpha/beta map is not on the dose grid");
  core::Volume<float> out(physicalGy.geometry());
  const auto d = physicalGy.values();
  const auto ab = alphaBetaGy.values();
  auto o = out.values();
  for (std::size_t n = 0; n < d.size(); ++n) {
    if (!(ab[n] > 0)) throw Error(ErrorCode::BadInput, "alpha/beta map holds " + std::to_string(ab[n]) + " Gy; expected positive values");
    o[n] = static_cast<float>(perVoxel(double(d[n]), double(ab[n])));
  }
  return out;
}

void requirePhysicalGy(const DoseDistribution& dose, const std::string& what) {
  if (dose.units != DoseUnits::Gy)
    throw Error(ErrorCode::BadInput, what + ": Dose Units (3004,0002) is " + dicomTerm(dose.units) + "; expected GY");
  if (dose.type != DoseType::Physical)
    throw Error(ErrorCode::BadInput, what + ": Dose Type (3004,0004) is " + dicomTerm(dose.type) + "; expected PHYSICAL");
}

// A course adds to the first on the first's Frame of Reference, or on its own with a registration
// that maps exactly its frame to the first's.
void requireMappable(const Course& course, const Course& first) {
  const std::string& firstFrame = first.dose.identity.frameOfReferenceUid;
  const std::string& courseFrame = course.dose.identity.frameOfReferenceUid;
  if (!course.registration) {
    requireSameFrameOfReference(firstFrame, first.label, courseFrame, course.label);
    return;
  }
  const core::FrameRegistration& r = *course.registration;
  if (r.movingFrameOfReferenceUid != courseFrame || r.fixedFrameOfReferenceUid != firstFrame)
    throw Error(ErrorCode::BadInput, course.label + ": its registration maps Frame of Reference " +
                                         r.movingFrameOfReferenceUid + " to " + r.fixedFrameOfReferenceUid +
                                         "; expected " + courseFrame + " (" + course.label + ") to " + firstFrame +
                                         " (" + first.label + ")");
}

}  // namespace

double bedGy(double totalDoseGy, int fractions, double alphaBetaGy) {
  requireFractionation(fractions, alphaBetaGy);
  return lqBed(totalDoseGy, fractions, alphaBetaGy);
}

double eqd2Gy(double totalDoseGy, int fractions, double alphaBetaGy) {
  requireFractionation(fractions, alphaBetaGy);
  return lqEqd2(totalDoseGy, fractions, alphaBetaGy);
}

core::Volume<float> structureValueMap(const core::VolumeGeometry& grid, double defaultValue,
                                      const std::vector<StructureValue>& values) {
  core::Volume<float> map(grid, static_cast<float>(defaultValue));
  for (const auto& entry : values) {
    if (entry.mask == nullptr) continue;
    for (int k = 0; k < grid.size()[2]; ++k)
      for (int j = 0; j < grid.size()[1]; ++j)
        for (int i = 0; i < grid.size()[0]; ++i)
          if (structure::insideMask(*entry.mask, grid.patientPoint({i, j, k})))
            map.at({i, j, k}) = static_cast<float>(entry.value);
  }
  return map;
}

core::Volume<float> eqd2Volume(const core::Volume<float>& physicalGy, int fractions,
                               const core::Volume<float>& alphaBetaGy) {
  requireFractionation(fractions, 1);
  return mapVoxels(physicalGy, alphaBetaGy, [fractions](double d, double ab) { return lqEqd2(d, fractions, ab); });
}

core::Volume<float> bedVolume(const core::Volume<float>& physicalGy, int fractions,
                              const core::Volume<float>& alphaBetaGy) {
  requireFractionation(fractions, 1);
  return mapVoxels(physicalGy, alphaBetaGy, [fractions](double d, double ab) { return lqBed(d, fractions, ab); });
}

DoseDistribution eqd2Distribution(const DoseDistribution& dose, int fractions, double alphaBetaGy) {
  requirePhysicalGy(dose, "dose");
  requireFractionation(fractions, alphaBetaGy);
  DoseDistribution out = dose;
  out.type = DoseType::Effective;
  out.doseGy = eqd2Volume(dose.doseGy, fractions, core::Volume<float>(dose.doseGy.geometry(), float(alphaBetaGy)));
  return out;
}

DoseDistribution sumCourses(const std::vector<Course>& courses, const SumOptions& options) {
  if (courses.empty()) throw Error(ErrorCode::BadInput, "plan sum: no courses given");
  const Course& first = courses.front();
  for (const auto& course : courses) {
    requirePhysicalGy(course.dose, course.label);
    requireFractionation(course.fractions, options.alphaBetaGy);
    requireMappable(course, first);
    core::requireSamePatient(first.dose.identity, first.label, course.dose.identity, course.label);
    auto checkRecovered = [&](double r) {
      if (!(r >= 0 && r <= 1))
        throw Error(ErrorCode::BadInput, course.label + ": recovered fraction is " + std::to_string(r) +
                                             "; expected a number from 0 to 1");
    };
    checkRecovered(course.recoveredFraction);
    for (const auto& s : course.recoveredByStructure) checkRecovered(s.value);
  }
  const core::VolumeGeometry grid = options.grid.value_or(first.dose.doseGy.geometry());
  const core::Volume<float> alphaBeta = structureValueMap(grid, options.alphaBetaGy, options.alphaBetaByStructure);

  DoseDistribution sum;
  sum.identity = first.dose.identity;
  sum.units = DoseUnits::Gy;
  sum.type = options.mode == SumMode::Eqd2 ? DoseType::Effective : DoseType::Physical;
  sum.summationType = "MULTI_PLAN";
  sum.doseGy = core::Volume<float>(grid, 0.0f);
  auto total = sum.doseGy.values();
  for (const auto& course : courses) {
    const core::Volume<float> onGrid =
        course.registration ? core::mapOntoFixed(course.dose.doseGy, grid, 0.0f, *course.registration)
        : course.dose.doseGy.geometry().sameGridAs(grid) ? course.dose.doseGy
                                                          : core::resample(course.dose.doseGy, grid, 0.0f);
    const core::Volume<float> kept = structureValueMap(grid, 1 - course.recoveredFraction, [&] {
      std::vector<StructureValue> keptByStructure;
      for (const auto& s : course.recoveredByStructure) keptByStructure.push_back({s.mask, 1 - s.value});
      return keptByStructure;
    }());
    const auto d = onGrid.values();
    const auto ab = alphaBeta.values();
    const auto keep = kept.values();
    for (std::size_t n = 0; n < total.size(); ++n) {
      const double doseGy = options.mode == SumMode::Eqd2 ? lqEqd2(d[n], course.fractions, ab[n]) : d[n];
      total[n] += static_cast<float>(keep[n] * doseGy);
    }
  }
  return sum;
}

}  // namespace kerma::eval
