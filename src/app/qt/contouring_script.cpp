#include "contouring_script.h"

#include "autosave.h"
#include "main_window.h"

#include "kerma/app/viewer_model.h"

#include <QTimer>


#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

namespace kerma::app {

namespace {

constexpr int STROKE_INTERVAL_MS = 150;
constexpr int DABS_PER_STROKE = 12;
constexpr double DAB_STEP_MM = 2;

struct Script {
  MainWindow& window;
  int strokes;
  std::optional<int> saveAfter;
  int done = 0;

  void next() {
    if (done == strokes) {
      std::cout << "kerma: script done" << std::endl;
      return;
    }
    paintStroke(++done);
    if (saveAfter && done == *saveAfter) {
      std::cout << "kerma: saving to the patient store" << std::endl;
      window.saveToStore().then(&window, [this] {
        std::cout << "kerma: saved to the patient store" << std::endl;
        QTimer::singleShot(STROKE_INTERVAL_MS, &window, [this] { next(); });
      });
      return;
    }
    QTimer::singleShot(STROKE_INTERVAL_MS, &window, [this] { next(); });
  }

  // Stroke n: a 22 mm line of disks of radius 2 + n % 4 mm, n mm right of the crosshair.
  void paintStroke(int n) {
    auto& structures = window.structures();
    const std::string name = "Stroke " + std::to_string(n);
    const int index = structures.addStructure({name, structure::RoiType::Organ, structures.newColour(structure::RoiType::Organ)}, nullptr,
                                              "Add " + name);
    auto& brush = window.brushModel();
    brush.setMode(structure::PaintMode::Add);
    brush.setRadiusMm(2 + n % 4);
    const auto centre = window.model().crosshairMm();
    for (int dab = 0; dab < DABS_PER_STROKE; ++dab) {
      const core::Point3<core::Patient> p{centre.x + n, centre.y - 11 + dab * DAB_STEP_MM, centre.z};
      if (dab == 0) brush.press(p, sliceStepDirection(ViewOrientation::Axial));
      else brush.drag(p);
    }
    brush.release();
    const auto values = structures.structure(index).mask.values();
    std::cout << "kerma: stroke " << n << ": " << std::count(values.begin(), values.end(), 1) << " voxels, edit "
              << window.history().index() << std::endl;
  }
};

}  // namespace

void startContouringScript(MainWindow& window, int strokes, std::optional<int> saveAfter) {
  auto* script = new Script{window, strokes, saveAfter};
  QObject::connect(&window, &QObject::destroyed, [script] { delete script; });
  if (Autosave* autosave = window.autosave())
    QObject::connect(autosave, &Autosave::saved, &window,
                     [](int editCount) { std::cout << "kerma: autosaved edit " << editCount << std::endl; });
  QTimer::singleShot(0, &window, [script] { script->next(); });
}

}  // namespace kerma::app
