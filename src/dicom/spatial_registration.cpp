#include "kerma/dicom/spatial_registration.h"

#include "dataset_reading.h"
#include "export_modules.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <Eigen/Geometry>

#include <cmath>

namespace kerma::dicom {

namespace {

// Orthonormality a RIGID matrix's rotation must hold: DS values of 16 characters keep more.
constexpr double RIGID_TOLERANCE = 1e-4;
constexpr std::size_t MAX_LO_CHARACTERS = 64;
constexpr const char* SERIAL_NUMBER = "1";  // Device Serial Number: a program has one installation id at most

void requireUid(const std::string& uid, const std::string& what) {
  if (uid.empty())
    throw Error(ErrorCode::BadInput, "spatial registration has no " + what + "; expected a UID to write it");
}

std::vector<double> rowMajor(const Eigen::Affine3d& m) {
  std::vector<double> values;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) values.push_back(m.matrix()(r, c));
  return values;
}

struct Code {
  const char* value;
  const char* meaning;
};

// PS3.16 CID 7100 (RCS Registration Method), scheme DCM.
constexpr Code IDENTITY_CODE{"125021", "Frame of Reference Identity"};

Code methodCode(RegistrationMethod method) {
  switch (method) {
    case RegistrationMethod::ImageContent: return {"125024", "Image Content-based Alignment"};
    case RegistrationMethod::Fiducials: return {"125022", "Fiducial Alignment"};
    case RegistrationMethod::Visual: return {"125025", "Visual Alignment"};
  }
  throw Error(ErrorCode::Internal, "unknown registration method");
}

void putCode(DcmItem& parent, const Code& code) {
  DcmItem& item = appendItem(parent, DCM_RegistrationTypeCodeSequence);
  putString(item, DCM_CodeValue, code.value);
  putString(item, DCM_CodingSchemeDesignator, "DCM");
  putString(item, DCM_CodeMeaning, code.meaning);
}

void putMatrix(DcmItem& parent, const DcmTagKey& sequence, const Eigen::Affine3d& m) {
  DcmItem& item = appendItem(parent, sequence);
  putString(item, DCM_FrameOfReferenceTransformationMatrix, decimalStrings(rowMajor(m)));
  putString(item, DCM_FrameOfReferenceTransformationMatrixType, "RIGID");
}

// One Registration Sequence item: a Frame of Reference and the matrix from it into the object's own.
void putRegistrationItem(DcmItem& dataset, const std::string& frameUid, const Eigen::Affine3d& toOwnFrame,
                         const Code& method) {
  DcmItem& item = appendItem(dataset, DCM_RegistrationSequence);
  putString(item, DCM_FrameOfReferenceUID, frameUid);
  DcmItem& matrixRegistration = appendItem(item, DCM_MatrixRegistrationSequence);
  putCode(matrixRegistration, method);
  putMatrix(matrixRegistration, DCM_MatrixSequence, toOwnFrame);
}

struct FrameMatrix {
  std::string frameUid;
  Eigen::Affine3d toOwnFrame;
};

// A Frame of Reference Transformation Matrix (16 values, last row 0 0 0 1, a RIGID one's rotation
// orthonormal) of item, for the messages "of what".
Eigen::Affine3d readMatrix(DcmItem& item, const std::filesystem::path& file, const std::string& of,
                           std::vector<std::string>& notes) {
  const auto values = readDecimals(item, DCM_FrameOfReferenceTransformationMatrix);
  const std::string name = attributeName(DCM_FrameOfReferenceTransformationMatrix);
  if (!values || values->size() != 16)
    refuseFile(file, name + " of " + of + " has " + std::to_string(values ? values->size() : 0) + " values; expected 16");
  Eigen::Matrix4d m;
  for (int n = 0; n < 16; ++n) m(n / 4, n % 4) = (*values)[std::size_t(n)];
  if (!m.allFinite() || m.row(3) != Eigen::RowVector4d(0, 0, 0, 1))
    refuseFile(file, name + " of " + of + " is not finite or its last row is not 0 0 0 1");
  const std::string type = readString(item, DCM_FrameOfReferenceTransformationMatrixType);
  const Eigen::Matrix3d r = m.topLeftCorner<3, 3>();
  if (type == "RIGID") {
    if (!(r.transpose() * r).isApprox(Eigen::Matrix3d::Identity(), RIGID_TOLERANCE) || r.determinant() < 0)
      refuseFile(file, name + " of " + of + " is RIGID but its rotation is not orthonormal (or mirrors)");
  } else {
    notes.push_back("the matrix of " + of + " is " + (type.empty() ? std::string("of no stated type") : type) +
                    ", not RIGID: applied as it is");
  }
  Eigen::Affine3d result;
  result.matrix() = m;
  return result;
}

FrameMatrix readRegistrationItem(DcmItem& item, const std::filesystem::path& file, std::vector<std::string>& notes) {
  FrameMatrix result{readString(item, DCM_FrameOfReferenceUID), Eigen::Affine3d::Identity()};
  if (result.frameUid.empty())
    refuseFile(file, "a " + attributeName(DCM_RegistrationSequence) + " item has no " +
                         attributeName(DCM_FrameOfReferenceUID) + "; Kerma reads registrations of whole frames");
  const auto registrations = itemsOf(item, DCM_MatrixRegistrationSequence);
  const auto matrices = registrations.size() == 1 ? itemsOf(*registrations.front(), DCM_MatrixSequence)
                                                  : std::vector<DcmItem*>{};
  if (matrices.size() != 1)
    refuseFile(file, "the item of Frame of Reference " + result.frameUid + " has " + std::to_string(matrices.size()) +
                         " matrices in " + attributeName(DCM_MatrixSequence) + "; expected one");
  result.toOwnFrame = readMatrix(*matrices.front(), file, "Frame of Reference " + result.frameUid, notes);
  return result;
}

void check(const OFCondition& status, const std::string& what) {
  if (status.bad()) throw Error(ErrorCode::Internal, "deformable registration: cannot write " + what + " (" + status.text() + ")");
}

// The Deformable Registration Sequence (PS3.3 C.20.3) of a registration with a field, which maps a
// point p of the object's own (registered, fixed) frame to the source (moving) one as
// p_source = M_post (M_pre p + D): M_pre the rigid part (fixed to moving), D the rest of the
// field's displacement at each grid point, M_post the identity. The grid is the field's, its
// slices written along the row × column direction that DICOM takes for the third axis.
void putDeformation(DcmItem& dataset, const core::FrameRegistration& registration, const Code& method) {
  const core::DisplacementField& field = *registration.deformation;
  const core::VolumeGeometry& g = field.grid;
  DcmItem& item = appendItem(dataset, DCM_DeformableRegistrationSequence);
  putString(item, DCM_SourceFrameOfReferenceUID, registration.movingFrameOfReferenceUid);
  putCode(item, method);
  const Eigen::Affine3d movingFromFixed = registration.fixedFromMoving.inverse().matrix();
  putMatrix(item, DCM_PreDeformationMatrixRegistrationSequence, movingFromFixed);
  putMatrix(item, DCM_PostDeformationMatrixRegistrationSequence, Eigen::Affine3d::Identity());

  DcmItem& grid = appendItem(item, DCM_DeformableRegistrationGridSequence);
  const Eigen::Matrix3d& axes = g.directionCosines();
  const bool reversed = axes.col(0).cross(axes.col(1)).dot(axes.col(2)) < 0;
  const int nk = g.size()[2];
  auto kOf = [&](int written) { return reversed ? nk - 1 - written : written; };
  const core::Point3<core::Patient> first = g.patientPoint({0, 0, kOf(0)});
  putString(grid, DCM_ImageOrientationPatient,
            decimalStrings({axes(0, 0), axes(1, 0), axes(2, 0), axes(0, 1), axes(1, 1), axes(2, 1)}));
  putString(grid, DCM_ImagePositionPatient, decimalStrings({first.x, first.y, first.z}));
  const Uint32 dimensions[3] = {Uint32(g.size()[0]), Uint32(g.size()[1]), Uint32(g.size()[2])};
  const Float64 resolution[3] = {g.spacingMm()[0], g.spacingMm()[1], g.spacingMm()[2]};
  check(grid.putAndInsertUint32Array(DCM_GridDimensions, dimensions, 3), "Grid Dimensions");
  check(grid.putAndInsertFloat64Array(DCM_GridResolution, resolution, 3), "Grid Resolution");
  std::vector<Float32> offsets;
  offsets.reserve(3 * g.voxelCount());
  for (int written = 0; written < nk; ++written)
    for (int j = 0; j < g.size()[1]; ++j)
      for (int i = 0; i < g.size()[0]; ++i) {
        const core::Point3<core::Patient> p = g.patientPoint({i, j, kOf(written)});
        const Eigen::Vector3d rigid = movingFromFixed * Eigen::Vector3d(p.x, p.y, p.z);
        const core::Point3<core::Patient> moving = field.movingPoint(p);
        offsets.push_back(Float32(moving.x - rigid.x()));
        offsets.push_back(Float32(moving.y - rigid.y()));
        offsets.push_back(Float32(moving.z - rigid.z()));
      }
  check(grid.putAndInsertFloat32Array(DCM_VectorGridData, offsets.data(), offsets.size()), "Vector Grid Data");
}

// Grids larger than this are refused as damaged: a 600 mm cube at 2 mm has 27 million points.
constexpr double MAX_GRID_POINTS = 3e7;

// The matrix of the one item of sequence in item, the identity without one.
Eigen::Affine3d optionalMatrix(DcmItem& item, const DcmTagKey& sequence, const std::filesystem::path& file,
                               std::vector<std::string>& notes) {
  const auto items = itemsOf(item, sequence);
  if (items.empty()) return Eigen::Affine3d::Identity();
  if (items.size() != 1)
    refuseFile(file, attributeName(sequence) + " has " + std::to_string(items.size()) + " items; expected one");
  return readMatrix(*items.front(), file, attributeName(sequence), notes);
}

// What putDeformation writes, from any writer: the field p -> M_post (M_pre p + D) - p on the
// grid, and the registration's rigid part inverse(M_post M_pre).
void readDeformation(DcmDataset& ds, SpatialRegistrationFile& result) {
  const std::filesystem::path& file = result.file;
  const std::string ownFrame = result.identity.frameOfReferenceUid;
  std::vector<DcmItem*> others;
  for (DcmItem* item : itemsOf(ds, DCM_DeformableRegistrationSequence))
    if (readString(*item, DCM_SourceFrameOfReferenceUID) != ownFrame) others.push_back(item);
  if (others.size() != 1)
    refuseFile(file, attributeName(DCM_DeformableRegistrationSequence) + " registers " + std::to_string(others.size()) +
                         " Frames of Reference besides the object's own (" + ownFrame + "); expected one");
  DcmItem& item = *others.front();
  const std::string source = readString(item, DCM_SourceFrameOfReferenceUID);
  if (source.empty()) refuseFile(file, attributeName(DCM_SourceFrameOfReferenceUID) + " is missing");
  const Eigen::Affine3d pre = optionalMatrix(item, DCM_PreDeformationMatrixRegistrationSequence, file, result.notes);
  const Eigen::Affine3d post = optionalMatrix(item, DCM_PostDeformationMatrixRegistrationSequence, file, result.notes);
  result.registration.fixedFrameOfReferenceUid = ownFrame;
  result.registration.movingFrameOfReferenceUid = source;
  result.registration.fixedFromMoving = core::Transform<core::Patient, core::Patient>((post * pre).inverse(Eigen::Affine));

  const auto grids = itemsOf(item, DCM_DeformableRegistrationGridSequence);
  if (grids.empty()) {  // matrices alone: a rigid registration in deformable clothes
    result.notes.push_back("no deformation grid: the registration is its matrices alone");
    return;
  }
  if (grids.size() != 1)
    refuseFile(file, attributeName(DCM_DeformableRegistrationGridSequence) + " has " + std::to_string(grids.size()) +
                         " items; expected one");
  DcmItem& grid = *grids.front();
  const auto orientation = readDecimals(grid, DCM_ImageOrientationPatient);
  const auto position = readDecimals(grid, DCM_ImagePositionPatient);
  const auto dimensions = readIntegers(grid, DCM_GridDimensions);
  const auto resolution = readDecimals(grid, DCM_GridResolution);
  if (!orientation || orientation->size() != 6 || !position || position->size() != 3 || !dimensions ||
      dimensions->size() != 3 || !resolution || resolution->size() != 3)
    refuseFile(file, "the deformation grid needs 6 values of " + attributeName(DCM_ImageOrientationPatient) + ", 3 of " +
                         attributeName(DCM_ImagePositionPatient) + ", " + attributeName(DCM_GridDimensions) + " and " +
                         attributeName(DCM_GridResolution));
  double points = 1;
  std::array<int, 3> size{};
  std::array<double, 3> spacing{};
  for (std::size_t a = 0; a < 3; ++a) {
    if ((*dimensions)[a] < 1 || !((*resolution)[a] > 0))
      refuseFile(file, "the deformation grid's " + attributeName(DCM_GridDimensions) + " and " +
                           attributeName(DCM_GridResolution) + " must be positive");
    points *= double((*dimensions)[a]);
    size[a] = int(std::min<long>((*dimensions)[a], 1 << 30));
    spacing[a] = (*resolution)[a];
  }
  if (points > MAX_GRID_POINTS)
    refuseFile(file, "the deformation grid has " + std::to_string(std::llround(points)) + " points; at most " +
                         std::to_string(std::llround(MAX_GRID_POINTS)) + " are read");
  const Eigen::Vector3d row((*orientation)[0], (*orientation)[1], (*orientation)[2]);
  const Eigen::Vector3d column((*orientation)[3], (*orientation)[4], (*orientation)[5]);
  if (std::abs(row.norm() - 1) > RIGID_TOLERANCE || std::abs(column.norm() - 1) > RIGID_TOLERANCE ||
      std::abs(row.dot(column)) > RIGID_TOLERANCE)
    refuseFile(file, "the deformation grid's " + attributeName(DCM_ImageOrientationPatient) + " is not two orthogonal unit vectors");
  Eigen::Matrix3d axes;
  axes << row, column, row.cross(column);
  const core::VolumeGeometry g(size, {(*position)[0], (*position)[1], (*position)[2]}, spacing, axes);
  const Float32* offsets = nullptr;
  unsigned long count = 0;
  if (grid.findAndGetFloat32Array(DCM_VectorGridData, offsets, &count).bad() || offsets == nullptr ||
      double(count) != 3 * points)
    refuseFile(file, attributeName(DCM_VectorGridData) + " has " + std::to_string(count) + " values; expected " +
                         std::to_string(std::llround(3 * points)) + " (three per grid point)");
  auto field = std::make_shared<core::DisplacementField>();
  field->grid = g;
  for (auto& component : field->displacementMm) component = core::Volume<float>(g, 0.f);
  std::size_t n = 0;
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i, ++n) {
        const Eigen::Vector3d d(offsets[3 * n], offsets[3 * n + 1], offsets[3 * n + 2]);
        if (!d.allFinite()) refuseFile(file, attributeName(DCM_VectorGridData) + " holds a value that is not finite");
        const core::Point3<core::Patient> p = g.patientPoint({i, j, k});
        const Eigen::Vector3d x(p.x, p.y, p.z);
        const Eigen::Vector3d displacement = post * (pre * x + d) - x;
        for (int c = 0; c < 3; ++c) field->displacementMm[std::size_t(c)].values()[n] = float(displacement(c));
      }
  result.registration.deformation = std::move(field);
}

}  // namespace

ExportedRegistration writeSpatialRegistration(const core::FrameRegistration& registration,
                                              const core::SeriesIdentity& fixed, const std::filesystem::path& file,
                                              const SpatialRegistrationExportOptions& options) {
  requireUid(fixed.studyInstanceUid, "Study Instance UID");
  requireUid(registration.fixedFrameOfReferenceUid, "fixed Frame of Reference UID");
  requireUid(registration.movingFrameOfReferenceUid, "moving Frame of Reference UID");
  // Type 1 in both IODs: a registration records when it was made or accepted.
  if (options.contentDate.size() != 8 || options.contentTime.size() < 6)
    throw Error(ErrorCode::BadInput, "spatial registration: Content Date (YYYYMMDD) and Content Time (HHMMSS) are "
                                     "required, when it was accepted; got '" + options.contentDate + "' and '" +
                                         options.contentTime + "'");
  if (fixed.frameOfReferenceUid != registration.fixedFrameOfReferenceUid)
    throw Error(ErrorCode::BadInput, "spatial registration: the fixed study's Frame of Reference " +
                                         fixed.frameOfReferenceUid + " is not the registration's fixed frame " +
                                         registration.fixedFrameOfReferenceUid);
  const std::vector<double> matrix = rowMajor(registration.fixedFromMoving.matrix());
  const std::string seed = registration.fixedFrameOfReferenceUid + "/" + registration.movingFrameOfReferenceUid +
                           (registration.deformation ? "/deformable/" : "/reg/") + decimalStrings(matrix) + "/" +
                           options.creatorName + "/" + options.contentDate +
                           options.contentTime;
  ExportedRegistration exported{file, instanceUid(options.uids, seed + "/instance")};

  DcmFileFormat format;
  DcmDataset& ds = *format.getDataset();
  const bool deformable = registration.deformation != nullptr;
  putCommonModules(ds, fixed, deformable ? UID_DeformableSpatialRegistrationStorage : UID_SpatialRegistrationStorage,
                   exported.sopInstanceUid);
  // Spatial Registration Series
  putString(ds, DCM_Modality, "REG");
  putString(ds, DCM_SeriesInstanceUID, instanceUid(options.uids, seed + "/series"));
  putString(ds, DCM_SeriesNumber, std::to_string(options.seriesNumber));
  putString(ds, DCM_Laterality, "");  // General Series, Type 2C: the registration is of no one side
  // Enhanced General Equipment (Manufacturer, model and software from putCommonModules)
  putString(ds, DCM_DeviceSerialNumber, SERIAL_NUMBER);
  // Spatial Registration: Content Identification, then the frames
  putString(ds, DCM_InstanceNumber, "1");
  putString(ds, DCM_ContentLabel, options.contentLabel);
  // LO holds 64 characters: a longer description is cut there rather than made invalid.
  putString(ds, DCM_ContentDescription, options.contentDescription.substr(0, MAX_LO_CHARACTERS));
  putString(ds, DCM_ContentCreatorName, options.creatorName);
  putString(ds, DCM_ContentDate, options.contentDate);
  putString(ds, DCM_ContentTime, options.contentTime);
  if (deformable) {
    putDeformation(ds, registration, methodCode(options.method));
  } else {
    putRegistrationItem(ds, registration.fixedFrameOfReferenceUid, Eigen::Affine3d::Identity(), IDENTITY_CODE);
    putRegistrationItem(ds, registration.movingFrameOfReferenceUid, registration.fixedFromMoving.matrix(),
                        methodCode(options.method));
  }
  saveExplicitLittleEndian(format, file);
  return exported;
}

SpatialRegistrationFile readSpatialRegistration(const std::filesystem::path& file) {
  const auto format = loadObjectOfKind(file, UID_SpatialRegistrationStorage, "REG", "a Spatial Registration");
  DcmDataset& ds = *format->getDataset();
  SpatialRegistrationFile result;
  result.file = file;
  result.sopInstanceUid = readString(ds, DCM_SOPInstanceUID);
  result.identity = readSeriesIdentity(ds);
  result.contentDescription = readString(ds, DCM_ContentDescription);
  result.creatorName = readString(ds, DCM_ContentCreatorName);
  const std::string ownFrame = result.identity.frameOfReferenceUid;
  if (ownFrame.empty()) refuseFile(file, attributeName(DCM_FrameOfReferenceUID) + " is missing");
  if (readString(ds, DCM_SOPClassUID) == UID_DeformableSpatialRegistrationStorage) {
    readDeformation(ds, result);
    return result;
  }

  std::vector<FrameMatrix> frames;
  for (DcmItem* item : itemsOf(ds, DCM_RegistrationSequence)) frames.push_back(readRegistrationItem(*item, file, result.notes));
  // The object's own frame may be listed (normally with the identity) or not.
  Eigen::Affine3d ownFromFixed = Eigen::Affine3d::Identity();
  std::vector<FrameMatrix> others;
  for (const FrameMatrix& frame : frames) {
    if (frame.frameUid == ownFrame)
      ownFromFixed = frame.toOwnFrame;
    else
      others.push_back(frame);
  }
  if (others.size() != 1)
    refuseFile(file, attributeName(DCM_RegistrationSequence) + " registers " + std::to_string(others.size()) +
                         " Frames of Reference besides the object's own (" + ownFrame + "); expected one");
  result.registration.fixedFrameOfReferenceUid = ownFrame;
  result.registration.movingFrameOfReferenceUid = others.front().frameUid;
  result.registration.fixedFromMoving =
      core::Transform<core::Patient, core::Patient>(ownFromFixed.inverse(Eigen::Affine) * others.front().toOwnFrame);
  return result;
}

}  // namespace kerma::dicom
