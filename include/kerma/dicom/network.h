#ifndef KERMA_DICOM_NETWORK_H
#define KERMA_DICOM_NETWORK_H

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kerma::dicom {

/// Transport Layer Security for the associations with a node (DICOM PS3.15 Annex B, BCP 195
/// profile: TLS 1.2 or later), with both sides authenticated by certificates. Files are PEM.
struct TlsSettings {
  std::filesystem::path certificateFile;         ///< Kerma's certificate, as the peer will see it
  std::filesystem::path privateKeyFile;          ///< its private key, not encrypted
  std::filesystem::path trustedCertificateFile;  ///< the peer's certificate, or the authority that signed it
};

/// A remote DICOM application entity (a PACS, another planning system) and how to reach it.
struct DicomNode {
  std::string host = "127.0.0.1";
  int port = 104;
  std::string callingAeTitle = "KERMA";  ///< ours, at most 16 characters
  std::string calledAeTitle = "ANY-SCP"; ///< the peer's
  int timeoutSeconds = 30;               ///< for connecting and for each message
  std::optional<TlsSettings> tls;        ///< none: plain TCP
};

/// Every operation below throws kerma::Error (BadInput) naming the file when a TLS certificate or
/// key cannot be read or the key does not match the certificate, and (Io) when the peer's
/// certificate is not trusted or the TLS handshake fails.

/// C-ECHO: throws kerma::Error (Io) naming the node and the reason when it does not answer.
void verify(const DicomNode& node);

/// What became of one file sent with store().
struct StoreOutcome {
  std::filesystem::path file;
  std::string sopInstanceUid;
  bool stored = false;
  std::string status;  ///< "success", or the failure the peer or the network reported
};

/// C-STORE of files to node over one association, each in its own transfer syntax. Throws
/// kerma::Error (BadInput) naming the file when one is not DICOM, (Io) when the association
/// fails; a peer's refusal of one object is reported in its outcome.
std::vector<StoreOutcome> store(const DicomNode& node, const std::vector<std::filesystem::path>& files);

enum class QueryLevel { Patient, Study, Series, Image };

/// Attribute values by DICOM keyword, e.g. {"PatientID", "KERMA-DEMO-001"}.
using DicomAttributes = std::map<std::string, std::string>;

/// C-FIND (Study Root; Patient Root at patient level): keys holds matching values and the
/// attributes wanted back (empty values). Returns one map per match. Throws kerma::Error
/// (BadInput) for an unknown keyword, (Io) when the query fails.
std::vector<DicomAttributes> find(const DicomNode& node, QueryLevel level, const DicomAttributes& keys);

/// C-GET of the objects identified (StudyInstanceUID, and SeriesInstanceUID below study level)
/// into folder, received on the same association. Returns the files written. Throws
/// kerma::Error (Io) when the retrieval fails or brings nothing.
std::vector<std::filesystem::path> retrieve(const DicomNode& node, QueryLevel level,
                                            const DicomAttributes& identifiers,
                                            const std::filesystem::path& folder);

/// C-MOVE: asks node to send the objects identified to the application entity destinationAe,
/// which node must know (its configuration). Returns the number of objects node reports sent.
int move(const DicomNode& node, QueryLevel level, const DicomAttributes& identifiers,
         const std::string& destinationAe);

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_NETWORK_H
