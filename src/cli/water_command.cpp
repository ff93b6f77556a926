// kerma-cli water: an open field on a (slab) water phantom, the commissioning and Monte Carlo
// validation set-up; central-axis depth dose and lateral profiles (docs/cli.md).

#include "arguments.h"
#include "commands.h"
#include "json.h"

#include "kerma/core/error.h"
#include "kerma/core/resources.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/machine.h"
#include "kerma/dose/water_phantom.h"

#include <cmath>
#include <iostream>
#include <sstream>

namespace kerma::cli {

namespace {

double number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(v))
    throw Error(ErrorCode::BadInput, what + ": '" + text + "' is not a number");
  return v;
}

/// "100x100" → {100, 100}.
std::pair<double, double> fieldSize(const std::string& text) {
  const auto x = text.find('x');
  if (x == std::string::npos) throw Error(ErrorCode::BadInput, "--field-mm: '" + text + "'; expected WIDTHxLENGTH, e.g. 100x100");
  const double w = number(text.substr(0, x), "--field-mm"), l = number(text.substr(x + 1), "--field-mm");
  if (w <= 0 || l <= 0 || w > 400 || l > 400)
    throw Error(ErrorCode::BadInput, "--field-mm: '" + text + "'; expected sides in (0, 400] mm");
  return {w, l};
}

/// "0-50:1.0,50-150:0.26" → layers.
std::vector<dose::DensityLayer> layers(const std::string& text) {
  std::vector<dose::DensityLayer> out;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto dash = item.find('-', 1), colon = item.find(':');
    if (dash == std::string::npos || colon == std::string::npos || colon < dash)
      throw Error(ErrorCode::BadInput, "--layers: '" + item + "'; expected FROM-TO:DENSITY (mm, g/cm3)");
    dose::DensityLayer l{number(item.substr(0, dash), "--layers"),
                         number(item.substr(dash + 1, colon - dash - 1), "--layers"),
                         number(item.substr(colon + 1), "--layers")};
    if (l.toMm <= l.fromMm || l.rho < 0 || l.rho > 20)
      throw Error(ErrorCode::BadInput, "--layers: '" + item + "'; expected FROM < TO and a density in [0, 20] g/cm3");
    out.push_back(l);
  }
  return out;
}

}  // namespace

int runWater(const std::vector<std::string>& args) {
  const Arguments arguments(args, {"--json", "--point-source"},
                            {"--field-mm", "--ssd-mm", "--grid-mm", "--size-mm", "--layers", "--machine", "--threads"});
  dose::WaterPhantomSetup setup;
  std::tie(setup.fieldXMm, setup.fieldYMm) = fieldSize(arguments.required("--field-mm"));
  if (const auto v = arguments.value("--ssd-mm")) setup.ssdMm = number(*v, "--ssd-mm");
  if (const auto v = arguments.value("--grid-mm")) setup.gridMm = number(*v, "--grid-mm");
  if (const auto v = arguments.value("--size-mm")) setup.sizeMm = number(*v, "--size-mm");
  if (const auto v = arguments.value("--layers")) setup.layers = layers(*v);
  if (setup.gridMm < 1 || setup.gridMm > 5) throw Error(ErrorCode::BadInput, "--grid-mm: expected 1 to 5 mm");
  if (setup.sizeMm < 50 || setup.sizeMm > 600) throw Error(ErrorCode::BadInput, "--size-mm: expected 50 to 600 mm");
  if (setup.ssdMm < 500 || setup.ssdMm > 1500) throw Error(ErrorCode::BadInput, "--ssd-mm: expected 500 to 1500 mm");
  const int threads = arguments.integer("--threads").value_or(0);
  const std::string folder = arguments.value("--machine").value_or(core::defaultMachineFolder().string());
  const dose::Machine machine = dose::loadMachine(folder);
  dose::BeamModel model = dose::loadBeamModel(folder);
  if (arguments.flag("--point-source")) {
    model = model.pointSource();
  } else {
    setup.jawTransmission = machine.jawTransmission;
  }
  const dose::WaterPhantomDose result = dose::calculateWaterPhantom(setup, model, machine.sadMm, threads);

  const auto& g = result.doseGyPerMu.geometry();
  const double h = setup.gridMm;
  const double toPercent = 100 / result.gyPerMuAtDmax;
  auto depthOf = [&](int j) { return (j + 0.5) * h; };
  if (!arguments.flag("--json")) {
    std::cout << "d_max " << result.dmaxMm << " mm, " << result.gyPerMuAtDmax << " Gy/MU at d_max\n";
    for (double d : {50.0, 100.0, 200.0})
      std::cout << "PDD(" << d << " mm) " << result.doseAt(0, d, 0) * toPercent << " %\n";
    return 0;
  }
  JsonWriter json(std::cout);
  json.beginObject().key("pdd").beginArray();
  for (int j = 0; j < g.size()[1]; ++j)
    json.beginArray().value(depthOf(j)).value(result.doseAt(0, depthOf(j), 0) * toPercent).endArray();
  json.endArray().key("profiles").beginObject();
  for (const char* depth : {"15", "50", "100", "200"}) {
    const double d = std::stod(depth);
    if (d > g.size()[1] * h) continue;
    json.key(depth).beginArray();
    for (int i = 0; i < g.size()[0]; ++i) {
      const double x = g.originMm().x + i * h;
      json.beginArray().value(x).value(result.doseAt(x, d, 0) * toPercent).endArray();
    }
    json.endArray();
  }
  json.endObject().key("dmaxMm").value(result.dmaxMm).key("gyPerMuAtDmax").value(result.gyPerMuAtDmax);
  json.endObject();
  std::cout << "\n";
  return 0;
}

}  // namespace kerma::cli
