#ifndef KERMA_APP_QT_REIRRADIATION_PANEL_H
#define KERMA_APP_QT_REIRRADIATION_PANEL_H

#include "kerma/app/reirradiation_model.h"

#include <QWidget>

#include <functional>
#include <optional>
#include <string>

class QCheckBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace kerma::app {

class ConstraintTable;
class DvhChart;

/// Re-irradiation: the prior courses (RT Dose and fractions), the current course's fractions (the
/// plan's prescription), α/β and recovered fraction per structure (editable cells), and the cumulative
/// EQD2 DVHs and constraint results of ReirradiationModel. Edits go to the model and emit
/// inputsChanged(); refresh() redraws the results.
class ReirradiationPanel : public QWidget {
  Q_OBJECT

 public:
  /// model must outlive the panel.
  explicit ReirradiationPanel(ReirradiationModel& model, QWidget* parent = nullptr);

  DvhChart* chart() const { return chart_; }
  ConstraintTable* constraintTable() const { return constraints_; }
  QTableWidget* structureTable() const { return structures_; }
  /// Adds a prior course as "Add prior course…" does (a course on another CT with the registration
  /// the user accepted, whose acceptance is appended to combineLogFile first). Throws kerma::Error
  /// when the model refuses it or the acceptance cannot be logged; the caller says why.
  void addPriorCourse(PlanDose dose, int fractions, std::optional<AcceptedRegistration> registration = {});
  /// Where "Add prior course…" looks first for the registration of a course on another Frame of
  /// Reference (the fusion review's accepted one, given the course's frame); without one there, it
  /// asks for a Spatial Registration file.
  void setRegistrationSource(std::function<std::optional<AcceptedRegistration>(const std::string& movingFrameUid)> source);
  /// The current course's fractions, from the plan's prescription.
  void setCurrentFractions(int fractions);
  /// Re-reads the model: courses, per-structure values, cumulative DVHs and constraints.
  void refresh();
  /// Shows that the cumulative dose is being computed, or why it failed.
  void showStatus(const QString& text);
  /// Whether "Show the cumulative EQD2 in the views" is ticked.
  bool showsInViews() const;
  void setShowInViews(bool shown);

 signals:
  void inputsChanged();
  /// "Show the cumulative EQD2 in the views" was ticked or cleared.
  void showInViewsChanged(bool shown);

 private:
  void openPriorCourse();
  std::optional<AcceptedRegistration> askRegistration(const PlanDose& dose);
  void structureCellChanged(int row, int column);

  ReirradiationModel& model_;
  std::function<std::optional<AcceptedRegistration>(const std::string&)> registrationSource_;
  QTableWidget* courses_ = nullptr;
  QSpinBox* currentFractions_ = nullptr;
  QTableWidget* structures_ = nullptr;
  DvhChart* chart_ = nullptr;
  ConstraintTable* constraints_ = nullptr;
  QLabel* status_ = nullptr;
  QCheckBox* showInViews_ = nullptr;
  bool filling_ = false;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_REIRRADIATION_PANEL_H
