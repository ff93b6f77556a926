#include "combine_dialog.h"

#include "kerma/core/error.h"

#include <QDateTime>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

namespace kerma::app {

std::filesystem::path combineLogFile() {
  return std::filesystem::path(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toStdString()) /
         "combine-decisions.log";
}

std::optional<CombineDecision> confirmCombine(QWidget* parent, const std::string& action,
                                              const std::vector<std::string>& differences) {
  QString list;
  for (const auto& difference : differences) list += "\n  • " + QString::fromStdString(difference);
  QMessageBox box(QMessageBox::Warning, "Kerma: another patient or Frame of Reference",
                  QString("Kerma does not combine %1:%2\n\nCombine them anyway? The decision is logged with "
                          "your user name, the time and what differs.")
                      .arg(QString::fromStdString(action), list),
                  QMessageBox::NoButton, parent);
  box.setObjectName("combineDecisionBox");
  QPushButton* combine = box.addButton("Combine anyway", QMessageBox::AcceptRole);
  combine->setObjectName("combineAnywayButton");
  QPushButton* refuse = box.addButton("Do not combine", QMessageBox::RejectRole);
  refuse->setObjectName("doNotCombineButton");
  box.setDefaultButton(refuse);
  box.setEscapeButton(refuse);
  box.exec();
  if (box.clickedButton() != combine) return std::nullopt;
  const CombineDecision decision{qEnvironmentVariable("USER", "unknown").toStdString(),
                                 QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(), action,
                                 differences};
  try {
    appendCombineDecision(combineLogFile(), decision);
  } catch (const Error& e) {
    QMessageBox::critical(parent, "Kerma: not combined", QString::fromStdString(e.what()));
    return std::nullopt;
  }
  return decision;
}

OpenedPatient openPatientAsking(QWidget* parent, const std::optional<std::filesystem::path>& folder) {
  return openPatient(folder, [parent](const std::string& action, const std::vector<std::string>& differences) {
    return confirmCombine(parent, action, differences).has_value();
  });
}

}  // namespace kerma::app
