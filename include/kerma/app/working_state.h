#ifndef KERMA_APP_WORKING_STATE_H
#define KERMA_APP_WORKING_STATE_H

#include "kerma/app/beam_plan_model.h"
#include "kerma/app/patient_store.h"
#include "kerma/core/image_series.h"
#include "kerma/core/volume.h"
#include "kerma/plan/reference_points.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerma::app {

/// The work in progress on the open patient that an autosave keeps until it is saved explicitly:
/// the structures with their masks exactly as edited, the plan's beams and target, and the
/// planner's reference points.
struct WorkingState {
  std::string patientId;
  std::string ctSeriesInstanceUid;  ///< the CT the masks lie on
  std::vector<structure::Structure> structures;  ///< masks on the CT grid; contours are not kept
  BeamPlanState beams;
  std::vector<plan::ReferencePoint> referencePoints;  ///< the planner's (plan::PlanRecord::referencePoints)
  int editCount = 0;        ///< committed edits (the undo stack's index) when it was taken
  std::string savedAtUtc;   ///< ISO 8601, e.g. "2026-11-27T21:40:03Z"
};

/// The recovery record of state: JSON (version 1) with each mask as run lengths along the voxel
/// order and the beams field by field. Kerma's own format rather than an RT Structure Set and an
/// RT Plan: contours re-extracted from a mask do not rasterise back to every voxel painted, and
/// an RT Plan needs monitor units, which a plan being edited does not have yet.
std::string encodeWorkingState(const WorkingState& state);

/// Reads a recovery record whose masks lie on grid. Throws kerma::Error (BadInput) naming origin
/// and the item when it is not one, or a mask does not have grid's voxel count.
WorkingState decodeWorkingState(std::string_view record, const core::VolumeGeometry& grid, const std::string& origin);

/// The unsaved work store holds for ct's patient, when its record is on ct (the same CT series);
/// nullopt when there is none or it belongs to another CT of the patient. Throws kerma::Error
/// (BadInput, naming the record) when the record is damaged.
std::optional<WorkingState> readRecoveredWork(const PatientStore& store, const core::CtImage& ct);

}  // namespace kerma::app

#endif  // KERMA_APP_WORKING_STATE_H
