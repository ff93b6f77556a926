#ifndef KERMA_TESTS_APP_GUI_TEST_APPLICATION_H
#define KERMA_TESTS_APP_GUI_TEST_APPLICATION_H

// The QApplication the GUI tests share: a real window on the X server, never Qt's offscreen
// platform, which would not exercise the bridge the way a user's desktop does.

#include "vtk_gl_widget.h"

#include <QApplication>
#include <QMessageBox>
#include <QSurfaceFormat>
#include <QTimer>

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

namespace kerma::app {

/// Why a GUI test skips, and how to run it.
inline constexpr const char* NO_DISPLAY_MESSAGE = "no X display; run under xvfb-run -a -s \"-screen 0 1920x1200x24\"";

/// A new QApplication on the xcb platform with Kerma's OpenGL format, or nullptr when there is
/// no X display. The caller deletes it.
inline QApplication* startGuiTestApplication() {
  if (std::getenv("DISPLAY") == nullptr) return nullptr;
  qputenv("QT_QPA_PLATFORM", "xcb");
  QSurfaceFormat::setDefaultFormat(VtkGlWidget::defaultFormat());
  // QApplication keeps references to argc and argv for its whole life.
  static int argc = 1;
  static char name[] = "kerma-gui-test";
  static char* argv[] = {name, nullptr};
  return new QApplication(argc, argv);
}

/// Runs action, accepting every modal message box it shows; returns the text of the last one
/// (and, given a path, saves a picture of it there).
inline QString acceptNextMessageBox(const std::function<void()>& action, const QString& screenshotPng = {}) {
  QString text;
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      text = box->text();
      if (!screenshotPng.isEmpty()) {
        EXPECT_TRUE(box->grab().save(screenshotPng, "PNG")) << screenshotPng.toStdString();
      }
      box->accept();
    }
  });
  poll.start(50);
  action();
  return text;
}

/// A suite of GUI tests that share one QApplication (startGuiTestApplication), each skipped
/// when there is no X display.
class GuiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { application_ = startGuiTestApplication(); }
  static void TearDownTestSuite() {
    delete application_;
    application_ = nullptr;
  }
  void SetUp() override {
    if (application_ == nullptr) GTEST_SKIP() << NO_DISPLAY_MESSAGE;
  }
  inline static QApplication* application_ = nullptr;
};

}  // namespace kerma::app

#endif  // KERMA_TESTS_APP_GUI_TEST_APPLICATION_H
