#ifndef KERMA_APP_QT_VTK_IMAGE_H
#define KERMA_APP_QT_VTK_IMAGE_H

#include "kerma/core/image_series.h"

#include <vtkSmartPointer.h>

#include <memory>

class vtkImageData;
class vtkMatrix4x4;

namespace kerma::app {

/// A CT volume as VTK sees it, built once per patient and shared by the three views. The
/// vtkImageData points at the CtVolume's own voxels (no copy, not per slice), which is why this
/// object co-owns the CtImage. VTK's image lives in "image coordinates" (voxel index times
/// spacing, origin 0); patientFromImage() places it in the patient frame, so that VTK's world
/// coordinates are DICOM patient coordinates (LPS, mm) whatever the direction cosines.
class VtkCtImage {
 public:
  explicit VtkCtImage(std::shared_ptr<const core::CtImage> ct);
  ~VtkCtImage();
  VtkCtImage(const VtkCtImage&) = delete;
  VtkCtImage& operator=(const VtkCtImage&) = delete;

  /// Scalars are the CT numbers, int16 HU; read-only by contract.
  vtkImageData* imageData() const;
  /// Patient (LPS, mm) from VTK image coordinates; use as the image prop's user matrix.
  vtkMatrix4x4* patientFromImage() const;

 private:
  std::shared_ptr<const core::CtImage> ct_;
  vtkSmartPointer<vtkImageData> imageData_;
  vtkSmartPointer<vtkMatrix4x4> patientFromImage_;
};

}  // namespace kerma::app

#endif  // KERMA_APP_QT_VTK_IMAGE_H
