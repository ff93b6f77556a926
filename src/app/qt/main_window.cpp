#include "main_window.h"

#include "autosave.h"
#include "combine_dialog.h"
#include "contouring_panel.h"
#include "contouring_tools.h"
#include "evaluation_panel.h"
#include "fusion_panel.h"
#include "slice_interaction.h"
#include "slice_view.h"
#include "structure_save_task.h"
#include "structure_list_panel.h"
#include "vtk_image.h"
#include "window_chrome.h"

#include "kerma/core/error.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace kerma::app {

namespace {
constexpr std::array<ViewOrientation, 3> ORIENTATIONS = {
    ViewOrientation::Axial, ViewOrientation::Sagittal, ViewOrientation::Coronal};
// While a brush stroke runs the list (volumes) waits this long before trying again.
constexpr int LIST_REFRESH_RETRY_MS = 100;


}  // namespace

MainWindow::MainWindow(OpenedPatient patient, QWidget* parent) : MainWindow(Workspace::withDefaultMachine(std::move(patient)), 0, 0, parent) {}

MainWindow::MainWindow(std::shared_ptr<Workspace> workspace, int study, int plan, QWidget* parent)
    : QMainWindow(parent),
      workspace_(std::move(workspace)),
      study_(study),
      plan_(plan),
      structures_(*workspace_->study(study).structures),
      beams_(*workspace_->plan(plan).beams),
      model_(workspace_->study(study).ct),
      tools_(new ContouringTools(structures_, workspace_->study(study).ct, this)),
      image_(std::make_shared<VtkCtImage>(workspace_->study(study).ct)) {
  setWindowTitle(QString("Kerma — %1").arg(QString::fromStdString(model_.patientLabel())));
  history().setListener([this] { historyChanged(); });
  structures_.setChangeListener([this] { structuresChanged(); });
  connect(tools_, &ContouringTools::status, this, [this](const QString& text) { statusBar()->showMessage(text); });
  buildLayout();
  buildDocks();
  buildMenus();
  setUpDose();
  setUpBeams();
  addHelpMenu(*this);

  probeLabel_ = new QLabel(this);
  windowLabel_ = new QLabel(this);
  statusBar()->addWidget(probeLabel_, 1);
  statusBar()->addPermanentWidget(windowLabel_);
  probeLabel_->setText(QString::fromStdString(model_.probeText(model_.crosshairMm())));
  refreshViews();
  showAcceptedDifferences();
  // The structure list is what a session starts with; tabified docks show the last one added
  // unless told otherwise once the window is up.
  QTimer::singleShot(0, this, [this] {
    if (auto* structuresDock = findChild<QDockWidget*>("structuresDock")) structuresDock->raise();
  });
}

MainWindow::~MainWindow() {
  // The views and panels hold references into the workspace's models, which may outlive this
  // window; stop the callbacks into it first.
  history().setListener({});
  structures_.setChangeListener({});
  delete autosave_;
  autosave_ = nullptr;
  // The beam views listen to beams_, which is destroyed before Qt deletes the children.
  delete beamViews_;
}

void MainWindow::buildLayout() {
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  // The header keeps the patient's identity in sight whatever the views show.
  auto* header = new QLabel(central);
  const Study& study = workspace_->study(study_);
  header->setText(QString("<b>%1</b> &nbsp;&nbsp;&nbsp; %2 &nbsp;&nbsp;&nbsp; <span style='color:#888'>"
                          "%3</span>")
                      .arg(QString::fromStdString(model_.patientLabel())
                               .toHtmlEscaped()
                               .replace("   ", " &nbsp;&nbsp;&nbsp;"),
                           QString::fromStdString(study.ct->identity.seriesDescription).toHtmlEscaped(),
                           QString::fromStdString(study.source).toHtmlEscaped()));
  header->setObjectName("patientHeader");
  // A long source folder is cut at the window's edge (full in the tooltip) instead of widening
  // the window past the screen.
  header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  header->setToolTip(QString::fromStdString(study.source));
  header->setStyleSheet("QLabel#patientHeader { font-size: 15px; padding: 4px; }");
  layout->addWidget(header);

  for (const ViewOrientation orientation : ORIENTATIONS) {
    auto* view = new SliceView(orientation, model_, structures_, image_);
    view->setObjectName(QString("%1View").arg(QString::fromUtf8(viewName(orientation).data(),
                                                                 qsizetype(viewName(orientation).size()))));
    views_[viewSlot(orientation)] = view;
    connect(view, &SliceView::modelChanged, this, &MainWindow::refreshViews);
    connect(view, &SliceView::probed, this, [this](const QString& text) { probeLabel_->setText(text); });
  }
  // Axial, the view planned in most, gets the left half; sagittal and coronal share the right.
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(view(ViewOrientation::Sagittal));
  right->addWidget(view(ViewOrientation::Coronal));
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(view(ViewOrientation::Axial));
  splitter->addWidget(right);
  // Equal halves. Sizes are proportions until shown.
  splitter->setSizes({1000, 1000});
  right->setSizes({1000, 1000});
  layout->addWidget(splitter, 1);
  setCentralWidget(central);
}

void MainWindow::buildDocks() {
  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  structureList_ = new StructureListPanel(structures_, panel);
  layout->addWidget(structureList_, 1);
  contouringPanel_ = new ContouringPanel(structures_, tools_->brush(), tools_->threshold(), tools_->regionGrow(), panel);
  layout->addWidget(contouringPanel_);
  connect(contouringPanel_, &ContouringPanel::toolSelected, this, &MainWindow::selectTool);
  connect(contouringPanel_, &ContouringPanel::overlayStyleChanged, this, &MainWindow::setOverlayStyle);
  connect(contouringPanel_, &ContouringPanel::interpolateRequested, this, &MainWindow::interpolateActive);
  connect(contouringPanel_, &ContouringPanel::marginRequested, tools_, &ContouringTools::openMarginDialog);
  connect(contouringPanel_, &ContouringPanel::booleanRequested, tools_, &ContouringTools::openBooleanDialog);
  connect(contouringPanel_, &ContouringPanel::regrowRequested, tools_, [this] { tools_->startRegionGrowing(); });
  connect(structureList_, &StructureListPanel::structureChosen, this, &MainWindow::bringStructureIntoView);

  auto* scroll = new QScrollArea;
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* dock = new QDockWidget("Structures", this);
  dock->setObjectName("structuresDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  dock->setWidget(scroll);
  dock->setMinimumWidth(360);
  addDockWidget(Qt::RightDockWidgetArea, dock);
}

void MainWindow::buildMenus() {
  fileMenu_ = menuBar()->addMenu("&File");
  fileMenu_->setObjectName("fileMenu");
  QAction* open = fileMenu_->addAction("&Open CT folder…", this, &MainWindow::chooseFolderToOpen);
  open->setShortcut(QKeySequence::Open);
  fileMenu_->addAction("&Fuse prior CT…", this, &MainWindow::choosePriorCt)->setObjectName("fusePriorCtAction");
  QAction* save = fileMenu_->addAction("&Save structures…", this, &MainWindow::chooseSaveFolder);
  save->setShortcut(QKeySequence::Save);
  quitSeparator_ = fileMenu_->addSeparator();
  QAction* quit = fileMenu_->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
  quit->setObjectName("quitAction");

  // Edit → Undo and Redo move through the workspace's history; icons in the tool bar keep their
  // width while the text ("Undo Add structure") follows the history.
  QMenu* edit = menuBar()->addMenu("&Edit");
  undoAction_ = edit->addAction(style()->standardIcon(QStyle::SP_ArrowBack), "&Undo", this, [this] { history().undo(); });
  undoAction_->setShortcut(QKeySequence::Undo);
  redoAction_ = edit->addAction(style()->standardIcon(QStyle::SP_ArrowForward), "&Redo", this, [this] { history().redo(); });
  redoAction_->setShortcuts(redoShortcuts());
  historyChanged();

  auto* toolbar = addToolBar("Window");
  toolbar->setMovable(false);
  toolbar->setToolButtonStyle(Qt::ToolButtonIconOnly);
  toolbar->addAction(undoAction_);
  toolbar->addAction(redoAction_);
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel("Window preset: "));
  presetBox_ = new WindowPresetBox(toolbar);
  presetBox_->setObjectName("windowPresetBox");
  connect(presetBox_, &WindowPresetBox::presetChosen, this, [this](const WindowLevel& windowLevel) {
    model_.setWindowLevel(windowLevel);
    refreshViews();
  });
  toolbar->addWidget(presetBox_);
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel(" wheel: slice   Ctrl+wheel: zoom   middle-drag: pan   left-drag: window/level or tool"
                                "   right: crosshair "));
  addViewMenu(*this, model_,
              {[this] { refreshViews(); }, [this] { goToIsocentre(); },
               [this] {
                 if (const auto active = structures_.activeIndex()) centreOnStructure(*active);
               }});
}

void MainWindow::addFileAction(QAction* action) { fileMenu_->insertAction(quitSeparator_, action); }

void MainWindow::historyChanged() {
  const UndoHistory& edits = history();
  undoAction_->setEnabled(edits.canUndo());
  undoAction_->setText(QString::fromStdString("&Undo " + edits.undoDescription()));
  redoAction_->setEnabled(edits.canRedo());
  redoAction_->setText(QString::fromStdString("&Redo " + edits.redoDescription()));
  if (autosave_) autosave_->request();
}

SliceView* MainWindow::view(ViewOrientation orientation) const { return views_[viewSlot(orientation)]; }

void MainWindow::refreshViews() {
  for (SliceView* view : views_) view->refresh();
  const WindowLevel& windowLevel = model_.windowLevel();
  presetBox_->showWindowLevel(windowLevel);
  windowLabel_->setText(QString::fromStdString(windowLevelText(windowLevel)));
}

void MainWindow::goToIsocentre() {
  const auto isocentre = beams_.isocentre();
  if (!isocentre) {
    statusBar()->showMessage("No isocentre: the plan has no beams (Plan → New plan from template…)", 5000);
    return;
  }
  model_.centreOn(*isocentre);
  refreshViews();
}

void MainWindow::bringStructureIntoView(int index) {
  const structure::Mask& mask = structures_.structure(index).mask;
  if (!sliceHasVoxels(mask, displayedSlice(structures_.grid(), ViewOrientation::Axial, model_.crosshairMm())))
    centreOnStructure(index);
}

void MainWindow::centreOnStructure(int index) {
  const auto p = structureViewPoint(structures_.structure(index).mask);
  if (!p) return;  // empty: nothing to show yet
  model_.centreOn(*p);
  refreshViews();
}

BrushToolModel& MainWindow::brushModel() { return tools_->brush(); }
PolygonToolModel& MainWindow::polygonModel() { return tools_->polygon(); }
ThresholdToolModel& MainWindow::thresholdModel() { return tools_->threshold(); }
RegionGrowToolModel& MainWindow::regionGrowModel() { return tools_->regionGrow(); }

void MainWindow::selectTool(ContouringTool tool) {
  if (fusionPanel_ != nullptr) {  // a contouring tool ends the fusion's adjustment by hand
    const QSignalBlocker quiet(fusionPanel_);
    fusionPanel_->setAdjusting(false);
  }
  contouringPanel_->refresh();
  SliceInteraction* interaction = tools_->select(tool);
  for (SliceView* view : views_) view->setInteraction(interaction);
}

void MainWindow::setOverlayStyle(const OverlayStyle& style) {
  for (SliceView* view : views_) view->setOverlayStyle(style);
}

void MainWindow::structuresChanged() {
  // The views rebuild their overlay image in the next paint (the revision moved); the CT is not
  // re-rendered.
  for (SliceView* view : views_) view->update();
  beamViewsStructuresChanged();
  if (evaluation_) evaluation_->showAsListed(structures_);
  scheduleTargetCheck();
  if (listRefreshPending_) return;
  listRefreshPending_ = true;
  // The list (volumes scan whole masks) is refreshed once per burst of changes.
  QTimer::singleShot(0, this, &MainWindow::refreshListWhenIdle);
}

void MainWindow::refreshListWhenIdle() {
  if (structures_.strokeActive()) {
    // Not in the middle of a brush stroke: after it.
    QTimer::singleShot(LIST_REFRESH_RETRY_MS, this, &MainWindow::refreshListWhenIdle);
    return;
  }
  listRefreshPending_ = false;
  structureList_->refresh();
  contouringPanel_->refresh();
  if (structures_.editRevision() == listedEditRevision_) return;
  // An edit: every list of structures follows it, and the evaluation is computed again.
  listedEditRevision_ = structures_.editRevision();
  refreshDoseTargets();
  if (evaluation_) evaluation_->setStructures(structures_.structures(), structures_.staleContours());
}

void MainWindow::chooseSaveFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, workspace_->study(study_).ctSopInstanceUids.empty()
                                                                     ? "Save CT and structures into folder"
                                                                     : "Save structures into folder");
  if (!folder.isEmpty()) saveStructuresTo(folder.toStdString());
}

QFuture<void> MainWindow::saveStructuresTo(const std::filesystem::path& folder) {
  // Without a patient store the folder is where the work is kept.
  return saveStructuresInBackground(this, *workspace_, study_, folder, {}, [this] {
    if (!store_) history().setClean();
  });
}

void MainWindow::interpolateActive() { tools_->interpolateActive(); }

void MainWindow::chooseFolderToOpen() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Open a CT folder");
  if (folder.isEmpty()) return;
  try {
    openInNewWindow(openPatientAsking(this, folder.toStdString()));
  } catch (const Error& e) {
    QMessageBox::critical(this, "Kerma: cannot open CT", QString::fromStdString(e.what()));
  }
}

}  // namespace kerma::app
