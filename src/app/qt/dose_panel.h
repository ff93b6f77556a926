#ifndef KERMA_APP_QT_DOSE_PANEL_H
#define KERMA_APP_QT_DOSE_PANEL_H

#include "kerma/app/workspace.h"
#include "kerma/app/dose_wash.h"
#include "kerma/plan/reference_points.h"

#include <QWidget>

#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QTableWidget;

namespace kerma::app {

/// The "Dose" panel: how Compute dose calculates the dose of the plan's beams (prescription,
/// the structure it is normalised on, grid) and how the dose is shown (wash range and opacity, isodose lines). Holds no dose; the main
/// window runs the calculation and passes the style to the views.
/// α/β of the cumulative EQD2 at the reference points, Gy: late-responding organs at risk, as the
/// re-irradiation panel assumes for them.
inline constexpr double POINT_ALPHA_BETA_GY = 3;

class DosePanel : public QWidget {
  Q_OBJECT

 public:
  explicit DosePanel(QWidget* parent = nullptr);

  /// The structures offered to normalise on, keeping the current choice while it is offered, else
  /// choosing preferred.
  void setTargets(const std::vector<std::string>& names, const std::string& preferred);
  PlanDoseRequest request() const;
  /// Shows style in the display controls without emitting styleChanged.
  void setStyle(const DoseWashStyle& style);
  const DoseWashStyle& style() const { return style_; }
  /// The isodose levels drawn in the views, as a legend (the views show it only where it covers
  /// no image); empty: none.
  void setIsodoseLegend(const std::vector<IsodoseLevel>& levels);
  /// Shows what the last calculation computed (plan::describeOrigin) and how long it took, s.
  void setResult(const std::string& origin, double calculationS);
  /// Shows, in red, why the plan cannot be approved or exported (PlanRecord::blockers): a stale
  /// dose, each delivery-limit warning. Empty: hidden.
  void setBlockers(const std::vector<std::string>& blockers);
  QLabel* blockersLabel() const { return blockers_; }
  /// Shows the shown dose's global maximum (eval::describe), in red and bold when it is a hot spot
  /// above eval::GLOBAL_MAX_LIMIT_PERCENT of the prescription; an empty text hides it.
  void setGlobalMaximum(const QString& text, bool hotSpot);
  QLabel* globalMaximumLabel() const { return globalMaximum_; }
  /// The reference points' table: each point's name, position and, where the plan has a dose
  /// there, the dose of each of beamNames per fraction, the fraction's and the course's. With
  /// prior courses (re-irradiation: their labels and cumulative, one per point) also each prior
  /// course's dose at the point, all courses' physical sum and their EQD2 at
  /// POINT_ALPHA_BETA_GY.
  void setReferencePoints(const std::vector<std::string>& beamNames, const std::vector<plan::ReferencePoint>& points,
                          const std::vector<std::optional<plan::PointDose>>& doses,
                          const std::vector<std::string>& priorLabels = {},
                          const std::vector<plan::CumulativePointDose>& cumulative = {});
  QTableWidget* referencePointTable() const { return points_; }
  QPushButton* computeButton() const { return compute_; }

 signals:
  void computeRequested();
  /// "Go to maximum": the views should show the global maximum.
  void goToGlobalMaximumRequested();
  /// "Add at crosshair…": a reference point is wanted where the crosshair is.
  void addReferencePointRequested();
  /// "Remove": the point called name is no longer wanted.
  void removeReferencePointRequested(const QString& name);
  /// "Isodose to structure…": a structure of an isodose is wanted.
  void isodoseToStructureRequested();
  void styleChanged(const DoseWashStyle& style);

 private:
  void readControls();
  // The typed isodose levels into the style (parseIsodoseLevels); a refusal is shown in red on
  // the box and the levels stay as they were.
  void readIsodoseLevels();

  DoseWashStyle style_;
  bool updating_ = false;
  QComboBox* target_ = nullptr;
  QLineEdit* prescription_ = nullptr;
  QComboBox* normalisation_ = nullptr;
  QDoubleSpinBox* grid_ = nullptr;
  QPushButton* compute_ = nullptr;
  QLabel* result_ = nullptr;
  QLabel* blockers_ = nullptr;
  QLabel* globalMaximum_ = nullptr;
  QPushButton* goToMaximum_ = nullptr;
  QTableWidget* points_ = nullptr;
  QCheckBox* wash_ = nullptr;
  QCheckBox* isodoses_ = nullptr;
  QLabel* legend_ = nullptr;
  QLineEdit* isodoseLevels_ = nullptr;
  QDoubleSpinBox* minGy_ = nullptr;
  QDoubleSpinBox* maxGy_ = nullptr;
  QSlider* opacity_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_DOSE_PANEL_H
