#include "patient_browser.h"

#include "kerma/app/pacs_import.h"

#include "background_task.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <atomic>
#include <variant>

namespace kerma::app {

namespace {

constexpr int PATIENT_ID_ROLE = Qt::UserRole;

QString text(const std::string& s) { return QString::fromStdString(s); }

// "DOE^JANE" as "DOE, JANE".
QString personName(const std::string& dicomName) {
  QString name = text(dicomName);
  return name.replace("^", ", ");
}

QString approval(const StoredPlan& plan) {
  if (plan.approvalStatus == "UNAPPROVED") return "UNAPPROVED";
  return text(plan.approvalStatus + " by " + plan.reviewerName + " on " + plan.reviewDate);
}

QString importSummary(const ImportResult& result) {
  QString summary = QString("%1 objects imported, %2 already in the store.").arg(result.added).arg(result.alreadyStored);
  if (!result.skipped.empty())
    summary += QString("\n%1 files skipped (not DICOM), e.g. %2").arg(result.skipped.size()).arg(text(result.skipped[0]));
  return summary;
}

}  // namespace

PatientBrowser::PatientBrowser(std::shared_ptr<PatientStore> store, QWidget* parent)
    : QDialog(parent), store_(std::move(store)) {
  setWindowTitle("Kerma — patient browser");
  resize(960, 560);
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel("Search name or ID:"));
  search_ = new QLineEdit;
  search_->setObjectName("patientSearch");
  search_->setClearButtonEnabled(true);
  top->addWidget(search_, 1);
  top->addWidget(new QLabel(QString("Store: %1").arg(text(store_->folder().string()))));
  layout->addLayout(top);

  tree_ = new QTreeWidget;
  tree_->setObjectName("patientTree");
  tree_->setHeaderLabels({"Patient / study / series", "ID / modality", "Date", "Objects / approval"});
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->setAlternatingRowColors(true);
  layout->addWidget(tree_, 1);

  auto* buttons = new QHBoxLayout;
  auto* importFolderButton = new QPushButton("Import folder…");
  auto* importPacsButton = new QPushButton("Import from PACS…");
  auto* exportButton = new QPushButton("Export…");
  auto* openButton = new QPushButton("Open");
  auto* closeButton = new QPushButton("Close");
  openButton->setDefault(true);
  for (QPushButton* button : {importFolderButton, importPacsButton, exportButton}) buttons->addWidget(button);
  buttons->addStretch(1);
  buttons->addWidget(openButton);
  buttons->addWidget(closeButton);
  layout->addLayout(buttons);

  connect(search_, &QLineEdit::textChanged, this, &PatientBrowser::refresh);
  connect(importFolderButton, &QPushButton::clicked, this, &PatientBrowser::chooseImportFolder);
  connect(importPacsButton, &QPushButton::clicked, this, &PatientBrowser::askPacsImport);
  connect(exportButton, &QPushButton::clicked, this, &PatientBrowser::chooseExportFolder);
  const auto open = [this] {
    if (const std::string id = selectedPatientId(); !id.empty()) emit openRequested(text(id));
  };
  connect(openButton, &QPushButton::clicked, this, open);
  connect(tree_, &QTreeWidget::itemDoubleClicked, this, open);
  connect(closeButton, &QPushButton::clicked, this, &QDialog::accept);
  refresh();
}

void PatientBrowser::setSearchText(const QString& searchText) { search_->setText(searchText); }

void PatientBrowser::refresh() {
  tree_->clear();
  for (const StoredPatient& patient : store_->findPatients(search_->text().toStdString())) {
    const auto studies = store_->studies(patient.patientId);
    auto* patientItem = new QTreeWidgetItem(tree_, {personName(patient.patientName), text(patient.patientId),
                                                    text(patient.birthDate), QString("%1 studies").arg(studies.size())});
    patientItem->setData(0, PATIENT_ID_ROLE, text(patient.patientId));
    QFont bold = patientItem->font(0);
    bold.setBold(true);
    patientItem->setFont(0, bold);
    for (const StoredStudy& study : studies) {
      auto* studyItem = new QTreeWidgetItem(
          patientItem, {"Study " + text(study.description.empty() ? study.studyInstanceUid : study.description), "",
                        text(study.studyDate), ""});
      studyItem->setData(0, PATIENT_ID_ROLE, text(patient.patientId));
      for (const StoredSeries& series : store_->series(study.studyInstanceUid)) {
        auto* seriesItem = new QTreeWidgetItem(
            studyItem, {text(series.description.empty() ? series.seriesInstanceUid : series.description),
                        text(series.modality), "", QString::number(series.objectCount)});
        seriesItem->setData(0, PATIENT_ID_ROLE, text(patient.patientId));
      }
    }
    for (const StoredPlan& plan : store_->plans(patient.patientId)) {
      auto* planItem = new QTreeWidgetItem(patientItem, {"Plan " + text(plan.label), "RTPLAN", "", approval(plan)});
      planItem->setData(0, PATIENT_ID_ROLE, text(patient.patientId));
    }
  }
  tree_->expandAll();
}

std::string PatientBrowser::selectedPatientId() const {
  const QTreeWidgetItem* item = tree_->currentItem();
  return item ? item->data(0, PATIENT_ID_ROLE).toString().toStdString() : std::string();
}

QFuture<void> PatientBrowser::runWithProgress(const QString& title, std::function<ImportResult(const FileObserver&)> work,
                                              std::function<QString(const ImportResult&)> describe) {
  auto* progress = new QProgressDialog(title, "Cancel", 0, 0, this);
  progress->setObjectName("browserProgress");
  progress->setWindowModality(Qt::WindowModal);
  progress->setMinimumDuration(0);
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  connect(progress, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
  setEnabled(false);
  // Disabling the browser disables its child windows too, and with them the Cancel button.
  progress->setEnabled(true);
  QPointer<QProgressDialog> shown(progress);
  // The worker waits until the dialog shows each file: a Cancel clicked while it shows file n
  // stops the work before file n + 1 is handled.
  const FileObserver observer = [cancelled, shown](int done, int total) {
    QMetaObject::invokeMethod(
        shown,
        [shown, done, total] {
          if (!shown) return;
          shown->setMaximum(total);
          shown->setValue(done);
        },
        Qt::BlockingQueuedConnection);
    return !cancelled->load();
  };
  const auto importing = [work, observer] { return work(observer); };
  return runInBackground(this, importing, [this, progress, title, describe](const TaskOutcome<ImportResult>& outcome) {
    progress->deleteLater();
    setEnabled(true);
    refresh();
    // Not modal: whoever waits for the import (a test, a script) is not held up by the box.
    const auto report = [this, &title](QMessageBox::Icon icon, const QString& message) {
      auto* box = new QMessageBox(icon, "Kerma: " + title, message, QMessageBox::Ok, this);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    };
    if (const auto* error = std::get_if<Error>(&outcome)) {
      report(QMessageBox::Warning, QString::fromUtf8(error->what()));
      return;
    }
    const auto& result = std::get<ImportResult>(outcome);
    if (!result.cancelled) report(QMessageBox::Information, describe(result));
  });
}

QFuture<void> PatientBrowser::importFolder(const QString& folder) {
  return runWithProgress("Import folder", [store = store_, path = std::filesystem::path(folder.toStdString())](
                                        const FileObserver& observer) { return store->importFolder(path, observer); },
                   importSummary);
}

QFuture<void> PatientBrowser::importFromPacs(const PacsNode& node, const std::string& patientId) {
  return runWithProgress("Import from PACS", [store = store_, node, patientId](const FileObserver& observer) {
    return importPatientFromPacs(*store, node, patientId, observer);
  }, importSummary);
}

void PatientBrowser::chooseImportFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Import the DICOM files of a folder");
  if (!folder.isEmpty()) importFolder(folder);
}

void PatientBrowser::askPacsImport() {
  QDialog dialog(this);
  dialog.setWindowTitle("Import from PACS");
  auto* form = new QFormLayout(&dialog);
  const PacsNode defaults;
  auto* host = new QLineEdit(text(defaults.host));
  auto* port = new QSpinBox;
  port->setRange(1, 65535);
  port->setValue(defaults.port);
  auto* calling = new QLineEdit(text(defaults.callingAeTitle));
  auto* called = new QLineEdit(text(defaults.calledAeTitle));
  auto* patientId = new QLineEdit;
  for (QLineEdit* ae : {calling, called}) ae->setMaxLength(16);
  form->addRow("Host", host);
  form->addRow("Port", port);
  form->addRow("Our AE title", calling);
  form->addRow("PACS AE title", called);
  form->addRow("Patient ID", patientId);
  auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(box);
  connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted || patientId->text().isEmpty()) return;
  PacsNode node;
  node.host = host->text().toStdString();
  node.port = port->value();
  node.callingAeTitle = calling->text().toStdString();
  node.calledAeTitle = called->text().toStdString();
  importFromPacs(node, patientId->text().toStdString());
}

void PatientBrowser::chooseExportFolder() {
  const std::string patientId = selectedPatientId();
  if (patientId.empty()) return;
  const QString folder = QFileDialog::getExistingDirectory(this, "Export the patient's DICOM files into folder");
  if (!folder.isEmpty()) exportPatient(patientId, folder);
}

QFuture<void> PatientBrowser::exportPatient(const std::string& patientId, const QString& folder) {
  return runWithProgress("Export", [store = store_, patientId, path = std::filesystem::path(folder.toStdString())](
                                       const FileObserver& observer) {
    ImportResult result;
    const auto written = store->exportPatient(patientId, path, observer);
    result.cancelled = !written;
    if (written) result.added = int(written->size());
    return result;
  }, [folder](const ImportResult& result) { return QString("%1 files exported to %2.").arg(result.added).arg(folder); });
}

}  // namespace kerma::app
