// GUI test of planning beams in the workstation: a 4-field box on the demo patient's PTV in a
// real window under X (xvfb-run), the MLC read back from the beam's-eye view's pixels, a leaf
// dragged with real mouse events, undo, and screenshots of the view.

#include "beam_table_panel.h"
#include "bev_view.h"
#include "main_window.h"
#include "plan_3d_view.h"

#include "gui_test_application.h"

#include "kerma/app/margin_model.h"
#include "kerma/app/patient_files.h"
#include "kerma/beams/beams_eye_view.h"
#include "kerma/beams/mlc_conformation.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QPushButton>
#include <QTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

namespace kerma::app {
namespace {

constexpr int WINDOW_WIDTH_PX = 1600, WINDOW_HEIGHT_PX = 1000;
constexpr int DRR_TIMEOUT_MS = 120000;
constexpr double PTV_MARGIN_MM = 10;
// Pixels this far from a leaf tip are clearly on the leaf or in the opening (the tip's own
// outline and the field outline are 1-2 px wide).
constexpr double PROBE_OFFSET_PX = 4;
// A leaf's translucent blue over the grey DRR raises blue - red by about 57 grey levels, about 40
// under a jaw's shade; grey is 0.
constexpr double MIN_LEAF_TINT = 25, MAX_OPEN_TINT = 15;

class BeamsGuiTest : public GuiTest {};

void sendMouse(QWidget* widget, QEvent::Type type, const QPointF& position, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
  QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

// (blue - red) averaged over the 3 x 3 device pixels around a logical pixel.
double blueExcessAt(const QImage& image, const QPointF& pixel, double devicePixelRatio) {
  const int cx = int(pixel.x() * devicePixelRatio), cy = int(pixel.y() * devicePixelRatio);
  double sum = 0;
  int count = 0;
  for (int y = cy - 1; y <= cy + 1; ++y)
    for (int x = cx - 1; x <= cx + 1; ++x) {
      if (!image.valid(x, y)) continue;
      sum += qBlue(image.pixel(x, y)) - qRed(image.pixel(x, y));
      ++count;
    }
  return count > 0 ? sum / count : 0;
}

bool waitForBev(BevView* bev) {
  QElapsedTimer timer;
  timer.start();
  while (bev->busy()) {
    if (timer.elapsed() > DRR_TIMEOUT_MS) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  QApplication::processEvents();
  return true;
}

void save(QWidget* widget, const QString& name) {
  QDir().mkpath(KERMA_SCREENSHOT_DIR);
  EXPECT_TRUE(widget->grab().save(QString(KERMA_SCREENSHOT_DIR "/") + name, "PNG"));
}

TEST_F(BeamsGuiTest, Box4OnThePtvShowsTheConformedMlcAndALeafDragIsUndoable) {
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->resize(WINDOW_WIDTH_PX, WINDOW_HEIGHT_PX);
  window->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  StructureSetModel& structures = window->structures();

  // The demo patient's PTV: its GTV plus 10 mm.
  MarginSettings margin;
  margin.sourceIndex = *structures.indexOf("GTV_Met");
  margin.margin = structure::MarginMm::isotropic(PTV_MARGIN_MM);
  margin.newName = "PTV";
  const int ptv = applyMargin(structures, margin).index;
  auto properties = structures.properties(ptv);
  properties.type = structure::RoiType::Ptv;
  structures.setProperties(ptv, properties);
  ASSERT_EQ(defaultPlanTarget(structures), ptv);

  TemplatePlanSettings settings;
  settings.beamTemplate = beams::BeamTemplate::Box4;
  settings.targetIndex = ptv;
  ASSERT_TRUE(window->createTemplatePlan(settings));
  BeamPlanModel& beams = window->beamPlan();
  ASSERT_EQ(beams.count(), 4);
  QApplication::processEvents();

  // The table lists the four beams with their angles, SSD and an empty MU column.
  QTableWidget* table = window->beamTable()->table();
  ASSERT_EQ(table->rowCount(), 4);
  EXPECT_EQ(table->item(1, BeamTablePanel::Name)->text(), "LLAT");
  EXPECT_EQ(table->item(1, BeamTablePanel::Gantry)->text(), "90.0");
  EXPECT_EQ(table->item(1, BeamTablePanel::Ssd)->text(), QString::number(beams.beam(1).ssdMm, 'f', 1));
  EXPECT_GT(beams.beam(1).ssdMm, 700);
  EXPECT_EQ(table->item(1, BeamTablePanel::MonitorUnits)->text(), "—");

  // Every beam's leaves and jaws are beams::conformMlc of the PTV's beam's-eye view.
  const structure::Structure target = structureWithContours(structures, ptv);
  const dose::Machine& machine = beams.machine();
  std::vector<dose::MlcLeaves> conformed;
  for (int n = 0; n < beams.count(); ++n) {
    const auto reference =
        beams::conformMlc(beams::projectStructure(target, beams.beam(n), machine.sadMm), machine, settings.options);
    EXPECT_EQ(*beams.beam(n).leaves, reference.leaves) << beams.beam(n).name;
    EXPECT_EQ(beams.beam(n).jawsMm, reference.jawsMm) << beams.beam(n).name;
    conformed.push_back(reference.leaves);
  }

  // What the beam's-eye view shows: for every open pair of the AP beam, just outside each tip
  // the leaf's blue, just inside the grey DRR. Only the PTV is shown, so that no other
  // structure's outline (the femoral heads are cyan) crosses a probed pixel.
  for (int n = 0; n < structures.count(); ++n) structures.setVisible(n, n == ptv);
  window->beamViews()->setCurrentIndex(0);
  BevView* bev = window->beamsEyeView();
  beams.setSelectedIndex(0);
  ASSERT_TRUE(waitForBev(bev));
  const QImage shown = bev->grab().toImage();
  const double ratio = bev->devicePixelRatioF();
  const double mmPerPx = bev->shownFieldMm() / std::min(bev->width(), bev->height());
  const dose::Beam& ap = beams.beam(0);
  int probes = 0;
  for (int n = 0; n < machine.mlc.pairCount(); ++n) {
    const double x1 = ap.leaves->x1Mm[std::size_t(n)], x2 = ap.leaves->x2Mm[std::size_t(n)];
    const double y = machine.mlc.pairCentreMm(n);
    if (x2 - x1 < 4 * PROBE_OFFSET_PX * mmPerPx || y < ap.jawsMm.y1 || y > ap.jawsMm.y2) continue;
    const double offsetMm = PROBE_OFFSET_PX * mmPerPx;
    // The jaws' dashed edges are drawn over the leaves: probes next to them are skipped.
    auto nearJawEdge = [&](double x) {
      return std::abs(x - ap.jawsMm.x1) < 2 * offsetMm || std::abs(x - ap.jawsMm.x2) < 2 * offsetMm;
    };
    auto probe = [&](double x, bool leaf, const char* what) {
      if (nearJawEdge(x)) return;
      const double tint = blueExcessAt(shown, bev->widgetFromBev({x, y}), ratio);
      if (leaf) EXPECT_GT(tint, MIN_LEAF_TINT) << what << ", pair " << n;
      else EXPECT_LT(std::abs(tint), MAX_OPEN_TINT) << what << ", pair " << n;
      ++probes;
    };
    probe(x1 - offsetMm, true, "X1 leaf");
    probe(x1 + offsetMm, false, "opening at X1");
    probe(x2 - offsetMm, false, "opening at X2");
    probe(x2 + offsetMm, true, "X2 leaf");
  }
  EXPECT_GE(probes, 10);
  save(bev, "bev_box4_ap.png");

  // Drag the X2 leaf of the open pair nearest the axis 25 px outwards with real mouse events.
  int pair = 0;
  for (int n = 0; n < machine.mlc.pairCount(); ++n)
    if (ap.leaves->x2Mm[std::size_t(n)] - ap.leaves->x1Mm[std::size_t(n)] > 1 &&
        std::abs(machine.mlc.pairCentreMm(n)) < std::abs(machine.mlc.pairCentreMm(pair)))
      pair = n;
  const QPointF from = bev->widgetFromBev({ap.leaves->x2Mm[std::size_t(pair)], machine.mlc.pairCentreMm(pair)});
  const QPointF to = from + QPointF(25, 0);
  sendMouse(bev, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
  sendMouse(bev, QEvent::MouseMove, from + QPointF(10, 0), Qt::NoButton, Qt::LeftButton);
  sendMouse(bev, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
  sendMouse(bev, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
  QApplication::processEvents();
  const double draggedMm = bev->bevFromWidget(to).x;
  EXPECT_NEAR(beams.beam(0).leaves->x2Mm[std::size_t(pair)], draggedMm, 1e-9);
  EXPECT_NEAR(draggedMm - conformed[0].x2Mm[std::size_t(pair)], 25 * mmPerPx, 1e-6);
  EXPECT_EQ(window->history().undoDescription(), "Move leaf X2 " + std::to_string(pair + 1) + " of AP");
  // Only that tip moved.
  dose::MlcLeaves expected = conformed[0];
  expected.x2Mm[std::size_t(pair)] = draggedMm;
  EXPECT_EQ(*beams.beam(0).leaves, expected);
  QApplication::processEvents();
  save(bev, "bev_box4_ap_leaf_dragged.png");
  window->history().undo();
  EXPECT_EQ(*beams.beam(0).leaves, conformed[0]);
  window->history().redo();
  EXPECT_EQ(*beams.beam(0).leaves, expected);
  window->history().undo();

  // The lateral beam's view, the 3D view and the whole window, for the record.
  for (int n = 0; n < structures.count(); ++n) structures.setVisible(n, true);
  beams.setSelectedIndex(1);
  ASSERT_TRUE(waitForBev(bev));
  save(bev, "bev_box4_llat.png");
  save(window.get(), "plan_box4_window.png");
  window->beamViews()->setCurrentIndex(1);
  QApplication::processEvents();
  const QImage view3d = window->plan3dView()->grabFramebuffer();
  view3d.save(QString(KERMA_SCREENSHOT_DIR "/plan_box4_3d.png"), "PNG");
}

// Shield…: the selected beam's leaves close over an organ, as one undoable edit, the rest of the
// field as it was; the dialog offers every structure but the BODY.
TEST_F(BeamsGuiTest, ShieldClosesTheSelectedBeamsLeavesOverAnOrganUndoably) {
  auto window = std::make_unique<MainWindow>(openPatient(std::nullopt));
  window->resize(WINDOW_WIDTH_PX, WINDOW_HEIGHT_PX);
  window->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
  StructureSetModel& structures = window->structures();
  MarginSettings margin;  // a large target, so that the bladder lies in its AP field
  margin.sourceIndex = *structures.indexOf("GTV_Met");
  margin.margin = structure::MarginMm::isotropic(40);
  margin.newName = "PTV";
  const int ptv = applyMargin(structures, margin).index;
  TemplatePlanSettings settings;
  settings.beamTemplate = beams::BeamTemplate::Box4;
  settings.targetIndex = ptv;
  ASSERT_TRUE(window->createTemplatePlan(settings));
  BeamPlanModel& beams = window->beamPlan();
  beams.setSelectedIndex(0);  // AP
  const dose::MlcLeaves before = *beams.beam(0).leaves, otherBefore = *beams.beam(1).leaves;

  QTimer::singleShot(0, [] {
    auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
    ASSERT_NE(dialog, nullptr);
    auto* organ = dialog->findChild<QComboBox*>("shieldOrgan");
    ASSERT_NE(organ, nullptr);
    EXPECT_EQ(organ->findText("BODY"), -1);
    organ->setCurrentText("Bladder");
    dialog->findChild<QComboBox*>("shieldRule")->setCurrentIndex(1);  // organ first
    dialog->accept();
  });
  window->beamTable()->findChild<QPushButton*>("shieldBeamButton")->click();
  const dose::MlcLeaves& after = *beams.beam(0).leaves;
  int moved = 0;
  for (std::size_t n = 0; n < after.x1Mm.size(); ++n) {
    EXPECT_GE(after.x1Mm[n], before.x1Mm[n] - 1e-9) << "pair " << n;  // leaves only close
    EXPECT_LE(after.x2Mm[n], before.x2Mm[n] + 1e-9) << "pair " << n;
    moved += after.x1Mm[n] != before.x1Mm[n] || after.x2Mm[n] != before.x2Mm[n];
  }
  EXPECT_GT(moved, 0);
  EXPECT_EQ(*beams.beam(1).leaves, otherBefore);  // the other beams untouched
  window->history().undo();
  EXPECT_EQ(*beams.beam(0).leaves, before);
}

}  // namespace
}  // namespace kerma::app
