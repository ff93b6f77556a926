#include "rtplan_terms.h"

#include "dataset_reading.h"
#include "export_modules.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <cmath>
#include <cstdlib>

namespace kerma::dicom {

namespace {
constexpr const char* MACHINE_KEY = "machine: ";
constexpr const char* VERSION_KEY = "version: ";
constexpr const char* CHECKSUM_KEY = "sha256: ";
constexpr const char* DOSE_KEY = "dose: ";
constexpr const char* SEPARATOR = "; ";
}  // namespace

std::optional<double> nominalEnergyMeV(const std::string& energy) {
  if (energy.size() < 2 || energy.back() != 'X') return std::nullopt;
  const std::string number = energy.substr(0, energy.size() - 1);
  char* end = nullptr;
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(value > 0) || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string photonEnergyName(double nominalEnergyMeV) { return decimalString(nominalEnergyMeV) + "X"; }

std::string planDescription(const PlanMachine& machine, const std::string& doseAlgorithm) {
  std::string text = MACHINE_KEY + machine.name + SEPARATOR + VERSION_KEY + machine.version + SEPARATOR + CHECKSUM_KEY +
                     machine.checksum;
  if (!doseAlgorithm.empty()) text += SEPARATOR + std::string(DOSE_KEY) + doseAlgorithm;
  return text;
}

void readPlanDescription(const std::string& description, PlanMachine& machine, std::string& doseAlgorithm) {
  std::size_t start = 0;
  while (start < description.size()) {
    std::size_t end = description.find(SEPARATOR, start);
    if (end == std::string::npos) end = description.size();
    const std::string field = description.substr(start, end - start);
    const auto take = [&](const char* key, std::string& value) {
      const std::string k = key;
      if (field.compare(0, k.size(), k) == 0) value = field.substr(k.size());
    };
    take(MACHINE_KEY, machine.name);
    take(VERSION_KEY, machine.version);
    take(CHECKSUM_KEY, machine.checksum);
    take(DOSE_KEY, doseAlgorithm);
    start = end + std::string(SEPARATOR).size();
  }
}

PlanApproval readPlanApproval(DcmItem& dataset) {
  const std::string term = readString(dataset, DCM_ApprovalStatus);
  const ApprovalStatus status = term == "APPROVED"   ? ApprovalStatus::Approved
                                : term == "REJECTED" ? ApprovalStatus::Rejected
                                                     : ApprovalStatus::Unapproved;
  return {status, readString(dataset, DCM_ReviewerName), readString(dataset, DCM_ReviewDate),
          readString(dataset, DCM_ReviewTime)};
}

}  // namespace kerma::dicom
