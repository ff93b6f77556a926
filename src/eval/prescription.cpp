#include "kerma/eval/prescription.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <cctype>
#include <cmath>

namespace kerma::eval {

using core::shortestText;

namespace {

// A cursor over the text of a prescription, skipping blanks between tokens.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool atEnd() {
    skipBlanks();
    return pos_ >= text_.size();
  }
  std::optional<double> number() {
    skipBlanks();
    std::size_t end = pos_;
    while (end < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[end])) || text_[end] == '.' ||
                                  (end == pos_ && (text_[end] == '-' || text_[end] == '+'))))
      ++end;
    if (end == pos_) return std::nullopt;
    try {
      std::size_t used = 0;
      const std::string token(text_.substr(pos_, end - pos_));
      const double value = std::stod(token, &used);
      if (used != token.size()) return std::nullopt;
      pos_ = end;
      return value;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  // Consumes word (case-insensitive) when it comes next.
  bool word(std::string_view w) {
    skipBlanks();
    if (text_.size() - pos_ < w.size()) return false;
    for (std::size_t n = 0; n < w.size(); ++n)
      if (std::tolower(static_cast<unsigned char>(text_[pos_ + n])) != w[n]) return false;
    pos_ += w.size();
    return true;
  }

 private:
  void skipBlanks() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  std::string_view text_;
  std::size_t pos_ = 0;
};

[[noreturn]] void refuse(std::string_view text, const std::string& problem) {
  throw Error(ErrorCode::BadInput, "prescription '" + std::string(text) + "': " + problem);
}

}  // namespace

Prescription parsePrescription(std::string_view text) {
  const std::string expected = "expected e.g. '20Gy/5', '8Gy x 1' or '21Gy/3 weekly'";
  Scanner s(text);
  Prescription rx;
  const auto dose = s.number();
  if (!dose || !s.word("gy")) refuse(text, "no total dose in Gy; " + expected);
  if (!(s.word("/") || s.word("x") || s.word("in"))) refuse(text, "no number of fractions; " + expected);
  const auto fractions = s.number();
  if (!fractions) refuse(text, "no number of fractions; " + expected);
  for (std::string_view unit : {"fractions", "fraction", "fx", "#"})  // an optional unit word
    if (s.word(unit)) break;
  if (s.word("weekly")) rx.fractionsPerWeek = 1;
  else if (s.word("daily")) rx.fractionsPerWeek = 5;
  if (!s.atEnd()) refuse(text, "unexpected text after the fractionation; " + expected);

  if (*fractions != std::floor(*fractions)) refuse(text, shortestText(*fractions) + " fractions; expected a whole number");
  if (*fractions < 1) refuse(text, shortestText(*fractions) + " fractions; expected at least 1");
  if (*fractions > MAX_FRACTIONS)
    refuse(text, shortestText(*fractions) + " fractions; expected at most " + std::to_string(MAX_FRACTIONS));
  if (!(*dose > 0)) refuse(text, "total dose " + shortestText(*dose) + " Gy; expected a positive dose");
  if (*dose > MAX_TOTAL_DOSE_GY)
    refuse(text, "total dose " + shortestText(*dose) + " Gy; expected at most " + shortestText(MAX_TOTAL_DOSE_GY) + " Gy");
  rx.totalDoseGy = *dose;
  rx.fractions = static_cast<int>(*fractions);
  if (rx.dosePerFractionGy() > MAX_DOSE_PER_FRACTION_GY)
    refuse(text, shortestText(rx.dosePerFractionGy()) + " Gy per fraction; expected at most " +
                     shortestText(MAX_DOSE_PER_FRACTION_GY) + " Gy");
  return rx;
}

std::string describe(const Prescription& rx) {
  return shortestText(rx.totalDoseGy) + " Gy / " + std::to_string(rx.fractions) + " fx" +
         (rx.fractionsPerWeek == 1 ? " weekly" : "");
}

double normalisationScale(const Prescription& rx, double measuredGy) {
  if (!(measuredGy > 0))
    throw Error(ErrorCode::BadInput, "normalisation dose is " + shortestText(measuredGy) + " Gy; expected a positive dose");
  return rx.totalDoseGy / measuredGy;
}

Normalisation normalisationFromName(std::string_view name) {
  if (name == "isocentre") return Normalisation::Isocentre;
  if (name == "point") return Normalisation::Point;
  if (name == "mean") return Normalisation::TargetMean;
  if (name == "d95") return Normalisation::TargetD95;
  throw Error(ErrorCode::BadInput,
              "normalisation '" + std::string(name) + "' is unknown; expected isocentre, point, mean or d95");
}

std::string_view normalisationName(Normalisation normalisation) {
  switch (normalisation) {
    case Normalisation::Isocentre: return "isocentre";
    case Normalisation::Point: return "point";
    case Normalisation::TargetMean: return "mean";
    case Normalisation::TargetD95: return "d95";
  }
  return "d95";
}

}  // namespace kerma::eval
