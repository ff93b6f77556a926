#ifndef KERMA_CORE_RESOURCES_H
#define KERMA_CORE_RESOURCES_H

#include <filesystem>

namespace kerma::core {

/// The folder of the data files Kerma ships (treatment machines, constraint templates, CT-density
/// curves), found at run time so that an installed Kerma runs from anywhere: $KERMA_RESOURCES when
/// set, else share/kerma beside the folder of the running program (PREFIX/bin/../share/kerma as
/// installed; the build tree links src/share/kerma to resources/ for its programs). Throws
/// kerma::Error (Io) naming every place looked at when none holds them.
std::filesystem::path resourceFolder();

/// The machine `kerma` and `kerma-cli` plan with unless told otherwise: resourceFolder()/machines/generic-6mv.
std::filesystem::path defaultMachineFolder();
/// The CT-number to density curve of the dose engine: resourceFolder()/ct-density/generic-120kvp.csv.
std::filesystem::path defaultCtDensityCurve();
/// The constraint templates the workstation offers: resourceFolder()/constraints.
std::filesystem::path constraintTemplateFolder();

}  // namespace kerma::core

#endif  // KERMA_CORE_RESOURCES_H
