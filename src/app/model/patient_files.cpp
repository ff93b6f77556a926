#include "kerma/app/patient_files.h"

#include "kerma/app/structure_set_model.h"

#include "kerma/core/error.h"
#include "kerma/core/patient_identity.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/structure/contour_extraction.h"

#include <algorithm>
#include <cassert>
#include <set>

namespace kerma::app {

namespace fs = std::filesystem;

namespace {

// Whether readStructureSet refused file because it is not an RT Structure Set at all (a plan, a
// dose, a text file), as opposed to a broken one.
bool notAStructureSet(const Error& e) {
  const std::string message = e.what();
  return message.find("not an RT Structure Set") != std::string::npos ||
         message.find("not readable as DICOM") != std::string::npos;
}

}  // namespace

OpenedPatient openPatient(const std::optional<fs::path>& folder, const CombineQuestion& askToCombine) {
  OpenedPatient opened;
  if (!folder) {
    auto demo = phantom::makeDemoPatient();
    opened.ct = std::make_shared<const core::CtImage>(std::move(demo.ct));
    opened.structures = std::move(demo.structures);
    opened.source = "built-in demo patient";
    return opened;
  }
  auto series = dicom::loadCtSeries(*folder);
  opened.ct = std::make_shared<const core::CtImage>(std::move(series.image));
  opened.ctSopInstanceUids = std::move(series.sopInstanceUids);
  opened.source = folder->string();

  const std::set<fs::path> ctFiles(series.files.begin(), series.files.end());
  std::vector<fs::path> candidates;
  for (const auto& entry : fs::recursive_directory_iterator(*folder)) {
    if (entry.is_regular_file() && !ctFiles.contains(entry.path())) candidates.push_back(entry.path());
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<dicom::StructureSetFile> sets;
  for (const fs::path& file : candidates) {
    try {
      sets.push_back(dicom::readStructureSet(file));
    } catch (const Error& e) {
      if (!notAStructureSet(e)) opened.problems.push_back(e.what());
    }
  }
  // Every save writes a new set beside the old ones (the patient store keeps them all), so the
  // newest usable set is the patient's current structures.
  std::stable_sort(sets.begin(), sets.end(), [](const auto& a, const auto& b) { return a.createdAt > b.createdAt; });
  for (const dicom::StructureSetFile& set : sets) {
    if (opened.structureSetFile) {
      opened.problems.push_back(set.file.string() + ": an older RT Structure Set (" + set.createdAt + "); opened the newest, " +
                                opened.structureSetFile->string());
      continue;
    }
    try {
      const std::vector<std::string> differences = core::combineDifferences(set.identity, opened.ct->identity);
      const bool refused = set.identity.frameOfReferenceUid != opened.ct->identity.frameOfReferenceUid ||
                           !core::patientDifferences(set.identity, opened.ct->identity).empty();
      if (refused) {
        const std::string action = "RT Structure Set " + set.file.filename().string() + " with the CT of " + opened.source;
        if (!askToCombine || !askToCombine(action, differences)) {
          std::string list;
          for (const auto& d : differences) list += (list.empty() ? "" : "; ") + d;
          opened.problems.push_back(set.file.string() + ": another patient or Frame of Reference, not combined: " + list);
          continue;
        }
      }
      auto onCt = dicom::structuresOnCt(set, *opened.ct, refused ? differences : std::vector<std::string>{});
      opened.structures = std::move(onCt.structures);
      for (const auto* notices : {&onCt.repairs.warnings, &onCt.repairs.refused})
        for (const auto& notice : *notices) opened.repairs.push_back(notice.message);
      opened.structureSetFile = set.file;
      if (refused) opened.acceptedDifferences = differences;
    } catch (const Error& e) {
      opened.problems.push_back(e.what());
    }
  }
  return opened;
}

SavedStructureSet saveStructureSet(const core::CtImage& ct, std::vector<structure::Structure> structures,
                                   const std::vector<bool>& contoursStale,
                                   std::vector<std::string> ctSopInstanceUids,
                                   const fs::path& folder) {
  SavedStructureSet saved;
  if (ctSopInstanceUids.empty()) {
    ctSopInstanceUids = dicom::writeCtSeries(ct, folder).sopInstanceUids;
    saved.wroteCt = true;
  }
  structure::refreshContours(structures, contoursStale);
  saved.rtStructFile = dicom::writeRtStruct(structures, ct, ctSopInstanceUids, folder);
  saved.ctSopInstanceUids = std::move(ctSopInstanceUids);
  for (auto& s : structures) saved.contours.push_back(std::move(s.contours));
  return saved;
}

}  // namespace kerma::app
