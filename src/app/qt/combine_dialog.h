#ifndef KERMA_APP_QT_COMBINE_DIALOG_H
#define KERMA_APP_QT_COMBINE_DIALOG_H

#include "kerma/app/combine_log.h"
#include "kerma/app/patient_files.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

class QWidget;

namespace kerma::app {

/// Where decisions to combine objects of different patients or Frames of Reference are appended:
/// combine-decisions.log in the user's data folder.
std::filesystem::path combineLogFile();

/// Asks (a modal box over parent listing every difference, "Do not combine" the default) whether
/// to combine despite differences; a yes is appended to combineLogFile and returned. Nothing when
/// the user declined or the log cannot be written (then told why).
std::optional<CombineDecision> confirmCombine(QWidget* parent, const std::string& action,
                                              const std::vector<std::string>& differences);

/// Opens folder's CT as openPatient does, asking confirmCombine about a structure set of another
/// patient or Frame of Reference.
OpenedPatient openPatientAsking(QWidget* parent, const std::optional<std::filesystem::path>& folder);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_COMBINE_DIALOG_H
