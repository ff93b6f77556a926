// DICOM networking against a real Orthanc started by the test on 127.0.0.1.

#include "kerma/dicom/network.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_export.h"
#include "kerma/dicom/rtstruct_export.h"
#include "kerma/phantom/demo_patient.h"

#include "orthanc_server.h"
#include "synthetic_ct.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <iterator>
#include <memory>
#include <optional>

namespace kerma::dicom {
namespace {

namespace fs = std::filesystem;

// The demo patient exported once: 96 CT slices and a structure set.
struct DemoExport {
  std::vector<fs::path> ctFiles;
  fs::path rtstruct;
  std::string patientId, studyUid, ctSeriesUid;
};

const DemoExport& demoExport() {
  static const DemoExport e = [] {
    const auto patient = phantom::makeDemoPatient();
    const auto folder = testing::makeTemporaryFolder("network-demo");
    const auto ct = writeCtSeries(patient.ct, folder, {InstanceUids::Reproducible, "PELVIS"});
    const auto rs = writeRtStruct(patient.structures, patient.ct, ct.sopInstanceUids, folder);
    return DemoExport{ct.files, rs, patient.ct.identity.patientId, patient.ct.identity.studyInstanceUid,
                      patient.ct.identity.seriesInstanceUid};
  }();
  return e;
}

DicomNode nodeOf(const testing::OrthancServer& server) {
  return DicomNode{"127.0.0.1", server.port(), "KERMA", server.aeTitle(), 30, {}};
}

// The dataset of a file (no meta header) as bytes in Explicit VR Little Endian.
std::string datasetBytes(const fs::path& file) {
  DcmFileFormat format;
  EXPECT_TRUE(format.loadFile(file.c_str()).good()) << file;
  const fs::path copy = file.string() + ".dataset";
  EXPECT_TRUE(format.getDataset()->saveFile(copy.c_str(), EXS_LittleEndianExplicit).good());
  std::ifstream in(copy, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(copy);
  return bytes;
}

std::string sopInstanceOf(const fs::path& file) {
  DcmFileFormat format;
  format.loadFile(file.c_str());
  OFString uid;
  format.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, uid);
  return uid.c_str();
}

// One PACS for the suite, started and filled with the demo patient once.
class NetworkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists("/usr/sbin/Orthanc")) return;
    destinationPort_ = testing::freeLocalPort();
    pacs_ = std::make_unique<testing::OrthancServer>("KERMAPACS",
                                                     std::vector<testing::KnownPeer>{{"KERMADEST", destinationPort_}});
    if (!pacs_->started()) return;
    std::vector<fs::path> files = demoExport().ctFiles;
    files.push_back(demoExport().rtstruct);
    outcomes_ = store(nodeOf(*pacs_), files);
  }
  static void TearDownTestSuite() { pacs_.reset(); }

  void SetUp() override {
    if (!fs::exists("/usr/sbin/Orthanc")) GTEST_SKIP() << "Orthanc is not installed (Debian package orthanc)";
    ASSERT_TRUE(pacs_->started()) << "Orthanc did not answer C-ECHO within 30 s";
    ASSERT_EQ(outcomes_.size(), demoExport().ctFiles.size() + 1);
    for (const auto& o : outcomes_) ASSERT_TRUE(o.stored) << o.file << ": " << o.status;
  }

  static inline std::unique_ptr<testing::OrthancServer> pacs_;
  static inline std::vector<StoreOutcome> outcomes_;
  static inline int destinationPort_ = 0;
};

TEST_F(NetworkTest, StoredObjectsAreAllInThePacs) {
  EXPECT_EQ(pacs_->storedFiles().size(), demoExport().ctFiles.size() + 1);
}

TEST_F(NetworkTest, FindsThePatientItsStudyAndItsTwoSeries) {
  const auto patients = find(nodeOf(*pacs_), QueryLevel::Patient, {{"PatientID", demoExport().patientId}, {"PatientName", ""}});
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0].at("PatientName"), "KERMA^DEMO PELVIS");
  const auto studies = find(nodeOf(*pacs_), QueryLevel::Study, {{"PatientID", demoExport().patientId}, {"StudyInstanceUID", ""}});
  ASSERT_EQ(studies.size(), 1u);
  EXPECT_EQ(studies[0].at("StudyInstanceUID"), demoExport().studyUid);
  const auto series = find(nodeOf(*pacs_), QueryLevel::Series,
                           {{"StudyInstanceUID", demoExport().studyUid}, {"SeriesInstanceUID", ""}, {"Modality", ""}});
  ASSERT_EQ(series.size(), 2u);
  std::set<std::string> modalities;
  for (const auto& s : series) modalities.insert(s.at("Modality"));
  EXPECT_EQ(modalities, (std::set<std::string>{"CT", "RTSTRUCT"}));
}

// Retrieves the demo CT series from node and compares each dataset with the file sent.
void expectCtSeriesComesBackByteForByte(const DicomNode& node) {
  const auto folder = testing::makeTemporaryFolder("network-get");
  const auto received = retrieve(node, QueryLevel::Series,
                                 {{"StudyInstanceUID", demoExport().studyUid}, {"SeriesInstanceUID", demoExport().ctSeriesUid}},
                                 folder);
  ASSERT_EQ(received.size(), demoExport().ctFiles.size());
  std::map<std::string, fs::path> original;
  for (const auto& f : demoExport().ctFiles) original[sopInstanceOf(f)] = f;
  for (const auto& f : received) {
    const auto sent = original.find(sopInstanceOf(f));
    ASSERT_NE(sent, original.end()) << f << " was never sent";
    EXPECT_EQ(datasetBytes(f), datasetBytes(sent->second)) << f << " differs from " << sent->second;
  }
}

TEST_F(NetworkTest, RetrievesTheCtSeriesByteForByte) { expectCtSeriesComesBackByteForByte(nodeOf(*pacs_)); }

TEST_F(NetworkTest, MovesTheStudyToAnotherConfiguredNode) {
  testing::OrthancServer destination("KERMADEST", {}, destinationPort_);
  ASSERT_TRUE(destination.started());
  const int moved = move(nodeOf(*pacs_), QueryLevel::Study, {{"StudyInstanceUID", demoExport().studyUid}}, "KERMADEST");
  EXPECT_EQ(moved, int(demoExport().ctFiles.size()) + 1);
  EXPECT_EQ(destination.storedFiles().size(), demoExport().ctFiles.size() + 1);
}

// A second PACS that accepts only TLS associations from clients whose certificate its
// authority signed (Orthanc's DicomTlsRemoteCertificateRequired).
class TlsNetworkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists("/usr/sbin/Orthanc")) return;
    certificates_ = testing::makeTestCertificates(testing::makeTemporaryFolder("network-tls"));
    if (certificates_)
      pacs_ = std::make_unique<testing::OrthancServer>("KERMATLS", std::vector<testing::KnownPeer>{}, 0, certificates_);
  }
  static void TearDownTestSuite() { pacs_.reset(); }

  void SetUp() override {
    if (!fs::exists("/usr/sbin/Orthanc")) GTEST_SKIP() << "Orthanc is not installed (Debian package orthanc)";
    ASSERT_TRUE(certificates_) << "the openssl command could not make the test certificates";
    ASSERT_TRUE(pacs_->started()) << "Orthanc with DICOM TLS did not answer a TLS C-ECHO within 30 s";
  }

  static DicomNode tlsNode() {
    DicomNode node = nodeOf(*pacs_);
    node.tls = certificates_->client;
    return node;
  }

  static inline std::optional<testing::TestCertificates> certificates_;
  static inline std::unique_ptr<testing::OrthancServer> pacs_;
};

TEST_F(TlsNetworkTest, StoresFindsAndRetrievesOverTls) {
  const auto outcomes = store(tlsNode(), demoExport().ctFiles);
  ASSERT_EQ(outcomes.size(), demoExport().ctFiles.size());
  for (const auto& o : outcomes) ASSERT_TRUE(o.stored) << o.file << ": " << o.status;
  const auto series = find(tlsNode(), QueryLevel::Series, {{"StudyInstanceUID", demoExport().studyUid}, {"SeriesInstanceUID", ""}});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].at("SeriesInstanceUID"), demoExport().ctSeriesUid);
  expectCtSeriesComesBackByteForByte(tlsNode());
}

TEST_F(TlsNetworkTest, PlainConnectionsAndStrangersAreRefused) {
  EXPECT_THROW(verify(nodeOf(*pacs_)), Error) << "a plain TCP association was accepted";
  const auto other = testing::makeTestCertificates(testing::makeTemporaryFolder("network-tls-other"));
  ASSERT_TRUE(other);
  // Kerma does not trust the PACS: its certificate is signed by an authority Kerma does not know.
  DicomNode stranger = tlsNode();
  stranger.tls->trustedCertificateFile = other->authorityFile;
  EXPECT_THROW(verify(stranger), Error);
  // The PACS does not trust Kerma: Kerma's certificate is signed by another authority.
  stranger = tlsNode();
  stranger.tls->certificateFile = other->client.certificateFile;
  stranger.tls->privateKeyFile = other->client.privateKeyFile;
  EXPECT_THROW(verify(stranger), Error);
  EXPECT_NO_THROW(verify(tlsNode()));
}

TEST(Network, TlsFilesAreCheckedBeforeConnecting) {
  const auto certificates = testing::makeTestCertificates(testing::makeTemporaryFolder("network-tls-files"));
  if (!certificates) GTEST_SKIP() << "the openssl command is absent";
  DicomNode node{"127.0.0.1", testing::freeLocalPort(), "KERMA", "NOBODY", 2, {}};
  auto expectBadInputNaming = [&](const fs::path& file) {
    try {
      verify(node);
      ADD_FAILURE() << "no error for " << file;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadInput) << e.what();
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
  };
  node.tls = certificates->client;
  node.tls->privateKeyFile = certificates->server.privateKeyFile;  // the key of another certificate
  expectBadInputNaming(node.tls->privateKeyFile);
  node.tls = certificates->client;
  node.tls->certificateFile = "/nonexistent/kerma.pem";
  expectBadInputNaming(node.tls->certificateFile);
}

TEST(Network, AnUnreachableNodeIsNamedInTheError) {
  const DicomNode nowhere{"127.0.0.1", testing::freeLocalPort(), "KERMA", "NOBODY", 2, {}};
  try {
    verify(nowhere);
    ADD_FAILURE() << "a closed port answered";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_NE(std::string(e.what()).find("NOBODY@127.0.0.1:" + std::to_string(nowhere.port)), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(find(nowhere, QueryLevel::Study, {{"NotAKeyword", ""}}), Error);
}

}  // namespace
}  // namespace kerma::dicom
