#include "dataset_reading.h"

#include "codecs.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dctag.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace kerma::dicom {

std::string readString(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).bad()) return {};
  std::string s = value.c_str();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

int readInt(DcmItem& item, const DcmTagKey& tag, int fallback) {
  DcmElement* element = nullptr;
  if (item.findAndGetElement(tag, element).bad() || element == nullptr || element->getVM() == 0) return fallback;
  Uint16 us = 0;
  if (element->getUint16(us).good()) return us;
  Sint16 ss = 0;
  if (element->getSint16(ss).good()) return ss;
  Uint32 ul = 0;
  if (element->getUint32(ul).good()) return static_cast<int>(ul);
  Sint32 sl = 0;
  if (element->getSint32(sl).good()) return sl;
  return fallback;
}

std::optional<std::vector<long>> readIntegers(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* element = nullptr;
  if (item.findAndGetElement(tag, element).bad() || element == nullptr || element->getVM() == 0) return std::nullopt;
  std::vector<long> values;
  for (unsigned long n = 0; n < element->getVM(); ++n) {
    Uint16 us = 0;
    Sint16 ss = 0;
    Uint32 ul = 0;
    Sint32 sl = 0;
    if (element->getUint16(us, n).good()) values.push_back(us);
    else if (element->getSint16(ss, n).good()) values.push_back(ss);
    else if (element->getUint32(ul, n).good()) values.push_back(long(ul));
    else if (element->getSint32(sl, n).good()) values.push_back(sl);
    else return std::nullopt;
  }
  return values;
}

double readDecimal(DcmItem& item, const DcmTagKey& tag, double fallback) {
  Float64 v = 0;
  return item.findAndGetFloat64(tag, v).good() && std::isfinite(v) ? v : fallback;
}

std::optional<std::vector<double>> readDecimals(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* element = nullptr;
  if (item.findAndGetElement(tag, element).bad() || element == nullptr) return std::nullopt;
  std::vector<double> values;
  if (element->ident() == EVR_DS) {
    // Parsed here in one pass: DCMTK counts the values anew for each getFloat64(v, n), which
    // makes a contour of n points cost n^2.
    char* text = nullptr;
    Uint32 length = 0;
    if (element->getString(text, length).bad()) return std::nullopt;
    const char* p = text;
    const char* end = text + (text ? length : 0);
    while (p < end) {
      const char* next = std::find(p, end, '\\');
      std::string field(p, next);
      const auto first = field.find_first_not_of(' ');
      if (first == std::string::npos) return std::nullopt;
      char* parsed = nullptr;
      const double v = std::strtod(field.c_str() + first, &parsed);
      if (parsed == field.c_str() + first || !std::isfinite(v) ||
          field.find_first_not_of(' ', std::size_t(parsed - field.c_str())) != std::string::npos)
        return std::nullopt;
      values.push_back(v);
      p = next == end ? end : next + 1;
    }
    return values;
  }
  const unsigned long count = element->getVM();
  values.reserve(count);
  for (unsigned long n = 0; n < count; ++n) {
    Float64 v = 0;
    if (element->getFloat64(v, n).bad() || !std::isfinite(v)) return std::nullopt;
    values.push_back(v);
  }
  return values;
}

std::vector<DcmItem*> itemsOf(DcmItem& item, const DcmTagKey& tag) {
  DcmSequenceOfItems* sequence = nullptr;
  std::vector<DcmItem*> items;
  if (item.findAndGetSequence(tag, sequence).bad() || sequence == nullptr) return items;
  for (unsigned long n = 0; n < sequence->card(); ++n) items.push_back(sequence->getItem(n));
  return items;
}

core::SeriesIdentity readSeriesIdentity(DcmItem& dataset) {
  core::SeriesIdentity id;
  id.patientId = readString(dataset, DCM_PatientID);
  id.patientName = readString(dataset, DCM_PatientName);
  id.patientBirthDate = readString(dataset, DCM_PatientBirthDate);
  id.patientSex = readString(dataset, DCM_PatientSex);
  id.studyInstanceUid = readString(dataset, DCM_StudyInstanceUID);
  id.studyId = readString(dataset, DCM_StudyID);
  id.studyDate = readString(dataset, DCM_StudyDate);
  id.studyTime = readString(dataset, DCM_StudyTime);
  id.studyDescription = readString(dataset, DCM_StudyDescription);
  id.accessionNumber = readString(dataset, DCM_AccessionNumber);
  id.referringPhysicianName = readString(dataset, DCM_ReferringPhysicianName);
  id.seriesInstanceUid = readString(dataset, DCM_SeriesInstanceUID);
  id.seriesDescription = readString(dataset, DCM_SeriesDescription);
  id.seriesNumber = readInt(dataset, DCM_SeriesNumber, 0);
  id.frameOfReferenceUid = readString(dataset, DCM_FrameOfReferenceUID);
  id.modality = readString(dataset, DCM_Modality);
  id.patientPosition = readString(dataset, DCM_PatientPosition);
  return id;
}

void refuseFile(const std::filesystem::path& file, const std::string& problem) {
  throw Error(ErrorCode::BadInput, file.filename().string() + ": " + problem);
}

std::unique_ptr<DcmFileFormat> loadObjectOfKind(const std::filesystem::path& file, const char* sopClassUid,
                                                const char* modality, const std::string& what) {
  prepareDcmtk();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw Error(ErrorCode::BadInput, file.string() + ": no such file");
  auto format = std::make_unique<DcmFileFormat>();
  const OFCondition status = format->loadFile(file.c_str());
  if (status.bad()) refuseFile(file, std::string("not readable as DICOM (") + status.text() + ")");
  DcmDataset& ds = *format->getDataset();
  const std::string foundClass = readString(ds, DCM_SOPClassUID);
  const std::string foundModality = readString(ds, DCM_Modality);
  if (foundClass != sopClassUid && foundModality != modality)
    refuseFile(file, "not " + what + " (SOP Class " + foundClass + ", modality " + foundModality + ")");
  return format;
}

std::string attributeName(const DcmTagKey& key) {
  DcmTag tag(key);
  char group[16];
  std::snprintf(group, sizeof group, "(%04X,%04X)", key.getGroup(), key.getElement());
  return std::string(tag.getTagName()) + " " + group;
}

}  // namespace kerma::dicom
