#include "quit_question.h"

#include <QMessageBox>
#include <QPushButton>

namespace kerma::app {

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
