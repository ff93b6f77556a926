#include "kerma/dose/beam_model.h"

#include "csv_rows.h"

#include "kerma/core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace kerma::dose {

namespace {

Error badInput(const std::filesystem::path& file, const std::string& what) {
  return Error(ErrorCode::BadInput, file.string() + ": " + what);
}

/// The number N of a "# <key> N" comment of a kernel file (key "azimuths" or "terms"), or fallback
/// when there is none.
int commentCount(const std::filesystem::path& file, const std::string& key, int fallback) {
  std::ifstream in(file);
  const std::string prefix = "# " + key + " ";
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) {
      const std::string text = line.substr(prefix.size());
      int count = 0;
      const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), count);
      if (status != std::errc() || (end != text.data() + text.size() && *end != '\r'))
        throw badInput(file, "'" + line + "' needs a whole number after '" + prefix + "'");
      return count;
    }
  return fallback;
}

Table1d readTable(const nlohmann::json& j, const char* xKey, const char* yKey,
                  const std::filesystem::path& file, const std::string& name) {
  Table1d t;
  try {
    t.x = j.at(xKey).get<std::vector<double>>();
    t.y = j.at(yKey).get<std::vector<double>>();
  } catch (const nlohmann::json::exception&) {
    throw badInput(file, name + ": expected arrays " + xKey + " and " + yKey);
  }
  if (t.x.empty() || t.x.size() != t.y.size() || !std::is_sorted(t.x.begin(), t.x.end()))
    throw badInput(file, name + ": expected equally long arrays with increasing " + xKey);
  return t;
}

}  // namespace

double AttenuationTable::muOverRhoCm2PerG(double E) const {
  assert(!energyMeV.empty() && "attenuation table loaded");
  if (E <= energyMeV.front()) return valuesCm2PerG.front();
  if (E >= energyMeV.back()) return valuesCm2PerG.back();
  const auto upper = std::upper_bound(energyMeV.begin(), energyMeV.end(), E);
  const std::size_t n = static_cast<std::size_t>(upper - energyMeV.begin());
  const double f = std::log(E / energyMeV[n - 1]) / std::log(energyMeV[n] / energyMeV[n - 1]);
  return std::exp((1 - f) * std::log(valuesCm2PerG[n - 1]) + f * std::log(valuesCm2PerG[n]));
}

double KernelPolarBin::cumulative(double rMm) const {
  double c = 0;
  for (const KernelTerm& t : terms) c += t.fraction * -std::expm1(-t.aPerMm * rMm);
  return c;
}

double Table1d::at(double value) const {
  assert(!x.empty() && "table has points");
  if (value <= x.front()) return y.front();
  if (value >= x.back()) return y.back();
  const auto upper = std::upper_bound(x.begin(), x.end(), value);
  const std::size_t n = static_cast<std::size_t>(upper - x.begin());
  const double f = (value - x[n - 1]) / (x[n] - x[n - 1]);
  return (1 - f) * y[n - 1] + f * y[n];
}

BeamModel BeamModel::pointSource() const {
  BeamModel m = *this;
  m.primarySourceSigmaMm = 0;
  m.extraFocalWeight = 0;
  m.offAxisIntensity = Table1d{{0.0}, {1.0}};
  m.offAxisSofteningPerMm = 0;
  return m;
}

BeamModel loadBeamModel(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / "beam_model.json";
  std::ifstream in(file);
  if (!in) throw Error(ErrorCode::Io, file.string() + ": cannot be read");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw badInput(file, std::string("syntax error: ") + e.what());
  }
  BeamModel m;
  try {
    for (const auto& row : readCsv(folder / j.at("spectrumFile").get<std::string>(), 3))
      m.spectrum.push_back({row[0], row[1], row[2]});
    for (const auto& row : readCsv(folder / j.at("attenuationFile").get<std::string>(), 2)) {
      m.attenuation.energyMeV.push_back(row[0]);
      m.attenuation.valuesCm2PerG.push_back(row[1]);
    }
    const std::filesystem::path kernelFile = folder / j.at("kernelFile").get<std::string>();
    const int terms = commentCount(kernelFile, "terms", 0);
    if (terms < 1 || terms > MAX_KERNEL_TERMS)
      throw badInput(kernelFile, "needs a '# terms N' line with N from 1 to " + std::to_string(MAX_KERNEL_TERMS));
    for (const auto& row : readCsv(kernelFile, 3 + 2 * static_cast<std::size_t>(terms))) {
      KernelPolarBin bin{row[0], row[1], row[2], {}};
      for (int k = 0; k < terms; ++k) bin.terms.push_back({row[3 + 2 * k], row[4 + 2 * k]});
      m.kernel.polarBins.push_back(std::move(bin));
    }
    m.kernel.azimuthCount = commentCount(kernelFile, "azimuths", 12);
    // The superposition sums in fixed point with room for twice the TERMA (collapsed_cone.cpp).
    double kernelEnergy = 0;
    for (const KernelPolarBin& bin : m.kernel.polarBins)
      for (const KernelTerm& t : bin.terms) kernelEnergy += t.fraction;
    if (kernelEnergy <= 0 || kernelEnergy > 1.5)
      throw badInput(kernelFile, "the fractions must sum to between 0 and 1.5 (energy per unit TERMA)");
    m.collimatorDistanceMm = j.at("collimatorDistanceMm").get<double>();
    m.primarySourceSigmaMm = j.at("primarySourceSigmaMm").get<double>();
    m.extraFocalWeight = j.at("extraFocalSource").at("weight").get<double>();
    m.extraFocalSigmaAtIsoMm = j.at("extraFocalSource").at("sigmaAtIsocentreMm").get<double>();
    m.offAxisIntensity = readTable(j.at("offAxisIntensity"), "radiusAtIsocentreMm", "relative", file,
                                   "offAxisIntensity");
    m.offAxisSofteningPerMm = j.at("offAxisSofteningPerMm").get<double>();
    m.leafTipTransmissionWidthMm = j.at("leafTipTransmissionWidthMm").get<double>();
    m.tongueAndGrooveWidthMm = j.at("tongueAndGrooveWidthMm").get<double>();
    m.collimatorScatter = readTable(j.at("collimatorScatter"), "equivalentSquareMm", "sc", file,
                                    "collimatorScatter");
    const auto& calibration = j.at("calibration");
    m.calibrationGyPerMu = calibration.at("gyPerMu").get<double>();
    m.calibrationFieldMm = calibration.at("fieldMm").get<double>();
    m.calibrationSsdMm = calibration.at("ssdMm").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw badInput(file, std::string("missing or wrong value: ") + e.what());
  }
  if (m.kernel.azimuthCount < 1 || m.kernel.polarBins.empty())
    throw badInput(file, "kernel has no directions");
  if (m.collimatorDistanceMm <= 0 || m.extraFocalWeight < 0 || m.extraFocalWeight >= 1)
    throw badInput(file, "collimatorDistanceMm must be positive and extraFocalSource.weight in [0, 1)");
  return m;
}

}  // namespace kerma::dose
