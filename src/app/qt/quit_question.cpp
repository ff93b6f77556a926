#include "quit_question.h"

#include <QMessageBox>
#include <QPushButton>

namespace kerma::app {

QStringList quitReasons(bool unsavedWork, bool savesToStore, bool restoredWork, const plan::PlanRecord& plan) {
  QStringList reasons;
  if (unsavedWork)
    reasons << QString(savesToStore ? "changes to the structures and beams are not saved to the patient store"
                                    : "changes to the structures are not saved") +
                   (restoredWork ? " (restored unsaved work included)" : "");
  if (plan.plan() && !plan.approval())
    reasons << QString::fromStdString("plan " + plan.label() + " revision " + std::to_string(plan.revision()) +
                                      " has a dose but is not approved");
  return reasons;
}

QuitChoice askBeforeQuitting(QWidget* parent, const QString& patient, const QStringList& reasons, bool unsavedWork,
                             bool offerSave) {
  QMessageBox box(QMessageBox::Warning, "Kerma: quit?",
                  QString("Quit Kerma on %1?\n\n  • %2").arg(patient, reasons.join("\n  • ")), QMessageBox::NoButton,
                  parent);
  box.setObjectName("quitBox");
  QPushButton* save = nullptr;
  if (offerSave) {
    save = box.addButton("Save and quit", QMessageBox::AcceptRole);
    save->setObjectName("saveAndQuitButton");
  }
  QPushButton* discard = box.addButton(unsavedWork ? "Quit without saving" : "Quit", QMessageBox::DestructiveRole);
  discard->setObjectName("quitWithoutSavingButton");
  QPushButton* stay = box.addButton("Cancel", QMessageBox::RejectRole);
  stay->setObjectName("cancelQuitButton");
  box.setDefaultButton(save ? save : stay);
  box.setEscapeButton(stay);
  box.exec();
  if (save != nullptr && box.clickedButton() == save) return QuitChoice::SaveAndQuit;
  if (box.clickedButton() == discard) return QuitChoice::QuitWithoutSaving;
  return QuitChoice::Stay;
}

}  // namespace kerma::app
