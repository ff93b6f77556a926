#include "contouring_tools.h"

#include "background_task.h"
#include "boolean_dialog.h"
#include "contouring_panel.h"
#include "margin_dialog.h"
#include "slice_interaction.h"

#include "kerma/app/boolean_model.h"
#include "kerma/app/margin_model.h"
#include "kerma/core/error.h"
#include "kerma/structure/segmentation.h"

#include <QApplication>
#include <QMessageBox>

namespace kerma::app {

namespace {
// Busy cursor for the lifetime of a scope.
struct BusyCursor {
  BusyCursor() { QApplication::setOverrideCursor(Qt::BusyCursor); }
  ~BusyCursor() { QApplication::restoreOverrideCursor(); }
  BusyCursor(const BusyCursor&) = delete;
  BusyCursor& operator=(const BusyCursor&) = delete;
};
}  // namespace

ContouringTools::ContouringTools(StructureSetModel& structures, std::shared_ptr<const core::CtImage> ct, QWidget* window)
    : QObject(window),
      structures_(structures),
      ct_(std::move(ct)),
      window_(window),
      brush_(structures),
      polygon_(structures),
      threshold_(structures),
      grow_(structures),
      brushInteraction_(std::make_unique<BrushInteraction>(brush_)),
      polygonInteraction_(std::make_unique<PolygonInteraction>(polygon_)),
      seedInteraction_(std::make_unique<SeedInteraction>(grow_, [this] { startRegionGrowing(); })) {}

ContouringTools::~ContouringTools() = default;

SliceInteraction* ContouringTools::select(ContouringTool tool) {
  polygon_.cancel();
  switch (tool) {
    case ContouringTool::Navigate: return nullptr;
    case ContouringTool::Brush:
      brush_.setMode(structure::PaintMode::Add);
      return brushInteraction_.get();
    case ContouringTool::Eraser:
      brush_.setMode(structure::PaintMode::Erase);
      return brushInteraction_.get();
    case ContouringTool::Polygon:
      polygon_.setMode(structure::PaintMode::Add);
      return polygonInteraction_.get();
    case ContouringTool::PolygonCut:
      polygon_.setMode(structure::PaintMode::Erase);
      return polygonInteraction_.get();
    case ContouringTool::RegionGrow: return seedInteraction_.get();
  }
  return nullptr;
}

QFuture<void> ContouringTools::startRegionGrowing() {
  if (!grow_.hasSeed()) return QtFuture::makeReadyFuture();
  QApplication::setOverrideCursor(Qt::BusyCursor);
  emit status("Region growing…");
  return runInBackground(
      this, [ct = ct_, settings = grow_.settings()] { return growRegion(ct->hu, settings); },
      [this](TaskOutcome<structure::Mask> outcome) {
        QApplication::restoreOverrideCursor();
        emit status({});
        if (const auto* error = std::get_if<Error>(&outcome)) {
          QMessageBox::warning(window_, "Kerma: region growing", error->what());
          return;
        }
        grow_.showResult(std::move(std::get<structure::Mask>(outcome)));
      });
}

void ContouringTools::interpolateActive() {
  const auto active = structures_.activeIndex();
  if (!active) return;
  const BusyCursor busy;
  structures_.replaceMask(*active, structure::interpolateSlices(structures_.structure(*active).mask),
                          "Interpolate " + structures_.structure(*active).name);
}

void ContouringTools::openMarginDialog() {
  if (structures_.count() == 0) return;
  MarginDialog dialog(structures_, window_);
  if (dialog.exec() != QDialog::Accepted) return;
  try {
    AppliedMargin applied;
    {
      const BusyCursor busy;
      applied = applyMargin(structures_, dialog.settings());
    }
    for (const std::string& note : applied.notes)
      QMessageBox::information(window_, "Kerma: margin", QString::fromStdString(note));
  } catch (const Error& e) {
    QMessageBox::warning(window_, "Kerma: margin", QString::fromStdString(e.what()));
  }
}

void ContouringTools::openBooleanDialog() {
  if (structures_.count() == 0) return;
  BooleanDialog dialog(structures_, window_);
  if (dialog.exec() != QDialog::Accepted) return;
  try {
    const BusyCursor busy;
    applyBoolean(structures_, dialog.settings());
  } catch (const Error& e) {
    QMessageBox::warning(window_, "Kerma: boolean", QString::fromStdString(e.what()));
  }
}

}  // namespace kerma::app
