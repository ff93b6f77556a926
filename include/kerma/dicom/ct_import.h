#ifndef KERMA_DICOM_CT_IMPORT_H
#define KERMA_DICOM_CT_IMPORT_H

#include "kerma/core/image_series.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kerma::dicom {

/// A CT series read from files, in slice order along the slice normal.
struct CtSeries {
  core::CtImage image;
  std::vector<std::filesystem::path> files;   ///< one per slice, in slice order (k)
  std::vector<std::string> sopInstanceUids;   ///< one per slice, in slice order (k)
  std::vector<double> slicePositionsMm;       ///< position of each file along the slice normal
  std::vector<std::string> notes;             ///< accepted peculiarities, e.g. unequal spacing
  double loadSeconds = 0;                     ///< wall time of decoding this series
};

/// A series that was found but cannot be used as a planning CT, and why.
struct RefusedSeries {
  std::string seriesInstanceUid;  ///< empty when the files could not be grouped
  std::vector<std::filesystem::path> files;
  std::string reason;
};

struct CtScanResult {
  std::vector<CtSeries> series;
  std::vector<RefusedSeries> refused;
};

struct CtScanOptions {
  int threads = 0;  ///< decoding threads; 0 = hardware concurrency
};

/// Scans folder recursively, groups DICOM image files by Series Instance UID, orders each series
/// along its slice normal, applies Rescale Slope/Intercept and returns every usable CT series
/// with the series that were refused. Files that are not DICOM, and DICOM objects without pixel
/// data (RT Structure Sets, plans, ...), are skipped. Throws kerma::Error only when folder
/// cannot be read.
CtScanResult scanCtFolder(const std::filesystem::path& folder, const CtScanOptions& options = {});

/// The single planning CT in folder. Throws kerma::Error (BadInput) naming the folder when it
/// holds no usable CT series (with the reasons of the refused ones) or more than one.
CtSeries loadCtSeries(const std::filesystem::path& folder, const CtScanOptions& options = {});

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_CT_IMPORT_H
