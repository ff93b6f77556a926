#ifndef KERMA_APP_QT_QUIT_QUESTION_H
#define KERMA_APP_QT_QUIT_QUESTION_H

#include "kerma/plan/plan_record.h"

#include <QString>
#include <QStringList>

class QWidget;

namespace kerma::app {

enum class QuitChoice { SaveAndQuit, QuitWithoutSaving, Stay };

/// Why quitting now would lose something, one line each: edits not saved (to the patient store
/// when savesToStore; restoredWork: they include work restored after a crash), a plan with a
/// dose that nobody approved. Empty: nothing to ask.
QStringList quitReasons(bool unsavedWork, bool savesToStore, bool restoredWork, const plan::PlanRecord& plan);

/// Asks over parent whether to quit Kerma on patient although of reasons (one line each): Save
/// and quit (offered with offerSave, then the default), Quit without saving (just "Quit" when
/// nothing is unsaved), Cancel (the default otherwise, and Escape).
QuitChoice askBeforeQuitting(QWidget* parent, const QString& patient, const QStringList& reasons, bool unsavedWork,
                             bool offerSave);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_QUIT_QUESTION_H
