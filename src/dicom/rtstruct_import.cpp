#include "kerma/dicom/rtstruct_import.h"

#include "codecs.h"
#include "dataset_reading.h"

#include "kerma/core/error.h"
#include "kerma/core/number_text.h"
#include "kerma/core/patient_identity.h"
#include "kerma/structure/contour_mask.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace kerma::dicom {

using core::shortestText;

namespace fs = std::filesystem;

namespace {

std::string named(const fs::path& file) { return file.filename().string(); }

structure::PlanarContour readClosedContour(DcmItem& contourItem, const fs::path& file, const std::string& where) {
  const auto data = readDecimals(contourItem, DCM_ContourData);
  if (!data) refuseFile(file, where + ": " + attributeName(DCM_ContourData) + " is missing or holds a value that is not a finite number");
  if (data->size() % 3 != 0)
    refuseFile(file, where + ": " + attributeName(DCM_ContourData) + " has " + std::to_string(data->size()) +
                     " values; expected a multiple of 3");
  const int declared = readInt(contourItem, DCM_NumberOfContourPoints, -1);
  if (declared >= 0 && std::size_t(declared) * 3 != data->size())
    refuseFile(file, where + ": " + attributeName(DCM_NumberOfContourPoints) + " is " + std::to_string(declared) +
                     " but " + attributeName(DCM_ContourData) + " holds " + std::to_string(data->size() / 3) + " points");
  structure::PlanarContour contour;
  for (std::size_t n = 0; n + 2 < data->size(); n += 3)
    contour.pointsMm.push_back({(*data)[n], (*data)[n + 1], (*data)[n + 2]});
  if (contour.pointsMm.size() < 3)
    refuseFile(file, where + ": a CLOSED_PLANAR contour has " + std::to_string(contour.pointsMm.size()) +
                     " points in " + attributeName(DCM_ContourData) + "; expected at least 3");
  return contour;
}

// A contour that crosses itself has no defined inside: the set is refused. Checked after stray
// vertices are gone, since a vertex at 10^30 mm makes its neighbours' edges cross the others.
void refuseCrossing(const structure::PlanarContour& contour, const fs::path& file, const std::string& where) {
  if (const auto crossing = structure::firstEdgeCrossing(contour)) {
    const auto& p = crossing->pointMm;
    refuseFile(file, where + ": " + attributeName(DCM_ContourData) + " crosses itself (edges from points " +
                     std::to_string(crossing->firstEdge + 1) + " and " + std::to_string(crossing->secondEdge + 1) +
                     " cross at " + shortestText(p.x) + ", " + shortestText(p.y) + ", " + shortestText(p.z) +
                     " mm); expected a simple polygon");
  }
}

std::optional<structure::Rgb> readColour(DcmItem& item) {
  // IS, not DS: read as decimals it was lost, and every structure came back white.
  const auto rgb = readIntegers(item, DCM_ROIDisplayColor);
  if (!rgb || rgb->size() != 3) return std::nullopt;
  auto channel = [](long v) { return static_cast<std::uint8_t>(std::clamp(v, 0L, 255L)); };
  return structure::Rgb{channel((*rgb)[0]), channel((*rgb)[1]), channel((*rgb)[2])};
}

// DA and TM as YYYYMMDDHHMMSS.FFFFFF: TM may stop after the hour or minute and may carry a
// fraction of any length, so the parts are padded to compare as text.
std::string sortableDateTime(const std::string& date, const std::string& time) {
  std::string whole = time.substr(0, time.find('.'));
  std::string fraction = whole.size() < time.size() ? time.substr(whole.size() + 1) : "";
  whole.erase(std::remove(whole.begin(), whole.end(), ':'), whole.end());  // ACR-NEMA HH:MM:SS
  whole.resize(6, '0');
  fraction.resize(6, '0');
  std::string day = date;
  day.resize(8, '0');
  return day + whole + "." + fraction;
}

std::string pointText(const core::Point3<core::Patient>& p) {
  return "(" + shortestText(p.x) + ", " + shortestText(p.y) + ", " + shortestText(p.z) + ") mm";
}

}  // namespace

StructureSetFile readStructureSet(const fs::path& file) {
  const auto format = loadObjectOfKind(file, UID_RTStructureSetStorage, "RTSTRUCT", "an RT Structure Set");
  DcmDataset& ds = *format->getDataset();

  StructureSetFile set;
  set.file = file;
  set.sopInstanceUid = readString(ds, DCM_SOPInstanceUID);
  set.label = readString(ds, DCM_StructureSetLabel);
  set.createdAt = sortableDateTime(readString(ds, DCM_StructureSetDate), readString(ds, DCM_StructureSetTime));
  set.identity = readSeriesIdentity(ds);
  auto& id = set.identity;
  for (DcmItem* ref : itemsOf(ds, DCM_ReferencedFrameOfReferenceSequence)) {
    if (!id.frameOfReferenceUid.empty()) break;
    id.frameOfReferenceUid = readString(*ref, DCM_FrameOfReferenceUID);
  }

  const auto roiItems = itemsOf(ds, DCM_StructureSetROISequence);
  if (roiItems.empty()) refuseFile(file, attributeName(DCM_StructureSetROISequence) + " is missing or empty");
  std::map<int, std::size_t> indexOfRoi;
  for (DcmItem* item : roiItems) {
    StructureSetRoi roi;
    roi.roiNumber = readInt(*item, DCM_ROINumber, -1);
    roi.name = readString(*item, DCM_ROIName);
    if (roi.roiNumber < 0) refuseFile(file, "ROI '" + roi.name + "': " + attributeName(DCM_ROINumber) + " is missing");
    const std::string roiFrame = readString(*item, DCM_ReferencedFrameOfReferenceUID);
    if (id.frameOfReferenceUid.empty()) id.frameOfReferenceUid = roiFrame;
    if (!roiFrame.empty() && roiFrame != id.frameOfReferenceUid)
      refuseFile(file, "ROI '" + roi.name + "' refers to Frame of Reference " + roiFrame + " but the set to " +
                       id.frameOfReferenceUid + "; one structure set must use one Frame of Reference");
    if (!indexOfRoi.emplace(roi.roiNumber, set.rois.size()).second)
      refuseFile(file, "ROI number " + std::to_string(roi.roiNumber) + " appears twice in " +
                       attributeName(DCM_StructureSetROISequence));
    set.rois.push_back(std::move(roi));
  }
  if (id.frameOfReferenceUid.empty())
    refuseFile(file, "no Frame of Reference UID (neither " + attributeName(DCM_ReferencedFrameOfReferenceSequence) +
                     " nor the ROIs name one)");

  for (DcmItem* item : itemsOf(ds, DCM_ROIContourSequence)) {
    const int number = readInt(*item, DCM_ReferencedROINumber, -1);
    if (number < 0)
      refuseFile(file, attributeName(DCM_ROIContourSequence) + ": " + attributeName(DCM_ReferencedROINumber) +
                       " is missing");
    const auto found = indexOfRoi.find(number);
    if (found == indexOfRoi.end())
      refuseFile(file, attributeName(DCM_ROIContourSequence) + " refers to ROI number " + std::to_string(number) +
                       ", which " + attributeName(DCM_StructureSetROISequence) + " does not define");
    StructureSetRoi& roi = set.rois[found->second];
    roi.colour = readColour(*item);
    int contourNumber = 0;
    for (DcmItem* contourItem : itemsOf(*item, DCM_ContourSequence)) {
      ++contourNumber;
      const std::string where = "ROI '" + roi.name + "' contour " + std::to_string(contourNumber);
      const std::string type = readString(*contourItem, DCM_ContourGeometricType);
      if (type == "CLOSED_PLANAR") {
        roi.contours.push_back(readClosedContour(*contourItem, file, where));
        roi.contourNumbers.push_back(contourNumber);
      } else if (type == "POINT") {
        const auto p = readDecimalArray<3>(*contourItem, DCM_ContourData);
        if (!p) refuseFile(file, where + ": a POINT contour needs exactly 3 finite coordinates");
        roi.points.push_back({(*p)[0], (*p)[1], (*p)[2]});
      } else if (type != "OPEN_PLANAR" && type != "OPEN_NONPLANAR") {
        refuseFile(file, where + ": " + attributeName(DCM_ContourGeometricType) + " is '" + type +
                         "'; expected CLOSED_PLANAR, POINT, OPEN_PLANAR or OPEN_NONPLANAR");
      }
    }
  }

  for (DcmItem* item : itemsOf(ds, DCM_RTROIObservationsSequence)) {
    const auto found = indexOfRoi.find(readInt(*item, DCM_ReferencedROINumber, -1));
    if (found == indexOfRoi.end()) continue;  // an observation of nothing changes nothing
    set.rois[found->second].type = structure::roiTypeFromDicomTerm(readString(*item, DCM_RTROIInterpretedType));
  }
  return set;
}

namespace {

// What is wrong with a contour numbered number of roi: its stray vertices (in vertex order).
std::string strayMessage(const std::string& file, const StructureSetRoi& roi, int number,
                         const std::vector<structure::StrayVertex>& stray) {
  const auto& first = stray.front();
  const std::string vertex = "vertex " + std::to_string(first.vertex + 1) + " at " + pointText(first.pointMm);
  const std::string margin = "more than " + shortestText(structure::STRAY_VERTEX_MARGIN_MM) + " mm";
  const std::string outside = shortestText(std::round(first.outsideMm)) + " mm";
  return file + ": ROI '" + roi.name + "' contour " + std::to_string(number) + ": " +
         (stray.size() == 1 ? vertex + " lies " + outside + " outside the CT (" + margin + ")"
                            : std::to_string(stray.size()) + " vertices lie " + margin + " outside the CT, the first (" +
                                  vertex + ") by " + outside);
}

// contour without its stray vertices, or nullopt when what remains is no simple polygon; message
// is completed with what was done.
std::optional<structure::PlanarContour> withoutStrayVertices(const structure::PlanarContour& contour,
                                                             const std::vector<structure::StrayVertex>& stray,
                                                             std::string& message) {
  structure::PlanarContour kept;
  std::size_t next = 0;
  for (std::size_t v = 0; v < contour.pointsMm.size(); ++v) {
    if (next < stray.size() && stray[next].vertex == v) {
      ++next;
      continue;
    }
    kept.pointsMm.push_back(contour.pointsMm[v]);
  }
  if (kept.pointsMm.size() < 3) {
    message += "; the contour is left out: " + std::to_string(kept.pointsMm.size()) + " points remain";
    return std::nullopt;
  }
  if (structure::firstEdgeCrossing(kept)) {
    message += "; the contour is left out: without them it crosses itself";
    return std::nullopt;
  }
  message += std::string("; ") + (stray.size() == 1 ? "it is" : "they are") +
             " left out of the contour, which keeps its other " + std::to_string(kept.pointsMm.size()) + " points";
  return kept;
}

}  // namespace

ContourRepairs repairContours(StructureSetFile& set, const std::optional<core::VolumeGeometry>& ct) {
  ContourRepairs repairs;
  const std::string file = named(set.file);
  std::vector<StructureSetRoi> kept;
  for (StructureSetRoi& roi : set.rois) {
    std::vector<std::vector<structure::StrayVertex>> strayOf(roi.contours.size());
    if (ct)
      for (const auto& stray : structure::strayVertices(roi.contours, *ct)) strayOf[stray.contour].push_back(stray);
    StructureSetRoi repaired = roi;
    repaired.contours.clear();
    repaired.contourNumbers.clear();
    for (std::size_t c = 0; c < roi.contours.size(); ++c) {
      std::optional<structure::PlanarContour> contour = roi.contours[c];
      if (strayOf[c].empty()) {
        refuseCrossing(roi.contours[c], set.file, "ROI '" + roi.name + "' contour " + std::to_string(roi.contourNumbers[c]));
      } else {
        std::string message = strayMessage(file, roi, roi.contourNumbers[c], strayOf[c]);
        contour = withoutStrayVertices(roi.contours[c], strayOf[c], message);
        repairs.warnings.push_back({roi.name, roi.contourNumbers[c], std::move(message)});
      }
      if (!contour) continue;
      repaired.contours.push_back(std::move(*contour));
      repaired.contourNumbers.push_back(roi.contourNumbers[c]);
    }
    if (repaired.contours.empty() && !roi.contours.empty()) {
      repairs.refused.push_back({roi.name, 0, file + ": ROI '" + roi.name + "' is not loaded: none of its " +
                                                  std::to_string(roi.contours.size()) + " contours is usable"});
      continue;
    }
    kept.push_back(std::move(repaired));
  }
  set.rois = std::move(kept);
  return repairs;
}

StructuresOnCt structuresOnCt(StructureSetFile set, const core::CtImage& ct,
                              const std::vector<std::string>& acceptedDifferences) {
  if (acceptedDifferences.empty() || acceptedDifferences != core::combineDifferences(set.identity, ct.identity)) {
    if (set.identity.frameOfReferenceUid != ct.identity.frameOfReferenceUid)
      throw Error(ErrorCode::BadInput, named(set.file) + ": Frame of Reference UID " + set.identity.frameOfReferenceUid +
                                           " differs from the CT's " + ct.identity.frameOfReferenceUid +
                                           "; the structure set was not drawn on this CT");
    core::requireSamePatient(set.identity, named(set.file), ct.identity, "the CT");
  }
  std::vector<structure::Rgb> coloursInUse;
  for (const auto& roi : set.rois)
    if (roi.colour) coloursInUse.push_back(*roi.colour);
  StructuresOnCt result;
  result.repairs = repairContours(set, ct.hu.geometry());
  for (const auto& roi : set.rois) {
    structure::Structure s;
    s.name = roi.name;
    s.type = roi.type;
    s.contours = roi.contours;
    if (!roi.colour) coloursInUse.push_back(structure::newStructureColour(roi.type, coloursInUse));
    s.colour = roi.colour.value_or(coloursInUse.back());
    try {
      s.mask = structure::maskFromContours(s.contours, ct.hu.geometry());
    } catch (const Error& e) {
      throw Error(e.code(), named(set.file) + ": ROI '" + roi.name + "': " + e.what());
    }
    result.structures.push_back(std::move(s));
  }
  return result;
}

}  // namespace kerma::dicom
