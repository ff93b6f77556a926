#include "kerma/eval/dose_distribution.h"

#include "kerma/core/error.h"

namespace kerma::eval {

std::optional<double> sampleDoseGy(const DoseDistribution& dose, const core::Point3<core::Patient>& p) {
  return core::sampleTrilinear(dose.doseGy, p);
}

std::string dicomTerm(DoseUnits units) {
  switch (units) {
    case DoseUnits::Gy: return "GY";
    case DoseUnits::Relative: return "RELATIVE";
  }
  return {};
}

std::string dicomTerm(DoseType type) {
  switch (type) {
    case DoseType::Physical: return "PHYSICAL";
    case DoseType::Effective: return "EFFECTIVE";
    case DoseType::Error: return "ERROR";
  }
  return {};
}

void requireSameFrameOfReference(const std::string& frameOfReferenceUidA, const std::string& whatA,
                                 const std::string& frameOfReferenceUidB, const std::string& whatB) {
  if (!frameOfReferenceUidA.empty() && frameOfReferenceUidA == frameOfReferenceUidB) return;
  auto uid = [](const std::string& u) { return u.empty() ? std::string("(none)") : u; };
  throw Error(ErrorCode::BadInput, whatA + " has Frame of Reference UID (0020,0052) " + uid(frameOfReferenceUidA) +
                                       " but " + whatB + " has " + uid(frameOfReferenceUidB) +
                                       "; expected the same Frame of Reference");
}

}  // namespace kerma::eval
