#ifndef KERMA_APP_QT_PATIENT_BROWSER_H
#define KERMA_APP_QT_PATIENT_BROWSER_H

#include "kerma/app/patient_store.h"

#include <QDialog>
#include <QFuture>

#include <functional>
#include <memory>
#include <string>

class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace kerma::app {

struct PacsNode;

/// File → Patient browser…: the patients of the patient store with their studies, series and RT
/// Plans (with approval), a search field (name or ID), Import folder…, Import from PACS…,
/// Export… and Open. Imports and exports run on a worker thread with a progress dialog whose
/// Cancel leaves the store, and the export's folder, as they were; the browser is disabled
/// meanwhile, since the store is used from one thread at a time.
class PatientBrowser : public QDialog {
  Q_OBJECT

 public:
  PatientBrowser(std::shared_ptr<PatientStore> store, QWidget* parent = nullptr);

  /// Re-reads the store with the search text.
  void refresh();
  void setSearchText(const QString& text);
  QTreeWidget* tree() const { return tree_; }
  /// The Patient ID of the selected row's patient; empty when none.
  std::string selectedPatientId() const;
  /// Imports folder into the store as Import folder… does, without asking for it.
  QFuture<void> importFolder(const QString& folder);
  QFuture<void> importFromPacs(const PacsNode& node, const std::string& patientId);
  /// Exports a patient's files into folder as Export… does, without asking for it: all or
  /// nothing (PatientStore::exportPatient), so a Cancel leaves folder as it was.
  QFuture<void> exportPatient(const std::string& patientId, const QString& folder);

 signals:
  /// Open was asked for this patient.
  void openRequested(const QString& patientId);

 private:
  // Runs work (an import or an export) on a worker thread with a progress dialog (cancel makes
  // the observer return false), then refreshes and reports describe(result) or the error.
  QFuture<void> runWithProgress(const QString& title, std::function<ImportResult(const FileObserver&)> work,
                                std::function<QString(const ImportResult&)> describe);
  void chooseImportFolder();
  void askPacsImport();
  void chooseExportFolder();

  std::shared_ptr<PatientStore> store_;
  QLineEdit* search_ = nullptr;
  QTreeWidget* tree_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_PATIENT_BROWSER_H
