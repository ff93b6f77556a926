#include "csv_rows.h"

#include "kerma/core/error.h"

#include <fstream>
#include <sstream>
#include <string>

namespace kerma::dose {

namespace {

Error badInput(const std::filesystem::path& file, const std::string& what) {
  return Error(ErrorCode::BadInput, file.string() + ": " + what);
}

}  // namespace

std::vector<std::vector<double>> readCsv(const std::filesystem::path& file, std::size_t columns) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorCode::Io, file.string() + ": cannot be read");
  std::vector<std::vector<double>> rows;
  std::string line;
  bool header = true;
  int lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) {
      try {
        row.push_back(std::stod(field));
      } catch (const std::exception&) {
        throw badInput(file, "line " + std::to_string(lineNumber) + ": '" + field + "' is not a number");
      }
    }
    if (row.size() != columns)
      throw badInput(file, "line " + std::to_string(lineNumber) + " has " + std::to_string(row.size()) +
                               " values; expected " + std::to_string(columns));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw badInput(file, "no data rows");
  return rows;
}

}  // namespace kerma::dose
