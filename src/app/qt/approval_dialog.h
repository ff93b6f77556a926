#ifndef KERMA_APP_QT_APPROVAL_DIALOG_H
#define KERMA_APP_QT_APPROVAL_DIALOG_H

#include <QDialog>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Ui {
class ApprovalDialog;
}

namespace kerma::app {

/// A hot spot the reviewer is asked to accept: the plan's global maximum above
/// eval::GLOBAL_MAX_LIMIT_PERCENT of the prescription.
struct HotSpot {
  double percent = 0;  ///< of the prescription
  QString text;        ///< plan::hotSpotWarning
};

/// Plan → Approve plan…: what is approved (summary, rich text), what the reviewer must know
/// (warnings, in red), the reviewer's name and an explicit "I have reviewed" box, and with a hot
/// spot a box that accepts it; OK only with all of them. The layout is ui/approval_dialog.ui.
class ApprovalDialog : public QDialog {
  Q_OBJECT

 public:
  ApprovalDialog(const QString& summary, const QStringList& warnings, const std::optional<HotSpot>& hotSpot,
                 QWidget* parent = nullptr);
  ~ApprovalDialog() override;

  /// The name typed, trimmed.
  QString reviewer() const;
  /// The hot spot's percentage as shown (rounded) when its box is ticked; nullopt otherwise.
  std::optional<double> acceptedGlobalMaxPercent() const;

 private:
  void updateOk();

  std::unique_ptr<Ui::ApprovalDialog> ui_;
  std::optional<HotSpot> hotSpot_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_APPROVAL_DIALOG_H
