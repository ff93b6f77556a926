#include "vtk_gl_widget.h"

#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QScopedValueRollback>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLState.h>

#include <array>

namespace kerma::app {

namespace {
// Every question or request a vtkGenericOpenGLRenderWindow sends to the toolkit that owns the
// context. Unanswered, IsCurrent() reports false and VTK skips or misdirects its drawing.
constexpr std::array<unsigned long, 5> RENDER_WINDOW_EVENTS = {
    vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
    vtkCommand::WindowIsDirectEvent, vtkCommand::WindowSupportsOpenGLEvent,
    vtkCommand::WindowFrameEvent};
}  // namespace

VtkGlWidget::VtkGlWidget(QWidget* parent)
    : QOpenGLWidget(parent), renderWindow_(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()) {
  // VTK redraws the whole view on every frame; partial updates would keep stale pixels.
  setUpdateBehavior(QOpenGLWidget::NoPartialUpdate);
  // Qt says frameSwapped to every OpenGL widget of a window each time it composes the window;
  // only a composition after this widget painted showed a new frame of it.
  connect(this, &QOpenGLWidget::frameSwapped, this, [this] {
    if (paintedSinceSwap_) ++framesShown_;
    paintedSinceSwap_ = false;
  });
  // Until initializeGL there is no context: a Render() now would draw into nothing.
  renderWindow_->SetReadyForRendering(false);
  // VTK must neither add its own off-screen buffers nor blit to framebuffer 0 at the end of a
  // frame: framebuffer 0 is not the widget's (QOpenGLWidget draws into its own FBO), and a blit
  // there is invisible. paintGL blits into defaultFramebufferObject() instead.
  renderWindow_->SetUseOffScreenBuffers(false);
  renderWindow_->SetFrameBlitModeToNoBlit();
  renderWindow_->SetMultiSamples(0);
  for (const unsigned long eventId : RENDER_WINDOW_EVENTS)
    renderWindow_->AddObserver(eventId, this, &VtkGlWidget::onRenderWindowEvent);
}

VtkGlWidget::~VtkGlWidget() {
  // QOpenGLWidget's destructor emits aboutToBeDestroyed after this object is gone; release
  // VTK's OpenGL objects now, while the context can still be made current.
  if (context()) disconnect(context(), nullptr, this, nullptr);
  makeCurrent();
  releaseGraphics();
  doneCurrent();
  for (const unsigned long eventId : RENDER_WINDOW_EVENTS) renderWindow_->RemoveObservers(eventId);
}

vtkGenericOpenGLRenderWindow* VtkGlWidget::renderWindow() const { return renderWindow_; }

void VtkGlWidget::requestRender() {
  renderNeeded_ = true;
  update();
}

QSurfaceFormat VtkGlWidget::defaultFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  // VTK's OpenGL2 backend needs 3.2; without asking for a core profile some drivers hand out a
  // 3.0/3.1 compatibility context and VTK refuses to initialise.
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(8);
  format.setSamples(0);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  return format;
}

void VtkGlWidget::initializeGL() {
  surface_ = context()->surface();
  // VTK initialises from the context Qt created for this widget (now current) instead of
  // creating its own: glew entry points, capability checks, its framebuffers.
  renderWindow_->SetForceMaximumHardwareLineWidth(1);
  renderWindow_->SetReadyForRendering(true);
  renderWindow_->InitializeFromCurrentContext();
  initialized_ = true;
  const QSize deviceSize = size() * devicePixelRatioF();
  renderWindow_->SetSize(deviceSize.width(), deviceSize.height());
  renderNeeded_ = true;
  // A context can be destroyed without the widget (re-parenting to another top-level window);
  // VTK's objects in it must go first.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this,
          [this] {
            makeCurrent();
            releaseGraphics();
          },
          Qt::DirectConnection);
}

void VtkGlWidget::resizeGL(int, int) {
  // Qt passes the size in device-independent pixels; VTK's framebuffers are in device pixels.
  const QSize deviceSize = size() * devicePixelRatioF();
  renderWindow_->SetSize(deviceSize.width(), deviceSize.height());
  renderNeeded_ = true;
}

void VtkGlWidget::paintGL() {
  if (!initialized_) return;
  const QScopedValueRollback<bool> painting(inPaint_, true);
  vtkOpenGLState* state = renderWindow_->GetState();
  // Qt's own drawing changed OpenGL state behind VTK's state cache; re-read it, and restore
  // Qt's state when done.
  state->Reset();
  state->Push();
  // Qt leaves GL_LESS; VTK draws coplanar props (image, then overlays) with GL_LEQUAL.
  state->vtkglDepthFunc(GL_LEQUAL);
  // VTK's display framebuffer keeps the last frame; a repaint for overlays alone shows it again
  // instead of rendering the scene, which with a software rasteriser is most of a frame's cost.
  if (renderNeeded_) {
    renderWindow_->Render();
    renderNeeded_ = false;
  }

  // Copy VTK's finished frame into the widget's framebuffer object, which Qt composes into the
  // window and grabFramebuffer() reads.
  const QSize deviceSize = size() * devicePixelRatioF();
  state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  state->vtkglDrawBuffer(GL_COLOR_ATTACHMENT0);
  renderWindow_->BlitDisplayFramebuffer(0, 0, 0, deviceSize.width(), deviceSize.height(), 0, 0,
                                        deviceSize.width(), deviceSize.height(),
                                        GL_COLOR_BUFFER_BIT, GL_NEAREST);
  // VTK leaves alpha below 1 where it drew nothing opaque; Qt composes the widget with alpha
  // and those pixels would show what lies behind (or black in a grab). Force alpha to 1.
  state->vtkglColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  state->vtkglClearColor(0, 0, 0, 1);
  state->vtkglViewport(0, 0, deviceSize.width(), deviceSize.height());
  state->vtkglDisable(GL_SCISSOR_TEST);
  state->vtkglClear(GL_COLOR_BUFFER_BIT);
  state->vtkglColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  state->Pop();
  paintedSinceSwap_ = true;
}

void VtkGlWidget::onRenderWindowEvent(vtkObject*, unsigned long eventId, void*) {
  QOpenGLContext* ownContext = context();
  switch (eventId) {
    case vtkCommand::WindowMakeCurrentEvent:
      // VTK asks for this many times per frame, in the middle of rendering into its own
      // framebuffer. QOpenGLWidget::makeCurrent() would also bind the widget's framebuffer
      // object behind VTK's state cache, and VTK would go on drawing into the wrong
      // framebuffer; QOpenGLContext::makeCurrent() binds nothing, and is skipped when the
      // context is current already.
      if (ownContext && surface_ && QOpenGLContext::currentContext() != ownContext)
        ownContext->makeCurrent(surface_);
      return;
    case vtkCommand::WindowIsCurrentEvent:
      renderWindow_->SetIsCurrent(ownContext != nullptr &&
                                  QOpenGLContext::currentContext() == ownContext);
      return;
    case vtkCommand::WindowIsDirectEvent:
      renderWindow_->SetIsDirect(true);
      return;
    case vtkCommand::WindowSupportsOpenGLEvent:
      renderWindow_->SetSupportsOpenGL(ownContext != nullptr && ownContext->isValid());
      return;
    case vtkCommand::WindowFrameEvent:
      // A Render() outside paintGL finished a frame that the widget has not shown yet.
      if (!inPaint_) update();
      return;
  }
}

void VtkGlWidget::releaseGraphics() {
  if (!initialized_) return;
  renderWindow_->Finalize();
  renderWindow_->SetReadyForRendering(false);
  initialized_ = false;
}

}  // namespace kerma::app
