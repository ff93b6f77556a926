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

// One Registration Sequence item: a Frame of Reference and the matrix from it into the object's own.
void putRegistrationItem(DcmItem& dataset, const std::string& frameUid, const Eigen::Affine3d& toOwnFrame,
                         const Code& method) {
  DcmItem& item = appendItem(dataset, DCM_RegistrationSequence);
  putString(item, DCM_FrameOfReferenceUID, frameUid);
  DcmItem& matrixRegistration = appendItem(item, DCM_MatrixRegistrationSequence);
  DcmItem& code = appendItem(matrixRegistration, DCM_RegistrationTypeCodeSequence);
  putString(code, DCM_CodeValue, method.value);
  putString(code, DCM_CodingSchemeDesignator, "DCM");
  putString(code, DCM_CodeMeaning, method.meaning);
  DcmItem& matrix = appendItem(matrixRegistration, DCM_MatrixSequence);
  putString(matrix, DCM_FrameOfReferenceTransformationMatrix, decimalStrings(rowMajor(toOwnFrame)));
  putString(matrix, DCM_FrameOfReferenceTransformationMatrixType, "RIGID");
}

struct FrameMatrix {
  std::string frameUid;
  Eigen::Affine3d toOwnFrame;
};

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
  const auto values = readDecimals(*matrices.front(), DCM_FrameOfReferenceTransformationMatrix);
  const std::string name = attributeName(DCM_FrameOfReferenceTransformationMatrix);
  if (!values || values->size() != 16)
    refuseFile(file, name + " of Frame of Reference " + result.frameUid + " has " +
                         std::to_string(values ? values->size() : 0) + " values; expected 16");
  Eigen::Matrix4d m;
  for (int n = 0; n < 16; ++n) m(n / 4, n % 4) = (*values)[std::size_t(n)];
  if (!m.allFinite() || m.row(3) != Eigen::RowVector4d(0, 0, 0, 1))
    refuseFile(file, name + " of Frame of Reference " + result.frameUid +
                         " is not finite or its last row is not 0 0 0 1");
  result.toOwnFrame.matrix() = m;
  const std::string type = readString(*matrices.front(), DCM_FrameOfReferenceTransformationMatrixType);
  const Eigen::Matrix3d r = m.topLeftCorner<3, 3>();
  if (type == "RIGID") {
    if (!(r.transpose() * r).isApprox(Eigen::Matrix3d::Identity(), RIGID_TOLERANCE) || r.determinant() < 0)
      refuseFile(file, name + " of Frame of Reference " + result.frameUid +
                           " is RIGID but its rotation is not orthonormal (or mirrors)");
  } else {
    notes.push_back("the matrix of Frame of Reference " + result.frameUid + " is " +
                    (type.empty() ? std::string("of no stated type") : type) + ", not RIGID: applied as it is");
  }
  return result;
}

}  // namespace

ExportedRegistration writeSpatialRegistration(const core::FrameRegistration& registration,
                                              const core::SeriesIdentity& fixed, const std::filesystem::path& file,
                                              const SpatialRegistrationExportOptions& options) {
  requireUid(fixed.studyInstanceUid, "Study Instance UID");
  requireUid(registration.fixedFrameOfReferenceUid, "fixed Frame of Reference UID");
  requireUid(registration.movingFrameOfReferenceUid, "moving Frame of Reference UID");
  if (fixed.frameOfReferenceUid != registration.fixedFrameOfReferenceUid)
    throw Error(ErrorCode::BadInput, "spatial registration: the fixed study's Frame of Reference " +
                                         fixed.frameOfReferenceUid + " is not the registration's fixed frame " +
                                         registration.fixedFrameOfReferenceUid);
  const std::vector<double> matrix = rowMajor(registration.fixedFromMoving.matrix());
  const std::string seed = registration.fixedFrameOfReferenceUid + "/" + registration.movingFrameOfReferenceUid +
                           "/reg/" + decimalStrings(matrix) + "/" + options.creatorName + "/" + options.contentDate +
                           options.contentTime;
  ExportedRegistration exported{file, instanceUid(options.uids, seed + "/instance")};

  DcmFileFormat format;
  DcmDataset& ds = *format.getDataset();
  putCommonModules(ds, fixed, UID_SpatialRegistrationStorage, exported.sopInstanceUid);
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
  putString(ds, DCM_ContentDescription, options.contentDescription);
  putString(ds, DCM_ContentCreatorName, options.creatorName);
  putString(ds, DCM_ContentDate, options.contentDate);
  putString(ds, DCM_ContentTime, options.contentTime);
  putRegistrationItem(ds, registration.fixedFrameOfReferenceUid, Eigen::Affine3d::Identity(), IDENTITY_CODE);
  putRegistrationItem(ds, registration.movingFrameOfReferenceUid, registration.fixedFromMoving.matrix(),
                      methodCode(options.method));
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
