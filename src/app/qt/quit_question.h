#ifndef KERMA_APP_QT_QUIT_QUESTION_H
#define KERMA_APP_QT_QUIT_QUESTION_H

#include <QString>
#include <QStringList>

class QWidget;

namespace kerma::app {

enum class QuitChoice { SaveAndQuit, QuitWithoutSaving, Stay };

/// Asks over parent whether to quit Kerma on patient although of reasons (one line each): Save
/// and quit (offered with offerSave, then the default), Quit without saving (just "Quit" when
/// nothing is unsaved), Cancel (the default otherwise, and Escape).
QuitChoice askBeforeQuitting(QWidget* parent, const QString& patient, const QStringList& reasons, bool unsavedWork,
                             bool offerSave);

}  // namespace kerma::app

#endif  // KERMA_APP_QT_QUIT_QUESTION_H
