#ifndef KERMA_DICOM_EXPORT_MODULES_H
#define KERMA_DICOM_EXPORT_MODULES_H

// Private to src/dicom: the DICOM modules and file handling that every exporter shares.

#include "kerma/core/image_series.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// Puts value into tag of item (an empty value gives a present, empty Type 2 element); throws
/// kerma::Error (Internal) naming the tag when DCMTK refuses.
void putString(DcmItem& item, const DcmTagKey& tag, const std::string& value);

/// Appends a new item to the sequence tag of parent and returns it.
DcmItem& appendItem(DcmItem& parent, const DcmTagKey& sequence);

/// A Decimal String value (at most 16 characters) for valueMm.
std::string decimalString(double value);

/// Decimal String values separated by backslashes, e.g. "1.5\\-2\\0" for a multi-valued DS.
std::string decimalStrings(const std::vector<double>& values);

/// SOP Common (character set, class, instance), Patient, General Study, General Equipment and
/// Frame of Reference modules from identity; modality-specific series modules are the caller's.
void putCommonModules(DcmItem& dataset, const core::SeriesIdentity& identity, const char* sopClassUid,
                      const std::string& sopInstanceUid);

/// Creates folder and its parents; throws kerma::Error (Io) naming it when that fails.
void createFolder(const std::filesystem::path& folder);

/// Saves file as Explicit VR Little Endian with a file meta header; throws kerma::Error (Io)
/// naming path when it cannot be written.
void saveExplicitLittleEndian(DcmFileFormat& file, const std::filesystem::path& path);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_EXPORT_MODULES_H
