#include "export_modules.h"

#include "kerma/core/atomic_file.h"
#include "kerma/core/error.h"
#include "kerma/core/number_text.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <system_error>

namespace kerma::dicom {

namespace {
constexpr const char* MANUFACTURER = "Kerma";
constexpr const char* SOFTWARE_VERSION = "0.1.0";
}  // namespace

void putString(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
  const OFCondition status = item.putAndInsertString(tag, value.c_str());
  if (status.bad())
    throw Error(ErrorCode::Internal, "cannot set " + std::string(DcmTag(tag).getTagName()) + " to '" + value +
                                         "': " + status.text());
}

DcmItem& appendItem(DcmItem& parent, const DcmTagKey& sequence) {
  DcmItem* item = nullptr;
  const OFCondition status = parent.findOrCreateSequenceItem(sequence, item, -2);
  if (status.bad() || !item)
    throw Error(ErrorCode::Internal, "cannot add an item to " + std::string(DcmTag(sequence).getTagName()) + ": " +
                                         status.text());
  return *item;
}

std::string decimalString(double value) {
  // As many significant digits as the 16 characters of DS hold for this value (at least 10, which
  // fit in every notation %g chooses): a registration matrix read back is the one written to 1e-13.
  for (int digits = 15; digits > 10; --digits) {
    std::string text = core::shortestText(value, digits);
    if (text.size() <= 16) return text;
  }
  return core::shortestText(value, 10);
}

std::string decimalStrings(const std::vector<double>& values) {
  std::string text;
  for (const double v : values) text += (text.empty() ? "" : "\\") + decimalString(v);
  return text;
}

void putCommonModules(DcmItem& dataset, const core::SeriesIdentity& identity, const char* sopClassUid,
                      const std::string& sopInstanceUid) {
  putString(dataset, DCM_SpecificCharacterSet, "ISO_IR 192");
  putString(dataset, DCM_SOPClassUID, sopClassUid);
  putString(dataset, DCM_SOPInstanceUID, sopInstanceUid);
  putString(dataset, DCM_PatientName, identity.patientName);
  putString(dataset, DCM_PatientID, identity.patientId);
  putString(dataset, DCM_PatientBirthDate, identity.patientBirthDate);
  putString(dataset, DCM_PatientSex, identity.patientSex);
  putString(dataset, DCM_StudyInstanceUID, identity.studyInstanceUid);
  putString(dataset, DCM_StudyDate, identity.studyDate);
  putString(dataset, DCM_StudyTime, identity.studyTime);
  putString(dataset, DCM_ReferringPhysicianName, identity.referringPhysicianName);
  putString(dataset, DCM_StudyID, identity.studyId);
  putString(dataset, DCM_AccessionNumber, identity.accessionNumber);
  if (!identity.studyDescription.empty()) putString(dataset, DCM_StudyDescription, identity.studyDescription);
  putString(dataset, DCM_Manufacturer, MANUFACTURER);
  putString(dataset, DCM_ManufacturerModelName, "Kerma");
  putString(dataset, DCM_SoftwareVersions, SOFTWARE_VERSION);
  putString(dataset, DCM_FrameOfReferenceUID, identity.frameOfReferenceUid);
  putString(dataset, DCM_PositionReferenceIndicator, "");
}

void createFolder(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error || !std::filesystem::is_directory(folder))
    throw Error(ErrorCode::Io, folder.string() + ": cannot create folder" +
                                   (error ? ": " + error.message() : std::string(" (a file of that name exists)")));
}

void saveExplicitLittleEndian(DcmFileFormat& file, const std::filesystem::path& path) {
  // Atomic, so that an interrupted export or save never leaves a truncated object in a folder or
  // the patient store.
  core::replaceFileAtomically(path, [&](const std::filesystem::path& temporary) {
    const OFCondition status = file.saveFile(temporary.string().c_str(), EXS_LittleEndianExplicit);
    if (status.bad()) throw Error(ErrorCode::Io, path.string() + ": cannot write DICOM file: " + status.text());
  });
}

}  // namespace kerma::dicom
