#ifndef KERMA_DICOM_DATASET_READING_H
#define KERMA_DICOM_DATASET_READING_H

// Reading attribute values out of DCMTK items, shared by every reader in this module. Private to
// src/dicom: nothing outside the module sees DCMTK.

#include "kerma/core/image_series.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <array>
#include <filesystem>
#include <memory>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace kerma::dicom {

/// The value of tag as a string without DICOM's trailing padding; empty when absent.
std::string readString(DcmItem& item, const DcmTagKey& tag);
/// The integer value of a US, SS, UL, SL or IS attribute; fallback when absent.
int readInt(DcmItem& item, const DcmTagKey& tag, int fallback);
/// All values of a multi-valued US, SS, UL, SL or IS attribute; nullopt when absent or when any
/// value is not an integer.
std::optional<std::vector<long>> readIntegers(DcmItem& item, const DcmTagKey& tag);
/// The finite value of a DS/FD attribute; fallback when absent or not finite.
double readDecimal(DcmItem& item, const DcmTagKey& tag, double fallback);
/// All values of a multi-valued DS/FD attribute; nullopt when any is not a finite number.
std::optional<std::vector<double>> readDecimals(DcmItem& item, const DcmTagKey& tag);

/// Exactly N finite values of a multi-valued decimal attribute; nullopt otherwise.
template <std::size_t N>
std::optional<std::array<double, N>> readDecimalArray(DcmItem& item, const DcmTagKey& tag) {
  const auto values = readDecimals(item, tag);
  if (!values || values->size() != N) return std::nullopt;
  std::array<double, N> result{};
  std::copy(values->begin(), values->end(), result.begin());
  return result;
}

/// Items of a sequence attribute of item; empty when the sequence is absent.
std::vector<DcmItem*> itemsOf(DcmItem& item, const DcmTagKey& tag);

/// Patient, study, series and Frame of Reference attributes of a dataset (empty where absent).
core::SeriesIdentity readSeriesIdentity(DcmItem& dataset);

/// Throws kerma::Error (BadInput) whose message starts with the file's name.
[[noreturn]] void refuseFile(const std::filesystem::path& file, const std::string& problem);

/// Loads a DICOM object that must be of one kind: its SOP Class UID is sopClassUid or its
/// Modality is modality. Throws kerma::Error (BadInput) naming the file when it is absent, not
/// DICOM, or of another kind (`what` names the kind wanted, e.g. "an RT Dose").
std::unique_ptr<DcmFileFormat> loadObjectOfKind(const std::filesystem::path& file, const char* sopClassUid,
                                                const char* modality, const std::string& what);

/// "Name (gggg,eeee)" for messages, e.g. "PixelSpacing (0028,0030)".
std::string attributeName(const DcmTagKey& tag);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_DATASET_READING_H
