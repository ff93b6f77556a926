#ifndef KERMA_APP_QT_FUSION_PANEL_H
#define KERMA_APP_QT_FUSION_PANEL_H

#include "kerma/app/fusion_model.h"

#include <QFuture>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace kerma::app {

/// Fusion review of a prior CT on the current one (FusionModel): how it is shown (blend with its
/// opacity, checkerboard with its square, spyglass with its radius), image registration (on bone
/// or the whole image) on a worker thread with progress and Cancel, a Spatial Registration read or
/// saved, *Adjust by hand* (the views' FusionInteraction), the map's quality (the metric at
/// registration and, measured again off the GUI thread after every change, now), and *Accept
/// registration…*, which asks who accepts, logs the decision (combine log) and only then records it.
class FusionPanel : public QWidget {
  Q_OBJECT

 public:
  /// model must outlive the panel.
  explicit FusionPanel(FusionModel& model, QWidget* parent = nullptr);

  /// Registers the prior CT onto the current one as *Register* does (boneOnly: on bone alone),
  /// with a progress dialog that can cancel it. The future ends when the result is shown.
  QFuture<void> registerImages(bool boneOnly);
  /// Reads a Spatial Registration from file as *Read registration…* does; a dialog says why not.
  bool readRegistration(const QString& file);
  /// Accepts the map as it stands for who (DICOM person name), logged first; throws kerma::Error
  /// when it is not registered or the log cannot be written (then nothing is accepted).
  void accept(const std::string& who);
  /// Writes the accepted registration into file (dicom::writeSpatialRegistration): visual
  /// alignment when adjusted by hand, else image content; throws kerma::Error as that does, or
  /// (BadInput) before an acceptance. The accepted registration then carries the file's SOP
  /// Instance UID (FusionModel::setSavedAs).
  void saveRegistration(const QString& file);
  /// The prior study's RT Dose (its file name, in the tooltip): "Add its dose as a prior course…"
  /// is offered once the registration is accepted.
  void setPriorDose(const QString& name);
  /// Whether the views' left button and keys move the prior CT; setAdjusting emits adjustingChanged.
  bool adjusting() const;
  void setAdjusting(bool on);
  /// Re-reads the model: the map's description, metrics, acceptance; schedules a new metric.
  void refresh();
  QLabel* qualityLabel() const { return quality_; }
  /// The metric measured now, when one is being measured (tests wait for it).
  QFuture<void> metricMeasurement() const { return measuring_; }

 signals:
  /// The map or the display changed: the views redraw the prior CT.
  void fusionChanged();
  void adjustingChanged(bool on);
  /// "Show prior CT" was ticked or cleared: the views draw it or not.
  void shownChanged(bool shown);
  /// A registration was accepted (the re-irradiation panel can now map the prior course's dose).
  void accepted();
  /// "Copy prior structures": the prior study's structures mapped through the accepted registration
  /// are wanted on this CT.
  void copyPriorStructuresRequested();
  /// "Add its dose as a prior course…".
  void addPriorCourseRequested();

 private:
  void displayEdited();
  void measureMetric();
  void askToAccept();
  void askToSave();

  FusionModel& model_;
  QComboBox* mode_ = nullptr;
  QSlider* opacity_ = nullptr;
  QSpinBox* checkerMm_ = nullptr;
  QSpinBox* spyglassMm_ = nullptr;
  QCheckBox* boneOnly_ = nullptr;
  QPushButton* adjust_ = nullptr;
  QLabel* quality_ = nullptr;
  QLabel* acceptance_ = nullptr;
  QPushButton* copyStructures_ = nullptr;
  QPushButton* addPriorCourse_ = nullptr;
  QTimer* measureTimer_ = nullptr;
  QFuture<void> measuring_;
  bool measurePending_ = false;
  QString metricProblem_;  // why the last measurement failed
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_FUSION_PANEL_H
