#ifndef KERMA_APP_QT_COMPARE_PANEL_H
#define KERMA_APP_QT_COMPARE_PANEL_H

#include "kerma/app/plan_comparison.h"

#include <QFuture>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace kerma::app {

class DvhChart;
class StatisticsTable;

/// Plan comparison: the plan's dose against another dose of the patient (an RT Dose of another
/// system, the plan's last approved revision), PlanComparison's DVH overlay (the other dose's
/// curves dashed), statistics with their differences, the gamma pass rate and the difference
/// range, and which map the views show. The doses come from the window (rtDoseRequested,
/// approvedRevisionRequested, then compare); the comparison runs on a worker thread.
class ComparePanel : public QWidget {
  Q_OBJECT

 public:
  /// What the three views draw.
  enum class Shown { PlanDose, Difference, Gamma };

  explicit ComparePanel(QWidget* parent = nullptr);

  /// Compares evaluated with reference over structures (with contours) at the panel's gamma
  /// criteria on a worker thread; the result replaces the shown one and shownChanged follows.
  /// Errors (Frames of Reference that differ) are shown in the summary line.
  QFuture<void> compare(PlanDose reference, PlanDose evaluated, std::vector<structure::Structure> structures);
  /// Drops the comparison (the plan's dose changed); the views go back to the plan dose.
  void clear();

  const std::optional<PlanComparison>& comparison() const { return comparison_; }
  Shown shown() const;
  void setShown(Shown shown);
  eval::GammaCriteria criteria() const;
  DvhChart* chart() const { return chart_; }
  StatisticsTable* table() const { return table_; }
  QLabel* summary() const { return summary_; }

 signals:
  void rtDoseRequested();
  void approvedRevisionRequested();
  /// The comparison or the choice of map changed: the views should draw shown().
  void shownChanged();

 private:
  void showComparison();

  std::optional<PlanComparison> comparison_;
  std::vector<structure::Structure> structures_;  // of the comparison shown, for the curves' colours
  std::uint64_t requested_ = 0;                   // the latest compare(): older results are dropped
  QDoubleSpinBox* dosePercent_ = nullptr;
  QDoubleSpinBox* dtaMm_ = nullptr;
  QComboBox* shownBox_ = nullptr;
  QLabel* summary_ = nullptr;
  DvhChart* chart_ = nullptr;
  StatisticsTable* table_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_COMPARE_PANEL_H
