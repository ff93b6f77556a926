#include "vtk_image.h"

#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkShortArray.h>

#include <cassert>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace kerma::app {

VtkCtImage::VtkCtImage(std::shared_ptr<const core::CtImage> ct)
    : ct_(std::move(ct)),
      imageData_(vtkSmartPointer<vtkImageData>::New()),
      patientFromImage_(vtkSmartPointer<vtkMatrix4x4>::New()) {
  static_assert(std::is_same_v<vtkShortArray::ValueType, std::int16_t>,
                "vtkShortArray holds int16 CT numbers");
  const core::VolumeGeometry& geometry = ct_->hu.geometry();
  const auto& size = geometry.size();
  const auto& spacingMm = geometry.spacingMm();
  imageData_->SetDimensions(size[0], size[1], size[2]);
  imageData_->SetSpacing(spacingMm[0], spacingMm[1], spacingMm[2]);
  imageData_->SetOrigin(0, 0, 0);

  const auto values = ct_->hu.values();
  auto scalars = vtkSmartPointer<vtkShortArray>::New();
  scalars->SetName("HU");
  // VTK's API takes a mutable pointer; nothing in the viewer writes to the scalars, and
  // save = 1 leaves the memory to the CtImage that ct_ keeps alive.
  scalars->SetArray(const_cast<std::int16_t*>(values.data()), vtkIdType(values.size()),
                    /*save=*/1);
  imageData_->GetPointData()->SetScalars(scalars);

  const Eigen::Matrix3d& directions = geometry.directionCosines();
  const core::Point3<core::Patient>& originMm = geometry.originMm();
  const double translation[3] = {originMm.x, originMm.y, originMm.z};
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column)
      patientFromImage_->SetElement(row, column, directions(row, column));
    patientFromImage_->SetElement(row, 3, translation[row]);
  }
}

VtkCtImage::~VtkCtImage() = default;

vtkImageData* VtkCtImage::imageData() const { return imageData_; }

vtkMatrix4x4* VtkCtImage::patientFromImage() const { return patientFromImage_; }

}  // namespace kerma::app
