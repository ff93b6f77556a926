// kerma-cli send / find / get / move: DICOM network exchange with a PACS or another system.
//   send --host H --port P --aet OURS --aec THEIRS [--timeout S] [--json] FILE|DIR...
//   find --host H --port P --aet OURS --aec THEIRS --level patient|study|series|image
//        [--key Keyword=Value]... [--json]
//   get  --host H --port P --aet OURS --aec THEIRS --study UID [--series UID] --out DIR [--json]
//   move --host H --port P --aet OURS --aec THEIRS --study UID [--series UID] --to AE [--json]

#include "arguments.h"
#include "commands.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/dicom/network.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace kerma::cli {

namespace {

namespace fs = std::filesystem;

const std::set<std::string> NODE_OPTIONS = {"--host", "--port", "--aet", "--aec", "--timeout",
                                            "--tls-cert", "--tls-key", "--tls-ca"};

std::set<std::string> withNodeOptions(std::set<std::string> options) {
  options.insert(NODE_OPTIONS.begin(), NODE_OPTIONS.end());
  return options;
}

dicom::DicomNode nodeFrom(const Arguments& arguments) {
  dicom::DicomNode node;
  node.host = arguments.required("--host");
  node.port = arguments.integer("--port").value_or(0);
  if (node.port <= 0 || node.port > 65535) throw Error(ErrorCode::BadInput, "option --port needs a port number 1-65535");
  node.callingAeTitle = arguments.value("--aet").value_or("KERMA");
  node.calledAeTitle = arguments.required("--aec");
  for (const std::string* ae : {&node.callingAeTitle, &node.calledAeTitle})
    if (ae->empty() || ae->size() > 16)
      throw Error(ErrorCode::BadInput, "AE title '" + *ae + "' must have 1 to 16 characters");
  node.timeoutSeconds = arguments.integer("--timeout").value_or(30);
  const auto certificate = arguments.value("--tls-cert"), key = arguments.value("--tls-key"),
             trusted = arguments.value("--tls-ca");
  if (certificate || key || trusted) {
    if (!certificate || !key || !trusted)
      throw Error(ErrorCode::BadInput, "TLS needs all three of --tls-cert, --tls-key and --tls-ca");
    node.tls = dicom::TlsSettings{*certificate, *key, *trusted};
  }
  return node;
}

dicom::QueryLevel levelFrom(const std::string& text) {
  if (text == "patient") return dicom::QueryLevel::Patient;
  if (text == "study") return dicom::QueryLevel::Study;
  if (text == "series") return dicom::QueryLevel::Series;
  if (text == "image") return dicom::QueryLevel::Image;
  throw Error(ErrorCode::BadInput, "option --level is '" + text + "'; expected patient, study, series or image");
}

// Study and, when given, series identify what get and move fetch.
std::pair<dicom::QueryLevel, dicom::DicomAttributes> identifiersFrom(const Arguments& arguments) {
  dicom::DicomAttributes ids{{"StudyInstanceUID", arguments.required("--study")}};
  if (const auto series = arguments.value("--series")) {
    ids["SeriesInstanceUID"] = *series;
    return {dicom::QueryLevel::Series, ids};
  }
  return {dicom::QueryLevel::Study, ids};
}

}  // namespace

int runSend(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, withNodeOptions({}));
  std::vector<fs::path> files;
  for (const auto& p : arguments.positionals()) {
    if (!fs::is_directory(p)) {
      files.emplace_back(p);
      continue;
    }
    for (const auto& e : fs::recursive_directory_iterator(p))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  if (files.empty()) throw Error(ErrorCode::BadInput, "no files to send");
  std::sort(files.begin(), files.end());
  const auto outcomes = dicom::store(nodeFrom(arguments), files);
  std::size_t failed = 0;
  for (const auto& o : outcomes) failed += !o.stored;
  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject().key("sent").value(outcomes.size() - failed).key("failed").beginArray();
    for (const auto& o : outcomes)
      if (!o.stored) json.beginObject().key("file").value(o.file.string()).key("status").value(o.status).endObject();
    json.endArray().endObject();
    std::cout << "\n";
  } else {
    std::cout << "sent " << outcomes.size() - failed << " of " << files.size() << " objects\n";
  }
  for (const auto& o : outcomes)
    if (!o.stored) std::cerr << "kerma-cli send: " << o.file.string() << ": " << o.status << "\n";
  return failed ? 2 : 0;
}

int runFind(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, withNodeOptions({"--level", "--key"}));
  dicom::DicomAttributes keys;
  for (const auto& key : arguments.values("--key")) {
    const auto equals = key.find('=');
    if (equals == std::string::npos || equals == 0)
      throw Error(ErrorCode::BadInput, "option --key is '" + key + "'; expected Keyword=Value (Value may be empty)");
    keys[key.substr(0, equals)] = key.substr(equals + 1);
  }
  const auto level = levelFrom(arguments.required("--level"));
  // The identifying attribute of each level always comes back.
  const char* identifying[] = {"PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"};
  keys.try_emplace(identifying[int(level)], "");
  const auto matches = dicom::find(nodeFrom(arguments), level, keys);
  if (!arguments.flag("--json")) {
    for (const auto& m : matches) {
      for (const auto& [k, v] : m) std::cout << k << "=" << v << "  ";
      std::cout << "\n";
    }
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject().key("matches").beginArray();
  for (const auto& m : matches) {
    json.beginObject();
    for (const auto& [k, v] : m) json.key(k).value(v);
    json.endObject();
  }
  json.endArray().endObject();
  std::cout << "\n";
  return 0;
}

int runGet(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, withNodeOptions({"--study", "--series", "--out"}));
  const auto [level, ids] = identifiersFrom(arguments);
  const auto files = dicom::retrieve(nodeFrom(arguments), level, ids, arguments.required("--out"));
  if (arguments.flag("--json")) {
    JsonWriter json(std::cout);
    json.beginObject().key("received").value(files.size()).key("files").beginArray();
    for (const auto& f : files) json.value(f.string());
    json.endArray().endObject();
    std::cout << "\n";
    return 0;
  }
  std::cout << "received " << files.size() << " objects into " << arguments.required("--out") << "\n";
  return 0;
}

int runMove(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json"}, withNodeOptions({"--study", "--series", "--to"}));
  const auto [level, ids] = identifiersFrom(arguments);
  const std::string destination = arguments.required("--to");
  const int moved = dicom::move(nodeFrom(arguments), level, ids, destination);
  if (!arguments.flag("--json")) {
    std::cout << "moved " << moved << " objects to " << destination << "\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject().key("moved").value(moved).key("destination").value(destination).endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
