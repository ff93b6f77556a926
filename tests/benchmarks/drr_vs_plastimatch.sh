#!/usr/bin/env bash
# DRR of the demo patient, 512 x 512 over 400 mm at the isocentre (SAD = SID = 1000 mm), gantry 0:
# kerma-cli drr against plastimatch drr (exact ray tracing, CPU) on the same CT, in one run, best
# of N each. kerma-cli reports the ray-casting time alone ("seconds" in its JSON); both are also
# timed as whole processes (kerma-cli reads DICOM, plastimatch a pre-converted MHA).
# Usage: drr_vs_plastimatch.sh BUILD_DIR [RUNS] [THREADS]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [RUNS] [THREADS]}
runs=${2:-5}
threads=${3:-2}
cli="$build/src/cli/kerma-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" phantom --out "$work/demo" > /dev/null
mkdir "$work/ct" && cp "$work"/demo/CT.*.dcm "$work/ct/"
plastimatch convert --input "$work/ct" --output-img "$work/ct.mha" > /dev/null 2>&1
iso="24.48,-48.0,-87.93"  # GTV_Met centroid

best() {  # best wall time in seconds of running "$@" $runs times
  local best=999
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; print (d < m) ? d : m }')
  done
  printf '%.3f' "$best"
}

kermaCompute=999
kermaCpu=999
for _ in $(seq "$runs"); do
  out=$("$cli" drr --ct "$work/ct" --gantry 0 --isocenter "$iso" --size 512 --field-mm 400 --threads "$threads" \
          --out "$work/kerma.png" --json)
  s=$(sed -E 's/.*"seconds":([0-9.eE+-]+).*/\1/' <<< "$out")
  c=$(sed -E 's/.*"cpuSeconds":([0-9.eE+-]+).*/\1/' <<< "$out")
  kermaCompute=$(awk -v a="$s" -v m="$kermaCompute" 'BEGIN { print (a < m) ? a : m }')
  kermaCpu=$(awk -v a="$c" -v m="$kermaCpu" 'BEGIN { print (a < m) ? a : m }')
done
# CPU time of the whole plastimatch process (user + system), robust to other load on the machine.
plastimatchCpu=$( { /usr/bin/time -f "%U %S" plastimatch drr -I "$work/ct.mha" -O "$work/pl" -t pfm -i exact -A cpu \
                      -o "${iso//,/ }" -y 0 -r "512 512" -z "400 400" --sad 1000 --sid 1000 > /dev/null; } 2>&1 |
                  tail -1 | awk '{ print $1 + $2 }')
kermaWall=$(best "$cli" drr --ct "$work/ct" --gantry 0 --isocenter "$iso" --size 512 --field-mm 400 \
              --threads "$threads" --out "$work/kerma.png")
plastimatchWall=$(best plastimatch drr -I "$work/ct.mha" -O "$work/pl" -t pfm -i exact -A cpu \
                    -o "${iso//,/ }" -y 0 -r "512 512" -z "400 400" --sad 1000 --sid 1000)
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; kerma threads: $threads"
awk -v k="$kermaCompute" -v c="$kermaCpu" -v w="$kermaWall" -v p="$plastimatchWall" -v pc="$plastimatchCpu" 'BEGIN {
  printf "kerma ray casting (computeDrr):    %.3f s wall (goal: under 0.2 s), %.3f s CPU\n", k, c
  printf "kerma-cli drr, whole process:      %.3f s\n", w
  printf "plastimatch drr, whole process:    %.3f s wall, %.3f s CPU\n", p, pc }'
