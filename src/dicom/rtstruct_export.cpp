#include "kerma/dicom/rtstruct_export.h"

#include "export_modules.h"
#include "kerma/core/error.h"
#include "kerma/structure/contour_rasterization.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrda.h>
#include <dcmtk/dcmdata/dcvrtm.h>

namespace kerma::dicom {

namespace {

// Detached Study Management SOP Class (retired), still the Referenced SOP Class of a study in RT
// Referenced Study Sequence that PS3.3 C.8.8.5 and treatment planning systems expect.
constexpr const char* STUDY_COMPONENT_SOP_CLASS = "1.2.840.10008.3.1.2.3.1";

void putImageReference(DcmItem& item, const std::string& sopInstanceUid) {
  putString(item, DCM_ReferencedSOPClassUID, UID_CTImageStorage);
  putString(item, DCM_ReferencedSOPInstanceUID, sopInstanceUid);
}

std::string contourData(const structure::PlanarContour& contour) {
  std::string text;
  for (const auto& p : contour.pointsMm) {
    if (!text.empty()) text += '\\';
    text += decimalString(p.x) + '\\' + decimalString(p.y) + '\\' + decimalString(p.z);
  }
  return text;
}

}  // namespace

std::filesystem::path writeRtStruct(const std::vector<structure::Structure>& structures, const core::CtImage& ct,
                                    const std::vector<std::string>& ctSopInstanceUids,
                                    const std::filesystem::path& folder, const RtStructExportOptions& options) {
  const core::SeriesIdentity& identity = ct.identity;
  const core::VolumeGeometry& grid = ct.hu.geometry();
  if (ctSopInstanceUids.size() != std::size_t(grid.size()[2]))
    throw Error(ErrorCode::BadInput, "RT Structure Set export got " + std::to_string(ctSopInstanceUids.size()) +
                                         " CT SOP Instance UIDs; expected one per slice (" +
                                         std::to_string(grid.size()[2]) + ")");
  createFolder(folder);

  const std::string seriesUid = instanceUid(options.uids, identity.seriesInstanceUid + "/rtstruct-series");
  const std::string sopInstanceUid = instanceUid(options.uids, identity.seriesInstanceUid + "/rtstruct");
  OFString date = identity.studyDate.c_str(), time = identity.studyTime.c_str();
  if (options.uids == InstanceUids::Fresh) {
    DcmDate::getCurrentDate(date);
    // With the fraction of a second: saves of one patient seconds apart must still sort.
    DcmTime::getCurrentTime(time, /*seconds=*/OFTrue, /*fraction=*/OFTrue);
  }

  DcmFileFormat file;
  DcmDataset& dataset = *file.getDataset();
  putCommonModules(dataset, identity, UID_RTStructureSetStorage, sopInstanceUid);
  // RT Series
  putString(dataset, DCM_Modality, "RTSTRUCT");
  putString(dataset, DCM_SeriesInstanceUID, seriesUid);
  putString(dataset, DCM_SeriesNumber, std::to_string(options.seriesNumber));
  putString(dataset, DCM_SeriesDescription, "Structures");
  putString(dataset, DCM_OperatorsName, options.operatorsName);
  // Structure Set
  putString(dataset, DCM_StructureSetLabel, options.structureSetLabel);
  putString(dataset, DCM_StructureSetDate, date.c_str());
  putString(dataset, DCM_StructureSetTime, time.c_str());
  putString(dataset, DCM_InstanceNumber, "1");
  DcmItem& frame = appendItem(dataset, DCM_ReferencedFrameOfReferenceSequence);
  putString(frame, DCM_FrameOfReferenceUID, identity.frameOfReferenceUid);
  DcmItem& study = appendItem(frame, DCM_RTReferencedStudySequence);
  putString(study, DCM_ReferencedSOPClassUID, STUDY_COMPONENT_SOP_CLASS);
  putString(study, DCM_ReferencedSOPInstanceUID, identity.studyInstanceUid);
  DcmItem& series = appendItem(study, DCM_RTReferencedSeriesSequence);
  putString(series, DCM_SeriesInstanceUID, identity.seriesInstanceUid);
  for (const std::string& uid : ctSopInstanceUids) putImageReference(appendItem(series, DCM_ContourImageSequence), uid);

  for (std::size_t r = 0; r < structures.size(); ++r) {
    const structure::Structure& roi = structures[r];
    const std::string roiNumber = std::to_string(r + 1);
    DcmItem& setRoi = appendItem(dataset, DCM_StructureSetROISequence);
    putString(setRoi, DCM_ROINumber, roiNumber);
    putString(setRoi, DCM_ReferencedFrameOfReferenceUID, identity.frameOfReferenceUid);
    putString(setRoi, DCM_ROIName, roi.name);
    putString(setRoi, DCM_ROIGenerationAlgorithm, "");

    DcmItem& roiContour = appendItem(dataset, DCM_ROIContourSequence);
    putString(roiContour, DCM_ReferencedROINumber, roiNumber);
    putString(roiContour, DCM_ROIDisplayColor,
              std::to_string(roi.colour.r) + "\\" + std::to_string(roi.colour.g) + "\\" + std::to_string(roi.colour.b));
    for (std::size_t c = 0; c < roi.contours.size(); ++c) {
      const structure::PlanarContour& contour = roi.contours[c];
      const auto k = structure::contourSliceIndex(contour, grid);
      if (!k)
        throw Error(ErrorCode::BadInput, "ROI '" + roi.name + "' contour " + std::to_string(c) +
                                             ": not on a slice plane of the CT; expected every point on one slice");
      DcmItem& item = appendItem(roiContour, DCM_ContourSequence);
      putImageReference(appendItem(item, DCM_ContourImageSequence), ctSopInstanceUids[*k]);
      putString(item, DCM_ContourGeometricType, "CLOSED_PLANAR");
      putString(item, DCM_NumberOfContourPoints, std::to_string(contour.pointsMm.size()));
      putString(item, DCM_ContourNumber, std::to_string(c + 1));
      putString(item, DCM_ContourData, contourData(contour));
    }

    DcmItem& observation = appendItem(dataset, DCM_RTROIObservationsSequence);
    putString(observation, DCM_ObservationNumber, roiNumber);
    putString(observation, DCM_ReferencedROINumber, roiNumber);
    putString(observation, DCM_RTROIInterpretedType, std::string(structure::dicomTerm(roi.type)));
    putString(observation, DCM_ROIInterpreter, "");
  }

  const std::filesystem::path path = folder / ("RS." + sopInstanceUid + ".dcm");
  saveExplicitLittleEndian(file, path);
  return path;
}

}  // namespace kerma::dicom
