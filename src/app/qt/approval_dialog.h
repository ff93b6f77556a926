#ifndef KERMA_APP_QT_APPROVAL_DIALOG_H
#define KERMA_APP_QT_APPROVAL_DIALOG_H

#include <QDialog>
#include <QString>
#include <QStringList>

#include <memory>

namespace Ui {
class ApprovalDialog;
}

namespace kerma::app {

/// Plan → Approve plan…: what is approved (summary, rich text), what the reviewer must know
/// (warnings, in red), the reviewer's name and an explicit "I have reviewed" box; OK only with
/// both. The layout is ui/approval_dialog.ui.
class ApprovalDialog : public QDialog {
  Q_OBJECT

 public:
  ApprovalDialog(const QString& summary, const QStringList& warnings, QWidget* parent = nullptr);
  ~ApprovalDialog() override;

  /// The name typed, trimmed.
  QString reviewer() const;

 private:
  void updateOk();

  std::unique_ptr<Ui::ApprovalDialog> ui_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_APPROVAL_DIALOG_H
