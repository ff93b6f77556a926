// kerma-cli plan on the demo patient: the DICOM RT export it writes, read back and validated,
// and the PDF report.

#include "demo_folder.h"

#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtdose_import.h"
#include "kerma/dicom/rtplan_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/eval/gamma.h"
#include "kerma/plan/plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace kerma::cli {
namespace {

using nlohmann::json;
using testing::runProcess;

// Beam Meterset is written with 10 significant digits.
constexpr double STORED_MU_PRECISION = 1e-6;

bool haveProgram(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

TEST(PlanCommand, Box4WritesAConsistentRtExportAndAReport) {
  const auto folder = testing::makeTemporaryFolder("cli-plan");
  const auto out = folder / "export";
  const auto pdf = folder / "plan.pdf";
  const auto run = runProcess(KERMA_CLI_PATH, {"plan", "--ct", demoPatientFolder().string(), "--rtstruct",
                                               demoPatientStructureSet().string(), "--target", "GTV_Met", "--template",
                                               "box4", "--rx", "20Gy/5", "--grid-mm", "5", "--out", out.string(),
                                               "--report", pdf.string(), "--approved-by", "PHYSICIST^ANNA",
                                               "--ref-point", "Rectum:0.5,14,-34.3", "--ref-point", "Far:500,0,0", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc["beams"].size(), 4u);
  ASSERT_EQ(doc["rtimages"].size(), 6u);  // four treatment beams, two setup beams

  const auto plan = dicom::readRtPlan(doc["rtplan"].get<std::string>());
  EXPECT_TRUE(plan.notes.empty());
  ASSERT_EQ(plan.plan.beams.size(), 4u);
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_EQ(plan.plan.beams[b].beam.name, doc["beams"][b]["name"].get<std::string>());
    EXPECT_NEAR(plan.plan.beams[b].monitorUnits, doc["beams"][b]["muPerFraction"].get<double>(), STORED_MU_PRECISION);
    EXPECT_GT(plan.plan.beams[b].beamDoseGy, 0.5);  // about a quarter of 4 Gy per fraction
    EXPECT_LT(plan.plan.beams[b].beamDoseGy, 2.0);
    ASSERT_TRUE(plan.plan.beams[b].beam.leaves.has_value());
  }
  EXPECT_EQ(plan.plan.approval.status, dicom::ApprovalStatus::Approved);
  EXPECT_EQ(plan.plan.machine.name, "Generic 6 MV");
  EXPECT_EQ(plan.plan.machine.checksum.size(), 64u);
  EXPECT_EQ(plan.plan.prescription.totalDoseGy, 20);
  const auto rd = dicom::readRtDose(doc["rtdose"].get<std::string>());
  EXPECT_EQ(rd.referencedRtPlanUids, std::vector<std::string>{plan.sopInstanceUid});
  EXPECT_EQ(plan.plan.doseSopInstanceUids, std::vector<std::string>{rd.sopInstanceUid});
  EXPECT_EQ(plan.plan.structureSetSopInstanceUid, dicom::readStructureSet(doc["rtstruct"].get<std::string>()).sopInstanceUid);
  EXPECT_EQ(rd.dose.identity.frameOfReferenceUid, plan.plan.identity.frameOfReferenceUid);

  // Reference points: the isocentre's dose is the beams' Beam Dose summed, and the course's total
  // is what the RT Dose holds there; a point off the grid has none.
  const json& points = doc["referencePoints"];
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0]["name"], "Isocentre");
  EXPECT_EQ(points[1]["name"], "Rectum");
  double beamDoses = 0;
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_NEAR(points[0]["beamGyPerFraction"][b].get<double>(), plan.plan.beams[b].beamDoseGy, 1e-6);
    beamDoses += points[0]["beamGyPerFraction"][b].get<double>();
  }
  EXPECT_NEAR(points[0]["fractionGy"].get<double>(), beamDoses, 1e-9);
  EXPECT_NEAR(points[0]["totalGy"].get<double>(), 5 * beamDoses, 1e-9);
  for (const std::size_t n : {0u, 1u}) {
    const core::Point3<core::Patient> at{points[n]["positionMm"][0], points[n]["positionMm"][1], points[n]["positionMm"][2]};
    EXPECT_NEAR(*eval::sampleDoseGy(rd.dose, at), points[n]["totalGy"].get<double>(), 2e-3) << points[n]["name"];
  }
  EXPECT_TRUE(points[2]["totalGy"].is_null());

  if (haveProgram("dciodvfy")) {
    const auto check = runProcess("/usr/bin/dciodvfy", {doc["rtplan"].get<std::string>()});
    EXPECT_EQ((check.out + check.err).find("Error"), std::string::npos) << check.out << check.err;
  }
  if (haveProgram("pdftotext")) {
    const auto text = runProcess("/usr/bin/pdftotext", {"-layout", pdf.string(), "-"});
    ASSERT_EQ(text.exitStatus, 0) << text.err;
    for (const char* expected : {"Kerma plan report", "Generic 6 MV", "Status: APPROVED", "GTV_Met", "page 4 of 4",
                                 "Reference points", "Rectum"})
      EXPECT_NE(text.out.find(expected), std::string::npos) << expected << "\n" << text.out;
  }
}

// dicompyler-core (Debian python3-dicompylercore) reads Kerma's RT Structure Set and RT Dose and
// finds the target's V(prescription) within 1 % of the target volume of Kerma's own DVH.
TEST(PlanCommand, DicompylerCoreFindsTheSameTargetCoverage) {
  if (std::system("/usr/bin/python3 -c 'import dicompylercore' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "dicompyler-core absent (Debian python3-dicompylercore)";
  const auto folder = testing::makeTemporaryFolder("cli-plan-dicompyler");
  const auto out = folder / "export";
  const auto planRun = runProcess(KERMA_CLI_PATH, {"plan", "--ct", demoPatientFolder().string(), "--rtstruct",
                                                   demoPatientStructureSet().string(), "--target", "GTV_Met", "--template",
                                                   "box4", "--rx", "20Gy/5", "--grid-mm", "5", "--out", out.string(), "--json"});
  ASSERT_EQ(planRun.exitStatus, 0) << planRun.err;
  const json plan = json::parse(planRun.out);
  const std::string rs = plan["rtstruct"], rd = plan["rtdose"];
  const auto kermaRun = runProcess(KERMA_CLI_PATH, {"dvh", "--rtstruct", rs, "--rtdose", rd, "--v", "20", "--json"});
  ASSERT_EQ(kermaRun.exitStatus, 0) << kermaRun.err;
  double kermaCc = -1, kermaVolumeCc = 0;
  const json kermaDvh = json::parse(kermaRun.out);
  for (const auto& s : kermaDvh["structures"])
    if (s["name"] == "GTV_Met") {
      kermaVolumeCc = s["volumeCc"].get<double>();
      kermaCc = s["v"]["20Gy"].get<double>() / 100 * kermaVolumeCc;
    }
  ASSERT_GT(kermaCc, 0);
  const std::string script =
      "from dicompylercore import dicomparser, dvhcalc\n"
      "rs, rd = '" + rs + "', '" + rd + "'\n"
      "for number, roi in dicomparser.DicomParser(rs).GetStructures().items():\n"
      "    if roi['name'] == 'GTV_Met':\n"
      "        print(dvhcalc.get_dvh(rs, rd, number).statistic('V20Gy').value)\n";
  const auto peer = runProcess("/usr/bin/python3", {"-c", script});
  ASSERT_EQ(peer.exitStatus, 0) << peer.err;
  const double dicompylerCc = std::stod(peer.out);
  EXPECT_NEAR(dicompylerCc, kermaCc, 0.01 * kermaVolumeCc) << "Kerma " << kermaCc << " cc, dicompyler " << dicompylerCc;
}

TEST(PlanCommand, BadInputExitsTwo) {
  const auto folder = testing::makeTemporaryFolder("cli-plan-bad");
  const auto run = runProcess(KERMA_CLI_PATH, {"plan", "--ct", demoPatientFolder().string(), "--rtstruct",
                                               demoPatientStructureSet().string(), "--target", "PTV_Nope", "--template",
                                               "box4", "--rx", "20Gy/5", "--out", folder.string()});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("PTV_Nope"), std::string::npos) << run.err;
}

// The AP/PA pair on the demo's anterior metastasis: the same dose at the target from both beams
// makes a hot spot near the posterior skin (issue 18's 152 %), which the JSON names and approval
// must accept.
TEST(PlanCommand, AHotSpotIsReportedAndApprovalMustAcceptIt) {
  const auto folder = testing::makeTemporaryFolder("cli-plan-hot-spot");
  auto plan = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args{"plan", "--ct", demoPatientFolder().string(), "--rtstruct",
                                  demoPatientStructureSet().string(), "--target", "GTV_Met", "--template", "ap-pa",
                                  "--rx", "20Gy/5", "--grid-mm", "5", "--out", (folder / out).string(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runProcess(KERMA_CLI_PATH, args);
  };
  const auto unapproved = plan("unapproved", {});
  ASSERT_EQ(unapproved.exitStatus, 0) << unapproved.err;
  const json maximum = json::parse(unapproved.out)["globalMax"];
  const double gy = maximum["gy"], percent = maximum["percent"];
  EXPECT_GT(percent, 130);
  EXPECT_NEAR(percent, 100 * gy / 20, 1e-9);
  EXPECT_NE(unapproved.err.find("warning: global maximum"), std::string::npos) << unapproved.err;
  EXPECT_NE(unapproved.err.find("above 110 %"), std::string::npos) << unapproved.err;
  // The exported RT Dose holds that dose at that point, and nothing hotter inside the patient
  // there than its grid's maximum.
  const auto rd = dicom::readRtDose(json::parse(unapproved.out)["rtdose"].get<std::string>());
  const core::Point3<core::Patient> at{maximum["positionMm"][0], maximum["positionMm"][1], maximum["positionMm"][2]};
  EXPECT_NEAR(*eval::sampleDoseGy(rd.dose, at), gy, 1e-3 * gy);
  float gridMax = 0;
  for (const float v : rd.dose.doseGy.values()) gridMax = std::max(gridMax, v);
  EXPECT_LE(gy, gridMax * (1 + 1e-6));

  // --optimise-weights: AP carries more of the dose, the maximum comes down (plan::optimiseWeights
  // is tested against every split of the weights in test_plan).
  const auto optimised = plan("optimised", {"--optimise-weights"});
  ASSERT_EQ(optimised.exitStatus, 0) << optimised.err;
  const json optimisedPlan = json::parse(optimised.out);
  EXPECT_LT(optimisedPlan["globalMax"]["percent"].get<double>(), percent - 20);
  EXPECT_GT(optimisedPlan["beams"][0]["muPerFraction"].get<double>(), optimisedPlan["beams"][1]["muPerFraction"].get<double>());

  const auto refused = plan("refused", {"--approved-by", "PHYSICIST^ANNA"});
  EXPECT_EQ(refused.exitStatus, 2);
  EXPECT_NE(refused.err.find("cannot export plan KERMA as approved: the global maximum"), std::string::npos)
      << refused.err;
  EXPECT_FALSE(std::filesystem::exists(folder / "refused"));

  const std::string accepted = std::to_string(int(std::lround(percent)));
  const auto pdf = folder / "approved.pdf";
  const auto approved = plan("approved", {"--approved-by", "PHYSICIST^ANNA", "--accept-global-max", accepted, "--report",
                                          pdf.string()});
  ASSERT_EQ(approved.exitStatus, 0) << approved.err;
  EXPECT_EQ(dicom::readRtPlan(json::parse(approved.out)["rtplan"].get<std::string>()).plan.approval.status,
            dicom::ApprovalStatus::Approved);
  if (haveProgram("pdftotext")) {
    const auto text = runProcess("/usr/bin/pdftotext", {"-layout", pdf.string(), "-"});
    char gyText[32];
    std::snprintf(gyText, sizeof gyText, "%.2f Gy (", gy);
    EXPECT_NE(text.out.find(std::string("Global maximum (inside BODY): ") + gyText), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Hot spot above 110 % of the prescription, accepted at approval (" + accepted + " %)"),
              std::string::npos)
        << text.out;
  }
}

// Two revisions of the AP/PA plan (equal and optimised weights) compared: each structure's
// statistics are those kerma-cli dvh finds in each file, the differences theirs, and the gamma
// pass rate kerma-cli gamma's; a dose compared with itself agrees everywhere.
TEST(CompareCommand, TwoRevisionsAgreeWithDvhAndGammaOfEachFile) {
  const auto folder = testing::makeTemporaryFolder("cli-compare");
  auto doseFile = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args{"dose", "--ct", demoPatientFolder().string(), "--rtstruct",
                                  demoPatientStructureSet().string(), "--target", "GTV_Met", "--template", "ap-pa",
                                  "--rx", "20Gy/5", "--grid-mm", "5", "--out", (folder / name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_EQ(runProcess(KERMA_CLI_PATH, args).exitStatus, 0);
    return (folder / name).string();
  };
  const std::string a = doseFile("A.dcm", {}), b = doseFile("B.dcm", {"--optimise-weights"});
  const std::string rs = demoPatientStructureSet().string();
  const auto run = runProcess(KERMA_CLI_PATH, {"compare", a, b, "--rtstruct", rs, "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json compared = json::parse(run.out);

  const json gamma = json::parse(runProcess(KERMA_CLI_PATH, {"gamma", a, b, "--json"}).out);
  EXPECT_EQ(compared["gamma"]["passRatePercent"], gamma["passRatePercent"]);
  EXPECT_LT(compared["gamma"]["passRatePercent"].get<double>(), 99);  // the weights moved the dose
  EXPECT_LT(compared["differenceGy"]["min"].get<double>(), 0);
  EXPECT_GT(compared["differenceGy"]["max"].get<double>(), 0);

  auto dvhOf = [&](const std::string& dose) {
    std::map<std::string, json> byName;
    const auto dvh = runProcess(KERMA_CLI_PATH, {"dvh", "--rtstruct", rs, "--rtdose", dose, "--json"});
    EXPECT_EQ(dvh.exitStatus, 0) << dvh.err;
    const json doc = json::parse(dvh.out);
    for (const auto& s : doc["structures"]) byName[s["name"].get<std::string>()] = s;
    return byName;
  };
  const auto inA = dvhOf(a), inB = dvhOf(b);
  ASSERT_EQ(compared["structures"].size(), inA.size());
  for (const auto& s : compared["structures"]) {
    const std::string name = s["name"];
    for (const char* key : {"meanGy", "maxGy", "d98Gy", "d95Gy", "d50Gy", "d2Gy", "d0.03ccGy"}) {
      EXPECT_NEAR(s["reference"][key].get<double>(), inA.at(name)[key].get<double>(), 1e-9) << name << " " << key;
      EXPECT_NEAR(s["evaluated"][key].get<double>(), inB.at(name)[key].get<double>(), 1e-9) << name << " " << key;
      EXPECT_NEAR(s["difference"][key].get<double>(), inB.at(name)[key].get<double>() - inA.at(name)[key].get<double>(),
                  1e-9);
    }
  }

  const json self = json::parse(runProcess(KERMA_CLI_PATH, {"compare", a, a, "--rtstruct", rs, "--json"}).out);
  EXPECT_EQ(self["gamma"]["passRatePercent"], 100);
  EXPECT_EQ(self["differenceGy"]["min"], 0);
  EXPECT_EQ(self["differenceGy"]["max"], 0);
}

TEST(PlanCommand, DosePerFractionAboveTheMachineLimitWritesNothingAndExitsTwo) {
  const auto folder = testing::makeTemporaryFolder("cli-plan-limit");
  const auto out = folder / "export";
  // 30 Gy in one fraction: above the generic machine's maxDosePerFractionGy of 25 Gy.
  const auto run = runProcess(KERMA_CLI_PATH, {"plan", "--ct", demoPatientFolder().string(), "--rtstruct",
                                               demoPatientStructureSet().string(), "--target", "GTV_Met", "--template",
                                               "box4", "--rx", "30Gy/1", "--grid-mm", "5", "--out", out.string()});
  EXPECT_EQ(run.exitStatus, 2);
  EXPECT_NE(run.err.find("maxDosePerFractionGy"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("30"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(out)) << "files were written for a plan outside the machine's limits";
}

// Issue 18's field-in-field on the clinical case's 4-field box (the PTV kerma-cli contour builds:
// D2 % 108 % with open fields): the target becomes homogeneous with at most 3 subfields per beam,
// each segment deliverable, and the exported RT Plan, read back by Kerma's own import and
// recomputed by the engine at its Beam Meterset, gives the exported RT Dose (gamma 1 %/1 mm).
TEST(PlanCommand, FieldInFieldMakesTheBox4HomogeneousAndItsRtPlanRecomputesToItsDose) {
  const auto folder = testing::makeTemporaryFolder("cli-plan-fif");
  const auto rtstruct = folder / "RS_ptv.dcm";
  const auto contour = runProcess(KERMA_CLI_PATH, {"contour", "--ct", demoPatientFolder().string(), "--rtstruct",
                                                   demoPatientStructureSet().string(), "--out", rtstruct.string(),
                                                   "--threshold", "Bone", "150", "3000", "--expand", "GTV_Met", "15",
                                                   "--within", "Bone", "--as", "CTV", "--expand", "CTV", "5", "--as", "PTV"});
  ASSERT_EQ(contour.exitStatus, 0) << contour.err;
  const auto run = runProcess(KERMA_CLI_PATH, {"plan", "--ct", demoPatientFolder().string(), "--rtstruct", rtstruct.string(),
                                               "--target", "PTV", "--template", "box4", "--rx", "20Gy/5", "--out",
                                               (folder / "export").string(), "--fif", "105:3", "--json"});
  ASSERT_EQ(run.exitStatus, 0) << run.err;
  const json doc = json::parse(run.out);
  const json& fif = doc["fieldInField"];
  EXPECT_EQ(fif["levelPercent"], 105);
  EXPECT_EQ(fif["maxSubfields"], 3);
  EXPECT_GT(fif["before"]["d2Percent"].get<double>(), 107);
  EXPECT_LE(fif["after"]["d2Percent"].get<double>(), 107);
  EXPECT_GE(fif["after"]["d98Percent"].get<double>(), 95);
  EXPECT_TRUE(fif["homogeneous"].get<bool>());
  ASSERT_EQ(fif["beams"].size(), 4u);

  const auto rp = dicom::readRtPlan(doc["rtplan"].get<std::string>());
  EXPECT_TRUE(rp.notes.empty()) << rp.notes.front();
  ASSERT_EQ(rp.plan.beams.size(), 4u);
  std::size_t subfields = 0;
  for (std::size_t b = 0; b < 4; ++b) {
    const json& segmentMu = doc["beams"][b]["segmentMu"];
    const auto& beam = rp.plan.beams[b].beam;
    SCOPED_TRACE(beam.name);
    ASSERT_EQ(beam.subfields.size() + 1, segmentMu.size());
    EXPECT_LE(beam.subfields.size(), 3u);
    subfields += beam.subfields.size();
    double sum = 0;
    for (const json& mu : segmentMu) {
      EXPECT_GE(mu.get<double>(), 2);  // the generic machine's minMuPerSegment
      sum += mu.get<double>();
    }
    EXPECT_NEAR(sum, rp.plan.beams[b].monitorUnits, 1e-6 * sum);
    for (std::size_t s = 0; s < beam.subfields.size(); ++s)
      EXPECT_NEAR(beam.subfields[s].metersetShare * rp.plan.beams[b].monitorUnits, segmentMu[s + 1].get<double>(), 1e-5);
  }
  EXPECT_GE(subfields, 1u);

  // The imported beams' dose per MU from the engine, at the RT Plan's metersets.
  const dicom::CtSeries ct = dicom::loadCtSeries(demoPatientFolder());
  const auto structures = dicom::structuresOnCt(dicom::readStructureSet(rtstruct), ct.image).structures;
  const eval::DoseEngineData engine{dose::loadMachine(KERMA_MACHINE_DIR), dose::loadBeamModel(KERMA_MACHINE_DIR),
                                    dose::loadCtDensityCurve(KERMA_RESOURCE_DIR "/ct-density/generic-120kvp.csv")};
  std::vector<dose::Beam> beams;
  for (const auto& planned : rp.plan.beams) beams.push_back(planned.beam);
  eval::Prescription rx = rp.plan.prescription;
  rx.target = "PTV";
  const plan::Plan recomputed = plan::computePlan(ct.image, structures, beams, rx, engine, 2.5).value();
  core::Volume<float> doseGy(recomputed.doseGy.geometry(), 0.f);
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const double muCourse = rp.plan.beams[b].monitorUnits * rx.fractions;
    for (std::size_t v = 0; v < doseGy.values().size(); ++v)
      doseGy.values()[v] += float(muCourse * recomputed.beamGyPerMu[b].values()[v]);
  }
  const auto rd = dicom::readRtDose(doc["rtdose"].get<std::string>());
  const eval::GammaResult gamma = eval::gammaIndex(rd.dose.doseGy, doseGy, {1, 1, 10, 2, 0});
  EXPECT_GE(gamma.passRatePercent(), 99) << gamma.evaluated << " voxels evaluated";
  RecordProperty("gammaPassRate1pc1mm", std::to_string(gamma.passRatePercent()));
}

}  // namespace
}  // namespace kerma::cli
