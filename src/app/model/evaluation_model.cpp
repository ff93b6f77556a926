#include "kerma/app/evaluation_model.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <map>
#include <sstream>

namespace kerma::app {

using core::fixedText;
using core::shortestText;

namespace {

constexpr const char* NOT_APPLICABLE = "–";

}  // namespace

bool isTarget(structure::RoiType type) {
  return type == structure::RoiType::Ptv || type == structure::RoiType::Ctv ||
         type == structure::RoiType::Gtv;
}

std::string dvhCsv(const DvhPlot& plot) {
  std::ostringstream csv;
  csv.precision(6);
  csv << '"' << plot.doseAxisTitle << '"';
  for (const DvhCurve& curve : plot.curves)
    csv << ",\"" << curve.name << ": " << plot.volumeAxisTitle << '"';
  csv << "\n";
  // Each curve's points at its own doses; the rows are the union of them.
  std::map<double, std::vector<double>> rows;
  for (std::size_t c = 0; c < plot.curves.size(); ++c)
    for (const eval::DvhPoint& p : plot.curves[c].points) {
      auto& row = rows[p.dose];
      row.resize(plot.curves.size(), 0.0);
      row[c] = p.volume;
    }
  for (const auto& [dose, row] : rows) {
    csv << dose;
    for (const double volume : row) csv << ',' << volume;
    csv << "\n";
  }
  return csv.str();
}

DoseEvaluation evaluateDose(const std::vector<structure::Structure>& structures,
                            const eval::DoseDistribution& dose, const eval::DvhOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::vector<structure::PlanarContour>> contours;
  std::vector<std::size_t> withContours;
  for (std::size_t s = 0; s < structures.size(); ++s) {
    if (structures[s].contours.empty()) continue;
    withContours.push_back(s);
    contours.push_back(structures[s].contours);
  }
  std::vector<eval::Dvh> computed;
  try {
    computed = eval::computeDvhs(contours, dose, options);
  } catch (const Error& e) {
    throw Error(e.code(), std::string("structures: ") + e.what());
  }
  DoseEvaluation result;
  result.dvhs.resize(structures.size());
  for (std::size_t n = 0; n < withContours.size(); ++n)
    result.dvhs[withContours[n]] = std::move(computed[n]);
  const auto external = std::find_if(structures.begin(), structures.end(), [](const auto& s) {
    return s.type == structure::RoiType::External && !s.contours.empty();
  });
  result.isodoseRegion = external != structures.end()
                             ? result.dvhs[std::size_t(external - structures.begin())]
                             : eval::computeGridDvh(dose, options);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::vector<eval::ConstraintTemplate> loadConstraintTemplates(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  if (error) throw Error(ErrorCode::Io, folder.string() + ": cannot list: " + error.message());
  std::sort(files.begin(), files.end());
  std::vector<eval::ConstraintTemplate> templates;
  for (const auto& file : files) templates.push_back(eval::loadConstraintTemplate(file));
  return templates;
}

EvaluationModel::EvaluationModel(core::SeriesIdentity ct, std::string ctOrigin,
                                 std::shared_ptr<const std::vector<structure::Structure>> structures)
    : ct_(std::move(ct)), ctOrigin_(std::move(ctOrigin)), structures_(std::move(structures)) {
  assert(structures_ && "EvaluationModel needs a structure list, possibly empty");
  for (const auto& s : *structures_) shown_.push_back(!s.contours.empty());
}

std::uint64_t EvaluationModel::setStructures(std::shared_ptr<const std::vector<structure::Structure>> structures) {
  assert(structures && "EvaluationModel needs a structure list, possibly empty");
  std::vector<bool> shown;
  for (const auto& s : *structures) {
    const auto before = std::find_if(structures_->begin(), structures_->end(),
                                     [&](const structure::Structure& old) { return old.name == s.name; });
    shown.push_back(before == structures_->end() || shown_[std::size_t(before - structures_->begin())]);
  }
  structures_ = std::move(structures);
  shown_ = std::move(shown);
  evaluation_.reset();
  return ++revision_;
}

std::uint64_t EvaluationModel::setPlanDose(PlanDose dose) {
  assert(dose.dose && "a PlanDose always holds a dose");
  requireDoseOfPatient(ct_, ctOrigin_, dose);
  if (dose.fractions) setFractions(*dose.fractions);
  dose_ = std::move(dose);
  evaluation_.reset();
  return ++revision_;
}

bool EvaluationModel::setEvaluation(std::uint64_t revision, DoseEvaluation evaluation) {
  if (revision != revision_) return false;
  assert(evaluation.dvhs.size() == structures_->size() && "one DVH per structure");
  evaluation_ = std::move(evaluation);
  return true;
}

void EvaluationModel::setPrescriptionGy(std::optional<double> prescriptionGy) {
  if (prescriptionGy && !(*prescriptionGy > 0))
    throw Error(ErrorCode::BadInput,
                "prescription " + shortestText(*prescriptionGy) + " Gy; expected a positive dose");
  prescriptionGy_ = prescriptionGy;
}

bool EvaluationModel::shown(int index) const {
  assert(index >= 0 && std::size_t(index) < shown_.size() && "structure index out of range");
  return shown_[std::size_t(index)];
}

void EvaluationModel::setShown(int index, bool shown) {
  assert(index >= 0 && std::size_t(index) < shown_.size() && "structure index out of range");
  shown_[std::size_t(index)] = shown;
}

DvhPlot EvaluationModel::plot() const {
  DvhPlot plot;
  plot.doseAxisTitle =
      prescriptionGy_ ? "Dose (% of " + shortestText(*prescriptionGy_) + " Gy)" : "Dose (Gy)";
  plot.volumeAxisTitle = volumeUnit_ == eval::VolumeUnit::Percent ? "Volume (%)" : "Volume (cm³)";
  if (!evaluation_) return plot;
  const eval::DvhAxes axes{volumeUnit_, prescriptionGy_};
  for (std::size_t s = 0; s < structures_->size(); ++s) {
    const eval::Dvh& dvh = evaluation_->dvhs[s];
    if (!shown_[s] || dvh.cumulativeCc.empty()) continue;
    const auto& structure = (*structures_)[s];
    plot.curves.push_back(
        {structure.name, structure.colour, eval::cumulativeCurve(dvh, dvh.binWidthGy, axes)});
  }
  return plot;
}

TextTable EvaluationModel::statisticsTable() const {
  TextTable table;
  const std::string volumeUnit = volumeUnit_ == eval::VolumeUnit::Percent ? "%" : "cm³";
  table.headers = {"Structure", "Volume (cm³)", "Dmin (Gy)", "Dmax (Gy)", "D0.03cc (Gy)",
                   "Dmean (Gy)", "D2% (Gy)", "D50% (Gy)", "D95% (Gy)", "D98% (Gy)"};
  for (double x : vDosesGy_) table.headers.push_back("V" + shortestText(x) + "Gy (" + volumeUnit + ")");
  table.headers.insert(table.headers.end(), {"HI", "CI (Paddick)", "GI"});
  if (!evaluation_) return table;
  for (std::size_t s = 0; s < structures_->size(); ++s) {
    const eval::Dvh& dvh = evaluation_->dvhs[s];
    if (dvh.cumulativeCc.empty()) continue;
    const auto& structure = (*structures_)[s];
    const eval::DoseStatistics st = eval::doseStatistics(dvh);
    std::vector<std::string> row = {structure.name,      fixedText(st.volumeCc, 2), fixedText(st.minGy, 2),
                                    fixedText(st.maxGy, 2),  fixedText(st.d0_03ccGy, 2), fixedText(st.meanGy, 2),
                                    fixedText(st.d2Gy, 2),   fixedText(st.d50Gy, 2),   fixedText(st.d95Gy, 2),
                                    fixedText(st.d98Gy, 2)};
    for (double x : vDosesGy_)
      row.push_back(volumeUnit_ == eval::VolumeUnit::Percent
                        ? fixedText(eval::volumeAtLeastPercent(dvh, x), 1)
                        : fixedText(eval::volumeAtLeastCc(dvh, x), 2));
    const bool target = isTarget(structure.type);
    row.push_back(target ? fixedText(st.homogeneityIndex, 3) : NOT_APPLICABLE);
    if (target && prescriptionGy_) {
      const auto ci = eval::conformityIndices(dvh, evaluation_->isodoseRegion, *prescriptionGy_);
      row.push_back(fixedText(ci.paddickCi, 3));
      row.push_back(fixedText(ci.gradientIndex, 2));
    } else {
      row.push_back(NOT_APPLICABLE);
      row.push_back(NOT_APPLICABLE);
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string EvaluationModel::cursorReadout(double dose, double volume) const {
  std::string text = "dose ";
  if (prescriptionGy_)
    text += fixedText(dose * *prescriptionGy_ / 100.0, 2) + " Gy (" + fixedText(dose, 1) + " % of " +
            shortestText(*prescriptionGy_) + " Gy)";
  else
    text += fixedText(dose, 2) + " Gy";
  text += ", volume " + (volumeUnit_ == eval::VolumeUnit::Percent ? fixedText(volume, 1) + " %"
                                                                  : fixedText(volume, 2) + " cm³");
  return text;
}

void EvaluationModel::setConstraintTemplates(std::vector<eval::ConstraintTemplate> templates) {
  templates_ = std::move(templates);
  templateIndex_ = templates_.empty() ? std::nullopt : std::optional<int>(0);
}

void EvaluationModel::setTemplateIndex(int index) {
  assert(index >= 0 && std::size_t(index) < templates_.size() && "template index out of range");
  templateIndex_ = index;
}

std::optional<eval::ConstraintTemplate> EvaluationModel::templateFor(int fractions) const {
  if (!templateIndex_) return std::nullopt;
  const eval::ConstraintTemplate& chosen = templates_[std::size_t(*templateIndex_)];
  if (!eval::constraintsFor(chosen, fractions)) return std::nullopt;
  return chosen;
}

void EvaluationModel::setFractions(int fractions) {
  if (fractions < 1)
    throw Error(ErrorCode::BadInput,
                std::to_string(fractions) + " fractions; expected a whole number, at least 1");
  fractions_ = fractions;
}

std::vector<eval::ConstraintResult> EvaluationModel::constraintResults() const {
  if (!evaluation_ || !templateIndex_) return {};
  const eval::ConstraintSet* set =
      eval::constraintsFor(templates_[std::size_t(*templateIndex_)], fractions_);
  if (!set) return {};
  std::vector<eval::NamedDvh> named;
  for (std::size_t s = 0; s < structures_->size(); ++s)
    if (!evaluation_->dvhs[s].cumulativeCc.empty())
      named.push_back({(*structures_)[s].name, &evaluation_->dvhs[s]});
  return eval::evaluateConstraints(*set, named);
}

}  // namespace kerma::app
