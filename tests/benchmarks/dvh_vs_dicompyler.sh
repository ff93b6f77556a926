#!/usr/bin/env bash
# Wall and CPU time of a whole DVH process for 6 structures on a 2.5 mm dose grid, files read
# included: `kerma-cli dvh` against a Python process running dicompyler-core's get_dvh over the
# same structures and files, in one run, best of N each.
# Usage: dvh_vs_dicompyler.sh BUILD_DIR [RUNS]
# Data: LUNG1-001's RS.dcm with two ROIs duplicated under new names (PTV = GTV-1, Cord-PRV =
# Spinal-Cord) to make six, and kerma_write_analytic_rtdose's dose on LUNG1-001's CT.
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [RUNS]}
runs=${2:-3}
shared=$(cd "$(dirname "$0")/../../.." && pwd)/shared
[[ -f "$shared/data/lung1-001/rtstruct/RS.dcm" ]] || { echo "shared LUNG1-001 data absent: $shared" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$shared/data/lung1-001/rtstruct/RS.dcm" "$work/RS6.dcm" <<'PY'
import copy, sys
import pydicom
ds = pydicom.dcmread(sys.argv[1])
for source, name in (("GTV-1", "PTV"), ("Spinal-Cord", "Cord-PRV")):
    roi = next(r for r in ds.StructureSetROISequence if r.ROIName == source)
    number = max(r.ROINumber for r in ds.StructureSetROISequence) + 1
    new = copy.deepcopy(roi); new.ROIName = name; new.ROINumber = number
    ds.StructureSetROISequence.append(new)
    contour = copy.deepcopy(next(c for c in ds.ROIContourSequence if c.ReferencedROINumber == roi.ROINumber))
    contour.ReferencedROINumber = number
    ds.ROIContourSequence.append(contour)
    obs = copy.deepcopy(next(o for o in ds.RTROIObservationsSequence if o.ReferencedROINumber == roi.ROINumber))
    obs.ReferencedROINumber = number; obs.ObservationNumber = number
    ds.RTROIObservationsSequence.append(obs)
ds.save_as(sys.argv[2])
PY
"$build/tests/eval/kerma_write_analytic_rtdose" --ct "$shared/data/lung1-001/ct" \
  --rtstruct "$shared/data/lung1-001/rtstruct/RS.dcm" --out "$work/RD.dcm" > /dev/null

cat > "$work/dicompyler_dvh.py" <<'PY'
import sys
from dicompylercore import dicomparser, dvhcalc
rtss, rtdose = dicomparser.DicomParser(sys.argv[1]), dicomparser.DicomParser(sys.argv[2])
for key, s in rtss.GetStructures().items():
    d = dvhcalc.get_dvh(rtss.ds, rtdose.ds, key)
    print(s["name"], d.volume, d.mean, d.max)
PY

best() {  # best wall and CPU (user + sys) seconds of running "$@" $runs times: "WALL CPU"
  local bw=999 bc=999
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" > /dev/null 2>&1
    read -r w u s < "$work/t"
    bw=$(awk -v a="$w" -v m="$bw" 'BEGIN { print (a < m) ? a : m }')
    bc=$(awk -v a="$u" -v b="$s" -v m="$bc" 'BEGIN { c = a + b; print (c < m) ? c : m }')
  done
  echo "$bw $bc"
}

read -r kw kc < <(best "$build/src/cli/kerma-cli" dvh --rtstruct "$work/RS6.dcm" --rtdose "$work/RD.dcm" --v 20 --json)
read -r pw pc < <(best /usr/bin/python3 "$work/dicompyler_dvh.py" "$work/RS6.dcm" "$work/RD.dcm")
structures=$("$build/src/cli/kerma-cli" dvh --rtstruct "$work/RS6.dcm" --rtdose "$work/RD.dcm" --json |
  /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)["structures"]))')
awk -v kw="$kw" -v kc="$kc" -v pw="$pw" -v pc="$pc" -v n="$structures" -v cpus="$(nproc)" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "structures: %d, CPUs: %d, load average at the end: %s\n", n, cpus, load
  printf "                      wall s   CPU s (user+sys)\n"
  printf "kerma-cli dvh         %6.3f   %6.3f\n", kw, kc
  printf "dicompyler get_dvh    %6.3f   %6.3f\n", pw, pc
  printf "dicompyler / kerma    %6.1f   %6.1f   (goal: at least 30)\n", pw / kw, pc / kc }'
