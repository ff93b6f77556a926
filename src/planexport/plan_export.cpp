#include "kerma/planexport/plan_export.h"

#include "kerma/core/atomic_file.h"
#include "kerma/core/error.h"
#include "kerma/dicom/rtdose_export.h"
#include "kerma/dicom/rtimage_export.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dicom/spatial_registration.h"
#include "kerma/dose/delivery_limits.h"
#include "kerma/eval/constraints.h"
#include "kerma/eval/dvh.h"
#include "kerma/beams/beam_templates.h"
#include "kerma/beams/drr.h"
#include "kerma/report/plan_report.h"

#include <ctime>
#include <mutex>
#include <system_error>

namespace kerma::planexport {

namespace {

namespace fs = std::filesystem;

std::string now(const char* format) {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, format, std::localtime(&t));
  return text;
}

struct WrittenCumulative {
  fs::path rtdose;
  std::vector<fs::path> registrations;
};

// The cumulative EQD2 beside the plan (ExportOptions::cumulative), into folder: the registrations
// never saved first, so that the dose can reference every one.
WrittenCumulative writeCumulative(const core::CtImage& ct, const CumulativeDose& cumulative, const std::string& planUid,
                                  const fs::path& folder) {
  WrittenCumulative written;
  dicom::RtDoseExportOptions doseOptions;
  doseOptions.seriesDescription = "Kerma cumulative EQD2";
  doseOptions.referencedRtPlanUids = {planUid};
  doseOptions.referencedRtPlanUids.insert(doseOptions.referencedRtPlanUids.end(), cumulative.priorRtPlanUids.begin(),
                                          cumulative.priorRtPlanUids.end());
  for (const CumulativeRegistration& r : cumulative.registrations) {
    std::string uid = r.sopInstanceUid;
    if (uid.empty()) {
      dicom::SpatialRegistrationExportOptions options;
      options.contentDescription = r.description;
      options.contentDate = now("%Y%m%d");
      options.contentTime = now("%H%M%S");
      const fs::path file = folder / ("REG." + std::to_string(written.registrations.size() + 1) + ".dcm");
      uid = dicom::writeSpatialRegistration(r.registration, ct.identity, file, options).sopInstanceUid;
      written.registrations.push_back(file);
    }
    doseOptions.registrations.push_back({uid, r.registration.deformation != nullptr});
  }
  written.rtdose = dicom::writeRtDose(cumulative.eqd2, folder / ("RD_EQD2." + planUid + ".dcm"), doseOptions).file;
  return written;
}

// Reference-image geometry: a 40 cm field on 256 pixels, imager 150 cm from the source (kV
// panel distance of common linacs [typ]).
constexpr int DRR_SIZE_PX = 256;
constexpr double DRR_SID_MM = 1500;
// Shares of the progress bar: the DRRs take most of an export's time.
constexpr double DRR_START = 0.15, DRR_END = 0.9;

void moveFile(const fs::path& from, const fs::path& to) {
  std::error_code error;
  fs::rename(from, to, error);
  if (!error) return;
  // Another file system (a report outside the export folder): copy, then drop the original.
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
  if (error) throw Error(ErrorCode::Io, to.string() + ": cannot write: " + error.message());
  fs::remove(from, error);
}

void writeReport(const core::CtImage& ct, const plan::Plan& in, const std::vector<structure::Structure>& structures,
                 const std::optional<plan::Approval>& approval, const ExportOptions& options,
                 const dicom::RtPlan& rtPlan, const eval::DoseDistribution& dose,
                 const std::vector<beams::DrrImage>& drrs, const fs::path& file) {
  report::PlanReport r;
  r.identity = ct.identity;
  r.planLabel = rtPlan.label;
  r.planName = rtPlan.name;
  r.prescription = in.rx;
  r.machineName = in.machine.name;
  r.machineVersion = in.machine.version;
  r.machineChecksum = in.machine.checksum;
  r.sadMm = in.machine.sadMm;
  r.leafBoundariesMm = in.machine.mlc.leafBoundariesMm;
  r.doseAlgorithm = DOSE_ALGORITHM;
  r.normalisation = std::string(eval::normalisationName(in.rx.normalisation)) + " of " + in.rx.target + " = " +
                    eval::describe(in.rx);
  r.globalMax = plan::globalMaximum(in, structures);
  r.referencePoints = plan::referencePoints(in, options.referencePoints);
  r.pointDoses = plan::pointDoses(in, r.referencePoints);
  if (approval) r.acceptedGlobalMaxPercent = approval->acceptedGlobalMaxPercent;
  for (std::size_t b = 0; b < rtPlan.beams.size(); ++b) r.beams.push_back({rtPlan.beams[b].beam, rtPlan.beams[b].monitorUnits, drrs[b]});
  std::vector<std::vector<structure::PlanarContour>> contours;
  for (const auto& s : structures) contours.push_back(s.contours);
  r.dvhs = eval::computeDvhs(contours, dose);
  if (options.constraintTemplate) {
    const eval::ConstraintTemplate& tmpl = *options.constraintTemplate;
    const eval::ConstraintSet* set = eval::constraintsFor(tmpl, in.rx.fractions);
    if (!set)
      throw Error(ErrorCode::BadInput, "constraint template " + tmpl.name + " " + tmpl.version + " has no constraints for " +
                                           std::to_string(in.rx.fractions) +
                                           " fractions; expected a set for the prescription's fractions");
    std::vector<eval::NamedDvh> named;
    for (std::size_t s = 0; s < structures.size(); ++s) named.push_back({structures[s].name, &r.dvhs[s]});
    r.constraints = eval::evaluateConstraints(*set, named);
    r.constraintTemplate = tmpl.name + " " + tmpl.version;
  }
  r.approvalStatus = rtPlan.approval.status == dicom::ApprovalStatus::Approved ? "APPROVED" : "UNAPPROVED";
  r.reviewerName = rtPlan.approval.reviewerName;
  r.reviewDate = rtPlan.approval.reviewDate;
  r.created = now("%Y-%m-%d %H:%M");
  report::writePlanReport(r, ct, dose, structures, in.rx.target, file);
}

}  // namespace

std::optional<ExportedPlanFiles> exportPlan(const core::CtImage& ct, const plan::Plan& in,
                                            const std::vector<structure::Structure>& structures,
                                            const std::optional<plan::Approval>& approval,
                                            const ExportOptions& options, const fs::path& folder) {
  if (in.beams.empty() || in.muPerFraction.size() != in.beams.size() || in.beamGyPerMu.size() != in.beams.size() ||
      !options.writeStructureSet)
    throw Error(ErrorCode::BadInput, "plan export: expected beams with one MU and one Gy/MU volume each, and a "
                                     "structure set writer");
  const auto cancelled = [&](double fraction, std::string_view step) {
    return options.progress && !options.progress(fraction, step);
  };

  dicom::RtPlan rtPlan;
  rtPlan.identity = ct.identity;
  rtPlan.label = in.label;
  rtPlan.name = in.name;
  rtPlan.prescription = in.rx;
  rtPlan.machine = dicom::planMachine(in.machine);
  rtPlan.doseAlgorithm = DOSE_ALGORITHM;
  for (std::size_t b = 0; b < in.beams.size(); ++b) {
    const dose::Beam& beam = in.beams[b];
    const double mu = in.muPerFraction[b];
    // Beam Dose: this beam's dose per fraction at its isocentre.
    const double gyPerMu = core::sampleTrilinear(in.beamGyPerMu[b], beam.isocenterMm).value_or(0);
    rtPlan.beams.push_back({beam, mu, gyPerMu * mu});
  }
  // A blocking warning: nothing is written for a plan the machine could not deliver.
  plan::requireDeliverable(in);
  // Nothing is written as approved with a hot spot the reviewer did not accept.
  if (approval) plan::requireAcceptedHotSpot(in, structures, *approval, "cannot export plan " + in.label + " as approved");
  rtPlan.setupBeams = beams::setupBeams(in.beams.front().isocenterMm, in.beams.front().patientPosition);
  if (approval)
    rtPlan.approval = {dicom::ApprovalStatus::Approved, approval->reviewerName, approval->reviewDate, approval->reviewTime};
  if (cancelled(0, "structure set")) return std::nullopt;

  const core::StagingFolder staging(folder);
  const fs::path rtstruct = options.writeStructureSet(staging.path());
  const dicom::StructureSetFile structureSet = dicom::readStructureSet(rtstruct);
  rtPlan.structureSetSopInstanceUid = structureSet.sopInstanceUid;
  for (const auto& roi : structureSet.rois)
    if (roi.name == in.rx.target) rtPlan.targetRoiNumber = roi.roiNumber;
  if (cancelled(0.05, "RT Dose")) return std::nullopt;

  // Written in the order the references need: the plan's UID first, the dose referencing it,
  // then the plan referencing the dose and the structure set.
  ExportedPlanFiles out;
  out.planSopInstanceUid = dicom::planSopInstanceUid(rtPlan, dicom::InstanceUids::Fresh);
  for (const auto& beam : rtPlan.beams) out.beamDoseGy.push_back(beam.beamDoseGy);
  const eval::DoseDistribution dose = plan::doseDistribution(in, ct.identity);
  dicom::RtDoseExportOptions doseOptions;
  doseOptions.seriesDescription = "Kerma dose " + eval::describe(in.rx);
  doseOptions.referencedRtPlanUids = {out.planSopInstanceUid};
  const dicom::ExportedDose writtenDose =
      dicom::writeRtDose(dose, staging.path() / ("RD." + out.planSopInstanceUid + ".dcm"), doseOptions);
  rtPlan.doseSopInstanceUids = {writtenDose.sopInstanceUid};
  dicom::RtPlanExportOptions planOptions;
  planOptions.sopInstanceUid = out.planSopInstanceUid;
  const dicom::ExportedPlan writtenPlan = dicom::writeRtPlan(rtPlan, staging.path(), planOptions);
  std::optional<WrittenCumulative> cumulative;
  if (options.cumulative) cumulative = writeCumulative(ct, *options.cumulative, out.planSopInstanceUid, staging.path());

  std::vector<beams::DrrImage> drrs;
  std::vector<fs::path> images;
  beams::DrrOptions drrOptions;
  drrOptions.sizePx = DRR_SIZE_PX;
  drrOptions.sidMm = DRR_SID_MM;
  drrOptions.threads = options.drrThreads;
  std::vector<const dose::Beam*> imaged;
  for (const auto& beam : rtPlan.beams) imaged.push_back(&beam.beam);
  for (const auto& beam : rtPlan.setupBeams) imaged.push_back(&beam);
  for (std::size_t b = 0; b < imaged.size(); ++b) {
    // Asked before each image row by the DRR's threads, one at a time, so that progress moves
    // and a cancel stops within one image.
    const std::string step = "RT Image " + imaged[b]->name;
    std::mutex asking;
    int rowsStarted = 0;
    beams::DrrOptions imageOptions = drrOptions;  // its keepGoing refers to this iteration's locals
    imageOptions.keepGoing = [&] {
      const std::lock_guard lock(asking);
      const double imagesDone = double(b) + double(rowsStarted++) / DRR_SIZE_PX;
      return !cancelled(DRR_START + (DRR_END - DRR_START) * imagesDone / double(imaged.size()), step);
    };
    std::optional<beams::DrrImage> drr = beams::computeDrr(ct.hu, *imaged[b], rtPlan.machine.sadMm, imageOptions);
    if (!drr) return std::nullopt;
    drrs.push_back(std::move(*drr));
    images.push_back(dicom::writeRtImage(drrs.back(), *imaged[b], int(b) + 1, rtPlan, out.planSopInstanceUid, staging.path()).file);
  }
  std::optional<fs::path> stagedReport;
  if (options.reportFile) {
    if (cancelled(DRR_END, "report")) return std::nullopt;
    stagedReport = staging.path() / options.reportFile->filename();
    writeReport(ct, in, structures, approval, options, rtPlan, dose, drrs, *stagedReport);
  }
  if (cancelled(1, "moving into place")) return std::nullopt;

  // Everything is complete: move it in. Whatever else the structure-set writer put into the
  // staging folder (the workstation writes a CT that has no files yet) goes with it.
  if (stagedReport) {
    moveFile(*stagedReport, *options.reportFile);
    out.report = options.reportFile;
  }
  staging.moveIn();
  out.rtplan = staging.destination(writtenPlan.file);
  out.rtdose = staging.destination(writtenDose.file);
  out.rtstruct = staging.destination(rtstruct);
  for (const auto& image : images) out.rtimages.push_back(staging.destination(image));
  if (cumulative) {
    out.cumulativeRtDose = staging.destination(cumulative->rtdose);
    for (const auto& file : cumulative->registrations) out.registrations.push_back(staging.destination(file));
  }
  return out;
}

}  // namespace kerma::planexport
