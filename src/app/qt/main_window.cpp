#include "main_window.h"

#include "slice_view.h"
#include "vtk_image.h"

#include <QComboBox>
#include <QLabel>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <cassert>

namespace kerma::app {

namespace {
constexpr std::array<ViewOrientation, 3> ORIENTATIONS = {
    ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal};

std::size_t viewSlot(ViewOrientation orientation) {
  switch (orientation) {
    case ViewOrientation::Axial: return 0;
    case ViewOrientation::Sagittal: return 1;
    case ViewOrientation::Coronal: return 2;
  }
  assert(false && "unknown view orientation");
  return 0;
}
}  // namespace

MainWindow::MainWindow(std::shared_ptr<const core::CtImage> ct, const QString& sourceDescription,
                       QWidget* parent)
    : QMainWindow(parent), model_(ct), image_(std::make_shared<VtkCtImage>(ct)) {
  setWindowTitle(QString("Kerma — %1").arg(QString::fromStdString(model_.patientLabel())));

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);

  // The header keeps the patient's identity in sight whatever the views show.
  auto* header = new QLabel(central);
  const auto& identity = ct->identity;
  header->setText(QString("<b>%1</b> &nbsp;&nbsp;&nbsp; %2 &nbsp;&nbsp;&nbsp; <span style='color:#888'>"
                          "%3</span>")
                      .arg(QString::fromStdString(model_.patientLabel())
                               .toHtmlEscaped()
                               .replace("   ", " &nbsp;&nbsp;&nbsp;"),
                           QString::fromStdString(identity.seriesDescription).toHtmlEscaped(),
                           sourceDescription.toHtmlEscaped()));
  header->setObjectName("patientHeader");
  header->setStyleSheet("QLabel#patientHeader { font-size: 15px; padding: 4px; }");
  layout->addWidget(header);

  for (const ViewOrientation orientation : ORIENTATIONS) {
    auto* view = new SliceView(orientation, model_, image_);
    view->setObjectName(QString("%1View").arg(QString::fromUtf8(viewName(orientation).data(),
                                                                 qsizetype(viewName(orientation).size()))));
    views_[viewSlot(orientation)] = view;
    connect(view, &SliceView::modelChanged, this, &MainWindow::refreshViews);
    connect(view, &SliceView::probed, this, [this](const QString& text) {
      probeLabel_->setText(text);
    });
  }
  // Axial, the view planned in most, gets the left half; sagittal and coronal share the right.
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(view(ViewOrientation::Sagittal));
  right->addWidget(view(ViewOrientation::Coronal));
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(view(ViewOrientation::Axial));
  splitter->addWidget(right);
  // Equal halves: at 1600 px the axial view and the stacked views are each about 790 px wide,
  // enough for a 500 mm field at under 0.7 mm per pixel. Sizes are proportions until shown.
  splitter->setSizes({1000, 1000});
  right->setSizes({1000, 1000});
  layout->addWidget(splitter, 1);
  setCentralWidget(central);

  auto* toolbar = addToolBar("Window");
  toolbar->setMovable(false);
  toolbar->addWidget(new QLabel("Window preset: "));
  presetBox_ = new QComboBox(toolbar);
  for (const WindowPreset& preset : windowPresets()) {
    presetBox_->addItem(QString("%1  (W %2 / L %3)")
                            .arg(QString::fromUtf8(preset.name.data(), qsizetype(preset.name.size())))
                            .arg(preset.windowLevel.windowHu)
                            .arg(preset.windowLevel.levelHu));
  }
  connect(presetBox_, &QComboBox::activated, this, &MainWindow::applyPreset);
  toolbar->addWidget(presetBox_);
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel(" wheel: slice   left-drag: window/level   click: crosshair "));

  probeLabel_ = new QLabel(this);
  windowLabel_ = new QLabel(this);
  statusBar()->addWidget(probeLabel_, 1);
  statusBar()->addPermanentWidget(windowLabel_);
  probeLabel_->setText(QString::fromStdString(model_.probeText(model_.crosshairMm())));
  refreshViews();
}

MainWindow::~MainWindow() = default;

SliceView* MainWindow::view(ViewOrientation orientation) const {
  return views_[viewSlot(orientation)];
}

void MainWindow::applyPreset(int index) {
  const auto presets = windowPresets();
  if (index < 0 || std::size_t(index) >= presets.size()) return;
  model_.setWindowLevel(presets[std::size_t(index)].windowLevel);
  presetBox_->setCurrentIndex(index);
  refreshViews();
}

void MainWindow::refreshViews() {
  for (SliceView* view : views_) view->refresh();
  const WindowLevel& windowLevel = model_.windowLevel();
  windowLabel_->setText(QString("W %1  L %2").arg(windowLevel.windowHu, 0, 'f', 0)
                            .arg(windowLevel.levelHu, 0, 'f', 0));
}

}  // namespace kerma::app
