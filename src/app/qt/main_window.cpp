#include "main_window.h"

#include "autosave.h"
#include "background_task.h"
#include "boolean_dialog.h"
#include "combine_dialog.h"
#include "contouring_panel.h"
#include "evaluation_panel.h"
#include "margin_dialog.h"
#include "slice_interaction.h"
#include "slice_view.h"
#include "structure_list_panel.h"
#include "vtk_image.h"
#include "window_menus.h"

#include "kerma/app/boolean_model.h"
#include "kerma/app/margin_model.h"
#include "kerma/core/error.h"
#include "kerma/structure/segmentation.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
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

// Busy cursor for the lifetime of a scope.
struct BusyCursor {
  BusyCursor() { QApplication::setOverrideCursor(Qt::BusyCursor); }
  ~BusyCursor() { QApplication::restoreOverrideCursor(); }
  BusyCursor(const BusyCursor&) = delete;
  BusyCursor& operator=(const BusyCursor&) = delete;
};

// The platform's redo keys (Ctrl+Shift+Z on X11) and both that users of other systems press,
// each once: a key bound twice is an "ambiguous shortcut" that does nothing.
QList<QKeySequence> redoShortcuts() {
  QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Redo);
  for (const QKeySequence& key : {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)})
    if (!keys.contains(key)) keys << key;
  return keys;
}

// A workspace of the default machine with patient as its study and one empty plan.
std::shared_ptr<Workspace> workspaceOf(OpenedPatient patient) {
  std::shared_ptr<Workspace> workspace = Workspace::withDefaultMachine();
  workspace->addPlan(workspace->addStudy(std::move(patient)));
  return workspace;
}
}  // namespace

MainWindow::MainWindow(OpenedPatient patient, QWidget* parent) : MainWindow(workspaceOf(std::move(patient)), 0, 0, parent) {}

MainWindow::MainWindow(std::shared_ptr<Workspace> workspace, int study, int plan, QWidget* parent)
    : QMainWindow(parent),
      workspace_(std::move(workspace)),
      study_(study),
      plan_(plan),
      structures_(*workspace_->study(study).structures),
      beams_(*workspace_->plan(plan).beams),
      model_(workspace_->study(study).ct),
      brush_(structures_),
      polygon_(structures_),
      threshold_(structures_),
      grow_(structures_),
      image_(std::make_shared<VtkCtImage>(workspace_->study(study).ct)) {
  setWindowTitle(QString("Kerma — %1").arg(QString::fromStdString(model_.patientLabel())));
  history().setListener([this] { historyChanged(); });
  structures_.setChangeListener([this] { structuresChanged(); });
  brushInteraction_ = std::make_unique<BrushInteraction>(brush_);
  polygonInteraction_ = std::make_unique<PolygonInteraction>(polygon_);
  seedInteraction_ = std::make_unique<SeedInteraction>(grow_, [this] { startRegionGrowing(); });
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
  contouringPanel_ = new ContouringPanel(structures_, brush_, threshold_, grow_, panel);
  layout->addWidget(contouringPanel_);
  connect(contouringPanel_, &ContouringPanel::toolSelected, this, &MainWindow::selectTool);
  connect(contouringPanel_, &ContouringPanel::overlayStyleChanged, this, &MainWindow::setOverlayStyle);
  connect(contouringPanel_, &ContouringPanel::interpolateRequested, this, &MainWindow::interpolateActive);
  connect(contouringPanel_, &ContouringPanel::marginRequested, this, &MainWindow::openMarginDialog);
  connect(contouringPanel_, &ContouringPanel::booleanRequested, this, &MainWindow::openBooleanDialog);
  connect(contouringPanel_, &ContouringPanel::regrowRequested, this, [this] { startRegionGrowing(); });
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
  presetBox_ = new QComboBox(toolbar);
  for (const WindowPreset& preset : windowPresets()) {
    presetBox_->addItem(QString("%1  (W %2 / L %3)")
                            .arg(QString::fromUtf8(preset.name.data(), qsizetype(preset.name.size())))
                            .arg(preset.windowLevel.windowHu)
                            .arg(preset.windowLevel.levelHu));
  }
  // A window dragged by hand matches no preset: the box says so rather than naming the last one.
  presetBox_->setPlaceholderText("Custom");
  connect(presetBox_, &QComboBox::activated, this, &MainWindow::applyPreset);
  toolbar->addWidget(presetBox_);
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel(" wheel: slice   Ctrl+wheel: zoom   middle-drag: pan   left-drag: window/level or tool"
                                "   right: crosshair "));
  addViewMenu(*this, model_,
              {[this] { refreshViews(); }, [this] { goToIsocentre(); },
               [this] {
                 const auto active = structures_.activeIndex();
                 if (const auto p = active ? structureViewPoint(structures_.structure(*active).mask) : std::nullopt) {
                   model_.centreOn(*p);
                   refreshViews();
                 }
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

void MainWindow::applyPreset(int index) {
  const auto presets = windowPresets();
  if (index < 0 || std::size_t(index) >= presets.size()) return;
  model_.setWindowLevel(presets[std::size_t(index)].windowLevel);
  refreshViews();
}

void MainWindow::refreshViews() {
  for (SliceView* view : views_) view->refresh();
  const WindowLevel& windowLevel = model_.windowLevel();
  const auto presets = windowPresets();
  const auto preset = std::find_if(presets.begin(), presets.end(),
                                   [&](const WindowPreset& p) { return p.windowLevel == windowLevel; });
  presetBox_->setCurrentIndex(preset == presets.end() ? -1 : int(preset - presets.begin()));
  windowLabel_->setText(QString("W %1  L %2").arg(windowLevel.windowHu, 0, 'f', 0).arg(windowLevel.levelHu, 0, 'f', 0));
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
  if (sliceHasVoxels(mask, displayedSlice(structures_.grid(), ViewOrientation::Axial, model_.crosshairMm()))) return;
  const auto p = structureViewPoint(mask);
  if (!p) return;  // empty: nothing to show yet
  model_.centreOn(*p);
  refreshViews();
}

void MainWindow::selectTool(ContouringTool tool) {
  contouringPanel_->refresh();
  SliceInteraction* interaction = nullptr;
  switch (tool) {
    case ContouringTool::Navigate: break;
    case ContouringTool::Brush:
      brush_.setMode(structure::PaintMode::Add);
      interaction = brushInteraction_.get();
      break;
    case ContouringTool::Eraser:
      brush_.setMode(structure::PaintMode::Erase);
      interaction = brushInteraction_.get();
      break;
    case ContouringTool::Polygon:
      polygon_.setMode(structure::PaintMode::Add);
      interaction = polygonInteraction_.get();
      break;
    case ContouringTool::PolygonCut:
      polygon_.setMode(structure::PaintMode::Erase);
      interaction = polygonInteraction_.get();
      break;
    case ContouringTool::RegionGrow: interaction = seedInteraction_.get(); break;
  }
  polygon_.cancel();
  for (SliceView* view : views_) view->setInteraction(interaction);
}

void MainWindow::setOverlayStyle(const OverlayStyle& style) {
  overlayStyle_ = style;
  for (SliceView* view : views_) view->setOverlayStyle(style);
}

void MainWindow::structuresChanged() {
  // The views rebuild their overlay image in the next paint (the revision moved); the CT is not
  // re-rendered.
  for (SliceView* view : views_) view->update();
  beamViewsStructuresChanged();
  syncPlanEvaluationVisibility();
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

QFuture<void> MainWindow::startRegionGrowing() {
  if (!grow_.hasSeed()) return QtFuture::makeReadyFuture();
  QApplication::setOverrideCursor(Qt::BusyCursor);
  statusBar()->showMessage("Region growing…");
  return runInBackground(
      this, [ct = model_.ctShared(), settings = grow_.settings()] { return growRegion(ct->hu, settings); },
      [this](TaskOutcome<structure::Mask> outcome) {
        QApplication::restoreOverrideCursor();
        statusBar()->clearMessage();
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::warning(this, "Kerma: region growing", error->what());
          return;
        }
        grow_.showResult(std::move(std::get<structure::Mask>(outcome)));
      });
}

void MainWindow::chooseSaveFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, workspace_->study(study_).ctSopInstanceUids.empty()
                                                                     ? "Save CT and structures into folder"
                                                                     : "Save structures into folder");
  if (!folder.isEmpty()) saveStructuresTo(folder.toStdString());
}

QFuture<void> MainWindow::saveStructuresTo(const std::filesystem::path& folder) {
  // Without a patient store the folder is where the work is kept.
  return saveStructures(folder, {}, [this] {
    if (!store_) history().setClean();
  });
}

QFuture<void> MainWindow::saveStructures(const std::filesystem::path& folder,
                                         std::function<std::string(const SavedStructureSet&)> keep,
                                         std::function<void()> saved) {
  QApplication::setOverrideCursor(Qt::BusyCursor);
  setEnabled(false);  // no edits while the copy being written could go stale
  statusBar()->showMessage("Saving structures…");
  const Study& study = workspace_->study(study_);
  return runInBackground(
      this,
      [ct = study.ct, all = structures_.structures(), stale = structures_.staleContours(),
       uids = study.ctSopInstanceUids, folder, keep] {
        SavedStructureSet written = saveStructureSet(*ct, all, stale, uids, folder);
        std::string note = keep ? keep(written) : written.rtStructFile.string();
        return std::pair{std::move(written), std::move(note)};
      },
      [this, saved](TaskOutcome<std::pair<SavedStructureSet, std::string>> outcome) {
        QApplication::restoreOverrideCursor();
        setEnabled(true);
        if (const auto* error = std::get_if<Error>(&outcome)) {
          statusBar()->clearMessage();
          QMessageBox::critical(this, "Kerma: cannot save structures", error->what());
          return;
        }
        auto& [written, note] = std::get<0>(outcome);
        workspace_->study(study_).ctSopInstanceUids = written.ctSopInstanceUids;
        structures_.setContours(std::move(written.contours));
        statusBar()->showMessage(
            QString("Saved %1%2").arg(QString::fromStdString(note)).arg(written.wroteCt ? " with the CT" : ""));
        if (saved) saved();
      });
}

void MainWindow::interpolateActive() {
  const auto active = structures_.activeIndex();
  if (!active) return;
  const BusyCursor busy;
  structures_.replaceMask(*active, structure::interpolateSlices(structures_.structure(*active).mask),
                          "Interpolate " + structures_.structure(*active).name);
}

void MainWindow::openMarginDialog() {
  if (structures_.count() == 0) return;
  MarginDialog dialog(structures_, this);
  if (dialog.exec() != QDialog::Accepted) return;
  try {
    AppliedMargin applied;
    {
      const BusyCursor busy;
      applied = applyMargin(structures_, dialog.settings());
    }
    for (const std::string& note : applied.notes) QMessageBox::information(this, "Kerma: margin", QString::fromStdString(note));
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: margin", QString::fromStdString(e.what()));
  }
}

void MainWindow::openBooleanDialog() {
  if (structures_.count() == 0) return;
  BooleanDialog dialog(structures_, this);
  if (dialog.exec() != QDialog::Accepted) return;
  try {
    const BusyCursor busy;
    applyBoolean(structures_, dialog.settings());
  } catch (const Error& e) {
    QMessageBox::warning(this, "Kerma: boolean", QString::fromStdString(e.what()));
  }
}

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
