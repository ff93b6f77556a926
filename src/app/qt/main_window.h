#ifndef KERMA_APP_QT_MAIN_WINDOW_H
#define KERMA_APP_QT_MAIN_WINDOW_H

#include "kerma/app/viewer_model.h"
#include "kerma/core/image_series.h"

#include <QMainWindow>

#include <array>
#include <memory>

class QComboBox;
class QLabel;

namespace kerma::app {

class SliceView;
class VtkCtImage;

/// The workstation's main window: a header with the patient's name and ID, the axial view on the
/// left, sagittal and coronal on the right, a window/level preset menu and a status line with the
/// HU and patient coordinates under the cursor. Owns the ViewerModel; the views edit it and the
/// window refreshes all three after every change, which is what links them.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  /// ct must hold at least one voxel. sourceDescription says where it came from (folder or
  /// "built-in demo patient") and is shown in the header.
  MainWindow(std::shared_ptr<const core::CtImage> ct, const QString& sourceDescription,
             QWidget* parent = nullptr);
  ~MainWindow() override;

  ViewerModel& model() { return model_; }
  SliceView* view(ViewOrientation orientation) const;
  /// Applies windowPresets()[index] to all views.
  void applyPreset(int index);
  /// Re-reads the model in every view and the status line.
  void refreshViews();

 private:
  ViewerModel model_;
  std::shared_ptr<VtkCtImage> image_;
  std::array<SliceView*, 3> views_{};
  QComboBox* presetBox_ = nullptr;
  QLabel* windowLabel_ = nullptr;
  QLabel* probeLabel_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_MAIN_WINDOW_H
