#ifndef KERMA_APP_QT_VTK_GL_WIDGET_H
#define KERMA_APP_QT_VTK_GL_WIDGET_H

#include <QOpenGLWidget>
#include <QSurface>
#include <QSurfaceFormat>

#include <vtkSmartPointer.h>

class vtkGenericOpenGLRenderWindow;
class vtkObject;

namespace kerma::app {

/// A QOpenGLWidget that shows a VTK render window: Kerma's own bridge between Qt 6 and VTK,
/// because Debian's VTK Qt module (QVTKOpenGLNativeWidget) is built for Qt 5. VTK renders into
/// its own framebuffer inside the widget's OpenGL context; paintGL then blits that framebuffer
/// into the widget's framebuffer object, so grabFramebuffer() returns exactly what VTK drew.
/// docs/gui.md explains each step and what went wrong without it.
class VtkGlWidget : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkGlWidget(QWidget* parent = nullptr);
  ~VtkGlWidget() override;

  /// The surface format VTK's OpenGL2 backend needs: OpenGL 3.2 core profile, RGBA8, 24-bit
  /// depth, 8-bit stencil, no multisampling. Set it with QSurfaceFormat::setDefaultFormat before
  /// the QApplication is created, so every context in the process agrees.
  static QSurfaceFormat defaultFormat();

  /// The VTK window drawn by this widget; add renderers to it. Call requestRender() (never
  /// Render()) after changing the scene, so that rendering happens in paintGL with the context
  /// current.
  vtkGenericOpenGLRenderWindow* renderWindow() const;

  /// Marks the VTK scene as changed and schedules a repaint. A plain update() repaints by
  /// showing VTK's last frame again, which is all that Qt-drawn overlays need.
  void requestRender();

  /// Paints of this widget that Qt has composed into its window since it was made: the frames a
  /// user saw change (`kerma --timing` waits for them; frame_timing.h).
  int framesShown() const { return framesShown_; }

 protected:
  void initializeGL() override;
  void resizeGL(int widthPx, int heightPx) override;
  /// Renders the VTK scene if requestRender() was called (or the size changed) and copies VTK's
  /// frame into the widget. Subclasses may paint over it with QPainter afterwards.
  void paintGL() override;

 private:
  // Answers the render window's questions about the Qt context (current? direct? supported?)
  // and its requests (make current, frame done).
  void onRenderWindowEvent(vtkObject* caller, unsigned long eventId, void* callData);
  // Frees VTK's OpenGL objects while the context still exists.
  void releaseGraphics();

  vtkSmartPointer<vtkGenericOpenGLRenderWindow> renderWindow_;
  // The surface Qt renders this widget's context on, kept from initializeGL so that VTK's
  // make-current requests can be served without QOpenGLWidget::makeCurrent (see .cpp).
  QSurface* surface_ = nullptr;
  bool initialized_ = false;
  bool inPaint_ = false;
  bool renderNeeded_ = true;
  bool paintedSinceSwap_ = false;
  int framesShown_ = 0;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_VTK_GL_WIDGET_H
