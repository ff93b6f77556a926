// The PDF plan report, rendered for the demo patient and read back with poppler's pdftotext and
// pdftoppm (Debian poppler-utils).

#include "kerma/report/plan_report.h"

#include "run_process.h"

#include "kerma/core/error.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/beams/beam_templates.h"

#include <QtGui/QImage>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace kerma::report {
namespace {

namespace fs = std::filesystem;

bool havePoppler() { return std::system("command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1") == 0; }

struct RenderedReport {
  fs::path folder = fs::temp_directory_path() / ("kerma-report-" + std::to_string(::getpid()));
  fs::path pdf = folder / "report.pdf";
  PlanReport report;
  phantom::DemoPatient patient = phantom::makeDemoPatient();

  // No QGuiApplication here: the report makes its own, as it does for kerma-cli.
  RenderedReport() {
    fs::create_directories(folder);
    const auto& target = patient.structures.back();  // GTV_Met
    const auto iso = *structure::centroidMm(target.mask);
    report.identity = patient.ct.identity;
    report.planLabel = "BOX4";
    report.planName = "Pelvis box";
    report.prescription = eval::parsePrescription("20Gy/5");
    report.prescription.target = target.name;
    report.machineName = "Generic 6 MV";
    report.machineVersion = "1.0.0";
    report.machineChecksum = std::string(64, 'a');
    report.leafBoundariesMm = {-20, -10, 0, 10, 20};
    report.doseAlgorithm = "synthetic test dose 0.1";
    report.normalisation = "D95 of GTV_Met = 20 Gy";
    const double mu[] = {101.5, 97.2, 99.8, 88.5};
    int b = 0;
    for (dose::Beam beam : beams::beamsFromTemplate(beams::BeamTemplate::Box4, iso)) {
      beam.jawsMm = {-25, 30, -20, 20};
      beam.leaves = dose::MlcLeaves{{-25, -22, -20, -18}, {28, 30, 26, 24}};
      beam.ssdMm = 900 + b;
      report.beams.push_back({beam, mu[b++], {}});
    }
    report.approvalStatus = "APPROVED";
    report.reviewerName = "PHYSICIST^ANNA";
    report.reviewDate = "2026-01-01";
    report.created = "2026-01-01 10:15";

    dose.identity = patient.ct.identity;
    const core::VolumeGeometry grid({60, 60, 40}, {iso.x - 118, iso.y - 118, iso.z - 78}, {4, 4, 4});
    dose.doseGy = core::Volume<float>(grid);
    for (int k = 0; k < 40; ++k)
      for (int j = 0; j < 60; ++j)
        for (int i = 0; i < 60; ++i) {
          const auto d = grid.patientPoint({i, j, k}) - iso;
          dose.doseGy.at({i, j, k}) = float(21 * std::exp(-d.dot(d) / (2 * 40.0 * 40.0)));
        }
    std::vector<std::vector<structure::PlanarContour>> contours;
    for (const auto& s : patient.structures) contours.push_back(s.contours);
    report.dvhs = eval::computeDvhs(contours, dose);
    eval::Constraint bladder;
    bladder.structure = "Bladder";
    bladder.metricText = "Dmax";
    bladder.metric = eval::parseDvhMetric("Dmax");
    bladder.max = 18;
    report.constraints.push_back({bladder, "Bladder", 17.5, eval::ConstraintOutcome::Pass});
    writePlanReport(report, patient.ct, dose, patient.structures, target.name, pdf);
  }
  ~RenderedReport() { fs::remove_all(folder); }

  eval::DoseDistribution dose;
};

const RenderedReport& rendered() {
  static const RenderedReport report;
  return report;
}

TEST(PlanReport, TextNamesPatientPrescriptionMachineBeamsAndApproval) {
  if (!havePoppler()) GTEST_SKIP() << "pdftotext absent (Debian poppler-utils)";
  const auto text = testing::runProcess("/usr/bin/pdftotext", {"-layout", rendered().pdf.string(), "-"});
  ASSERT_EQ(text.exitStatus, 0) << text.err;
  for (const std::string& expected : std::vector<std::string>{"Kerma plan report", "KERMA^DEMO", "KERMA-DEMO-001", "20 Gy / 5 fx", "GTV_Met", "Generic 6 MV",
        std::string(64, 'a'), "synthetic test dose 0.1", "LLAT", "101.5", "97.2", "387.0", "90.0",
        "Status: APPROVED", "PHYSICIST^ANNA", "Bladder", "Dmax", "PASS", "page 4 of 4", "D95 of GTV_Met = 20 Gy"})
    EXPECT_NE(text.out.find(expected), std::string::npos) << "missing '" << expected << "' in\n" << text.out;
}

TEST(PlanReport, FourPagesWithColourWashOnTheThird) {
  if (!havePoppler()) GTEST_SKIP() << "pdftoppm absent (Debian poppler-utils)";
  const fs::path prefix = rendered().folder / "page";
  const auto ppm = testing::runProcess("/usr/bin/pdftoppm", {"-r", "30", "-png", rendered().pdf.string(), prefix.string()});
  ASSERT_EQ(ppm.exitStatus, 0) << ppm.err;
  for (int page = 1; page <= 4; ++page) EXPECT_TRUE(fs::exists(prefix.string() + "-" + std::to_string(page) + ".png")) << page;
  EXPECT_FALSE(fs::exists(prefix.string() + "-5.png"));
  // Strongly coloured pixels (the wash) on page 3, none on page 1 (text only).
  const auto saturatedPixels = [&](int page) {
    const QImage image(QString::fromStdString(prefix.string() + "-" + std::to_string(page) + ".png"));
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) count += QColor(image.pixel(x, y)).hsvSaturation() > 100;
    return count;
  };
  EXPECT_GT(saturatedPixels(3), 200);
  EXPECT_EQ(saturatedPixels(1), 0);
  EXPECT_GT(saturatedPixels(4), 20);  // the DVH curves
}

TEST(PlanReport, RefusesDvhsThatDoNotMatchTheStructures) {
  const auto& r = rendered();
  PlanReport report = r.report;
  report.dvhs.pop_back();
  EXPECT_THROW(writePlanReport(report, r.patient.ct, r.dose, r.patient.structures, "GTV_Met", r.folder / "x.pdf"), Error);
}

}  // namespace
}  // namespace kerma::report
