#!/usr/bin/env bash
# Dose benchmark of docs/validation/dose.md: a 4-field box (MLC conformed to the PTV + 7 mm) on the
# demo patient's PTV (GTV_Met + 15 mm within bone, + 5 mm; as tests/cli/test_beams_command.cpp
# builds it), 2.5 mm dose grid over the whole BODY, 20 Gy in 5 normalised to the PTV's D95. Runs
# kerma-cli dose RUNS times on THREADS threads and prints, per run, the wall and CPU time of the
# process, the calculation stages of its JSON (density, calibration, fluence, TERMA,
# superposition, MU), the throughput of the superposition and the load average before the run
# (the machine may be shared: compare wall with CPU time).
# Usage: dose_box4.sh BUILD_DIR [RUNS] [THREADS]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [RUNS] [THREADS]}
runs=${2:-3}
threads=${3:-2}
cli="$build/src/cli/kerma-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" phantom --out "$work/demo" > /dev/null
"$cli" contour --ct "$work/demo" --rtstruct "$work"/demo/RS*.dcm --out "$work/RS_ptv.dcm" \
  --threshold Bone 150 3000 --expand GTV_Met 15 --within Bone --as CTV --expand CTV 5 --as PTV > /dev/null
for run in $(seq "$runs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$cli" dose --ct "$work/demo" --rtstruct "$work/RS_ptv.dcm" \
    --target PTV --template box4 --rx 20Gy/5 --grid-mm 2.5 --threads "$threads" --json > "$work/dose.json"
  python3 - "$work/dose.json" "$work/time" "$run" "$load" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
wall, user, system = map(float, open(sys.argv[2]).read().split()[-3:])
t = d["timingsS"]
g = d["grid"]["size"]
print(f"run {sys.argv[3]}: load {sys.argv[4]}, process {wall:.2f} s wall, {user + system:.2f} s CPU; "
      f"calculation {t['calculation']:.2f} s (density {t['density']:.2f}, calibration {t['calibration']:.2f}, "
      f"fluence {t['fluence']:.2f}, TERMA {t['terma']:.2f}, superposition {t['superposition']:.2f}, "
      f"MU {t['monitorUnits']:.2f}); grid {g[0]}x{g[1]}x{g[2]}; "
      f"{d['voxelDirectionsPerSecond']:.3g} voxel-directions/s; "
      "MU " + ", ".join("%s %.1f" % (b["name"], b["muPerFraction"]) for b in d["beams"]) +
      f"; PTV D95 {d['target']['d95Gy']:.2f} Gy")
PY
done
