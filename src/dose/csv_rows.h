#ifndef KERMA_DOSE_CSV_ROWS_H
#define KERMA_DOSE_CSV_ROWS_H

// Private to kerma_dose: the numeric CSV tables of machine folders and CT density curves.

#include <filesystem>
#include <vector>

namespace kerma::dose {

/// Rows of numbers of a CSV file, each with `columns` values; lines starting with '#' and the
/// first other line (the header) are skipped. Throws kerma::Error (Io) when the file cannot be
/// read and (BadInput) naming the file and line for a field that is not a number, a row of
/// another length, or no rows at all.
std::vector<std::vector<double>> readCsv(const std::filesystem::path& file, std::size_t columns);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_CSV_ROWS_H
