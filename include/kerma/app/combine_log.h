#ifndef KERMA_APP_COMBINE_LOG_H
#define KERMA_APP_COMBINE_LOG_H

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::app {

/// A user's explicit decision to combine objects of different patients or Frames of Reference
/// ("Combine anyway" after the refusal named what differs). Never made by default.
struct CombineDecision {
  std::string user;     ///< the login name
  std::string timeUtc;  ///< ISO 8601, e.g. "2026-11-27T21:40:00Z"
  std::string action;   ///< what was combined, e.g. "RT Dose rd.dcm with the CT (built-in demo patient)"
  std::vector<std::string> differences;  ///< as the refusal named them
};

/// The decision as one line of the log, e.g. "2026-11-27T21:40:00Z user anna combined RT Dose
/// rd.dcm with the CT (…) although: Patient ID (0010,0020) 'A' vs 'B'; …".
std::string describeDecision(const CombineDecision& decision);

/// Appends describeDecision(decision) and a newline to logFile (its folder created if absent),
/// flushed to disk before returning. Throws kerma::Error (Io) naming the file when it cannot be
/// written: an undocumented decision is not combined.
void appendCombineDecision(const std::filesystem::path& logFile, const CombineDecision& decision);

}  // namespace kerma::app

#endif  // KERMA_APP_COMBINE_LOG_H
