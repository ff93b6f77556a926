#include "kerma/dicom/network.h"

#include "codecs.h"
#include "dataset_reading.h"

#include "kerma/core/error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include <algorithm>
#include <memory>
#include <set>

namespace kerma::dicom {

namespace fs = std::filesystem;

namespace {

std::string describe(const DicomNode& node) {
  return node.calledAeTitle + "@" + node.host + ":" + std::to_string(node.port);
}

[[noreturn]] void fail(const DicomNode& node, const std::string& what, const OFCondition& status) {
  throw Error(ErrorCode::Io, describe(node) + ": " + what + " (" + status.text() + ")");
}

const OFList<OFString>& uncompressedSyntaxes() {
  static const OFList<OFString> syntaxes = [] {
    OFList<OFString> s;
    s.push_back(UID_LittleEndianExplicitTransferSyntax);
    s.push_back(UID_BigEndianExplicitTransferSyntax);
    s.push_back(UID_LittleEndianImplicitTransferSyntax);
    return s;
  }();
  return syntaxes;
}

// The storage SOP classes Kerma reads and writes; a C-GET can bring any of them back.
constexpr const char* STORAGE_CLASSES[] = {
    UID_CTImageStorage, UID_RTStructureSetStorage, UID_RTPlanStorage, UID_RTDoseStorage,
    UID_RTImageStorage, UID_MRImageStorage, UID_SecondaryCaptureImageStorage,
};

// The TLS layer of an association with node, or null for plain TCP.
std::unique_ptr<DcmTLSTransportLayer> tlsLayer(const DicomNode& node) {
  if (!node.tls) return nullptr;
  const TlsSettings& tls = *node.tls;
  auto layer = std::make_unique<DcmTLSTransportLayer>(NET_REQUESTOR, nullptr, OFTrue);
  auto require = [&](const OFCondition& status, const fs::path& file, const std::string& what) {
    if (status.bad()) throw Error(ErrorCode::BadInput, file.string() + ": " + what + " (" + status.text() + ")");
  };
  require(layer->setPrivateKeyFile(tls.privateKeyFile.c_str(), DCF_Filetype_PEM), tls.privateKeyFile,
          "cannot read the TLS private key (PEM, not encrypted)");
  require(layer->setCertificateFile(tls.certificateFile.c_str(), DCF_Filetype_PEM), tls.certificateFile,
          "cannot read the TLS certificate (PEM)");
  if (!layer->checkPrivateKeyMatchesCertificate())
    throw Error(ErrorCode::BadInput, tls.privateKeyFile.string() + ": the TLS private key does not belong to " +
                                         tls.certificateFile.string());
  require(layer->addTrustedCertificateFile(tls.trustedCertificateFile.c_str(), DCF_Filetype_PEM),
          tls.trustedCertificateFile, "cannot read the trusted certificate (PEM)");
  layer->setCertificateVerification(DCV_requireCertificate);
  OFCondition status = layer->setTLSProfile(TSP_Profile_BCP195);
  if (status.good()) status = layer->activateCipherSuites();
  if (status.bad()) fail(node, "cannot set up TLS", status);
  return layer;
}

// DcmSCU with its TLS hook in reach: DcmTLSSCU would hide which file a TLS failure is about.
struct Scu : DcmSCU {
  using DcmSCU::useSecureConnection;
};

// An SCU configured for node, not yet associated. The TLS layer is declared first so that it
// outlives the SCU, which uses it until its association is released.
struct Client {
  const DicomNode& node;
  std::unique_ptr<DcmTLSTransportLayer> tls;
  Scu scu;

  explicit Client(const DicomNode& peer) : node(peer), tls((prepareDcmtk(), tlsLayer(peer))) {
    scu.setAETitle(node.callingAeTitle.c_str());
    scu.setPeerHostName(node.host.c_str());
    scu.setPeerPort(static_cast<Uint16>(node.port));
    scu.setPeerAETitle(node.calledAeTitle.c_str());
    scu.setConnectionTimeout(node.timeoutSeconds);
    scu.setACSETimeout(static_cast<Uint32>(node.timeoutSeconds));
    scu.setDIMSETimeout(static_cast<Uint32>(node.timeoutSeconds));
    scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  }

  void associate() {
    OFCondition status = scu.initNetwork();
    if (status.bad()) fail(node, "cannot start the network", status);
    if (tls) {
      status = scu.useSecureConnection(tls.get());
      if (status.bad()) fail(node, "cannot use TLS", status);
    }
    status = scu.negotiateAssociation();
    if (status.bad())
      fail(node, tls ? "association refused or unreachable, or the TLS handshake failed (is each certificate trusted by the other side?)"
                     : "association refused or unreachable",
           status);
  }
};

// Closes the association whatever happens to the exchange.
struct Association {
  DcmSCU& scu;
  ~Association() {
    if (scu.isConnected()) scu.releaseAssociation();
  }
};

DcmTagKey tagOfKeyword(const std::string& keyword) {
  const DcmDataDictionary& dictionary = dcmDataDict.rdlock();
  const DcmDictEntry* entry = dictionary.findEntry(keyword.c_str());
  const DcmTagKey key = entry ? entry->getKey() : DcmTagKey();
  dcmDataDict.rdunlock();
  if (!entry) throw Error(ErrorCode::BadInput, "'" + keyword + "' is not a DICOM attribute keyword");
  return key;
}

const char* levelName(QueryLevel level) {
  switch (level) {
    case QueryLevel::Patient: return "PATIENT";
    case QueryLevel::Study: return "STUDY";
    case QueryLevel::Series: return "SERIES";
    case QueryLevel::Image: return "IMAGE";
  }
  return "STUDY";
}

DcmDataset queryDataset(QueryLevel level, const DicomAttributes& keys) {
  DcmDataset query;
  query.putAndInsertString(DCM_QueryRetrieveLevel, levelName(level));
  for (const auto& [keyword, value] : keys) query.putAndInsertString(tagOfKeyword(keyword), value.c_str());
  return query;
}

const char* findModel(QueryLevel level) {
  return level == QueryLevel::Patient ? UID_FINDPatientRootQueryRetrieveInformationModel
                                      : UID_FINDStudyRootQueryRetrieveInformationModel;
}

}  // namespace

void verify(const DicomNode& node) {
  Client client(node);
  Scu& scu = client.scu;
  scu.addPresentationContext(UID_VerificationSOPClass, uncompressedSyntaxes());
  client.associate();
  Association closing{scu};
  const OFCondition status = scu.sendECHORequest(0);
  if (status.bad()) fail(node, "C-ECHO failed", status);
}

std::vector<StoreOutcome> store(const DicomNode& node, const std::vector<fs::path>& files) {
  struct Prepared {
    fs::path file;
    std::string sopClass, sopInstance, transferSyntax;
  };
  std::vector<Prepared> prepared;
  Client client(node);
  Scu& scu = client.scu;
  std::set<std::pair<std::string, std::string>> contexts;
  for (const auto& file : files) {
    DcmFileFormat format;
    const OFCondition status = format.loadFileUntilTag(file.c_str(), EXS_Unknown, EGL_noChange, 4096,
                                                       ERM_autoDetect, DCM_PixelData);
    if (status.bad())
      throw Error(ErrorCode::BadInput, file.string() + ": not readable as DICOM (" + status.text() + ")");
    DcmDataset& ds = *format.getDataset();
    Prepared p{file, readString(ds, DCM_SOPClassUID), readString(ds, DCM_SOPInstanceUID),
               DcmXfer(ds.getOriginalXfer()).getXferID()};
    if (p.sopClass.empty() || p.sopInstance.empty())
      throw Error(ErrorCode::BadInput, file.string() + ": SOPClassUID or SOPInstanceUID is missing");
    // Each file travels in its own transfer syntax, with uncompressed ones as a fallback.
    if (contexts.insert({p.sopClass, p.transferSyntax}).second) {
      OFList<OFString> syntaxes;
      syntaxes.push_back(p.transferSyntax.c_str());
      scu.addPresentationContext(p.sopClass.c_str(), syntaxes);
      scu.addPresentationContext(p.sopClass.c_str(), uncompressedSyntaxes());
    }
    prepared.push_back(std::move(p));
  }
  if (prepared.empty()) return {};
  client.associate();
  Association closing{scu};
  std::vector<StoreOutcome> outcomes;
  for (const auto& p : prepared) {
    StoreOutcome outcome{p.file, p.sopInstance, false, ""};
    T_ASC_PresentationContextID context = scu.findPresentationContextID(p.sopClass.c_str(), p.transferSyntax.c_str());
    if (context == 0) context = scu.findAnyPresentationContextID(p.sopClass.c_str(), UID_LittleEndianExplicitTransferSyntax);
    if (context == 0) {
      outcome.status = "the peer accepts no transfer syntax for SOP class " + p.sopClass;
      outcomes.push_back(outcome);
      continue;
    }
    Uint16 responseStatus = 0;
    const OFCondition status = scu.sendSTORERequest(context, p.file.c_str(), nullptr, responseStatus);
    outcome.stored = status.good() && responseStatus == STATUS_Success;
    outcome.status = status.bad() ? std::string(status.text())
                     : responseStatus == STATUS_Success
                         ? "success"
                         : "refused by the peer with status 0x" + std::to_string(responseStatus);
    outcomes.push_back(outcome);
    if (status.bad()) break;  // the association is gone
  }
  return outcomes;
}

std::vector<DicomAttributes> find(const DicomNode& node, QueryLevel level, const DicomAttributes& keys) {
  DcmDataset query = queryDataset(level, keys);
  Client client(node);
  Scu& scu = client.scu;
  scu.addPresentationContext(findModel(level), uncompressedSyntaxes());
  client.associate();
  Association closing{scu};
  const T_ASC_PresentationContextID context = scu.findPresentationContextID(findModel(level), "");
  if (context == 0)
    throw Error(ErrorCode::Io, describe(node) + ": the peer does not accept C-FIND at " + levelName(level) + " level");
  OFList<QRResponse*> responses;
  const OFCondition status = scu.sendFINDRequest(context, &query, &responses);
  std::vector<DicomAttributes> matches;
  for (QRResponse* r : responses) {
    if (r->m_dataset) {
      DicomAttributes match;
      for (const auto& [keyword, value] : keys) match[keyword] = readString(*r->m_dataset, tagOfKeyword(keyword));
      matches.push_back(std::move(match));
    }
    delete r;
  }
  if (status.bad()) fail(node, "C-FIND failed", status);
  return matches;
}

std::vector<fs::path> retrieve(const DicomNode& node, QueryLevel level, const DicomAttributes& identifiers,
                               const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw Error(ErrorCode::Io, folder.string() + ": cannot create folder (" + ec.message() + ")");
  DcmDataset query = queryDataset(level, identifiers);
  Client client(node);
  Scu& scu = client.scu;
  scu.setStorageDir(folder.c_str());
  // Bit-preserving: what the peer sends is written as it arrives.
  scu.setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
  scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel, uncompressedSyntaxes());
  for (const char* sopClass : STORAGE_CLASSES)
    scu.addPresentationContext(sopClass, uncompressedSyntaxes(), ASC_SC_ROLE_SCP);
  client.associate();
  Association closing{scu};
  const T_ASC_PresentationContextID context =
      scu.findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
  if (context == 0) throw Error(ErrorCode::Io, describe(node) + ": the peer does not accept C-GET");
  std::set<fs::path> before;
  for (const auto& e : fs::directory_iterator(folder)) before.insert(e.path());
  OFList<RetrieveResponse*> responses;
  const OFCondition status = scu.sendCGETRequest(context, &query, &responses);
  for (RetrieveResponse* r : responses) delete r;
  if (status.bad()) fail(node, "C-GET failed", status);
  std::vector<fs::path> received;
  for (const auto& e : fs::directory_iterator(folder))
    if (!before.count(e.path())) received.push_back(e.path());
  std::sort(received.begin(), received.end());
  if (received.empty()) throw Error(ErrorCode::Io, describe(node) + ": C-GET brought no object back");
  return received;
}

int move(const DicomNode& node, QueryLevel level, const DicomAttributes& identifiers, const std::string& destinationAe) {
  DcmDataset query = queryDataset(level, identifiers);
  Client client(node);
  Scu& scu = client.scu;
  scu.addPresentationContext(UID_MOVEStudyRootQueryRetrieveInformationModel, uncompressedSyntaxes());
  client.associate();
  Association closing{scu};
  const T_ASC_PresentationContextID context =
      scu.findPresentationContextID(UID_MOVEStudyRootQueryRetrieveInformationModel, "");
  if (context == 0) throw Error(ErrorCode::Io, describe(node) + ": the peer does not accept C-MOVE");
  OFList<RetrieveResponse*> responses;
  const OFCondition status = scu.sendMOVERequest(context, destinationAe.c_str(), &query, &responses);
  int completed = 0;
  Uint16 finalStatus = STATUS_Success;
  for (RetrieveResponse* r : responses) {
    completed = std::max(completed, int(r->m_numberOfCompletedSubops));
    finalStatus = r->m_status;
    delete r;
  }
  if (status.bad()) fail(node, "C-MOVE to " + destinationAe + " failed", status);
  if (finalStatus != STATUS_Success)
    throw Error(ErrorCode::Io, describe(node) + ": C-MOVE to " + destinationAe + " ended with status 0x" +
                                   std::to_string(finalStatus));
  return completed;
}

}  // namespace kerma::dicom
